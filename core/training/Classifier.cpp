#include "Classifier.h"

#include "ClassifierData.h"
#include "ClassifierInternal.h"
#include "ClassifierNets.h"

#include "diffusion/DiffusionModel.h"
#include "diffusion/TensorFile.h"

#include "common/Json.h"
#include "common/Numbers.h"
#include "common/Seeds.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/cuda.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

#include <chrono>
#include <cmath>

namespace synset {

using namespace classifier;

namespace classifier {

double scheduledRate(double base, int64_t step, int64_t warmup, int64_t total)
{
    if (step < warmup)
        return base * double(step + 1) / double(warmup);
    const double progress = double(step - warmup) / double(std::max<int64_t>(1, total - warmup));
    return base * 0.5 * (1 + std::cos(M_PI * std::min(1.0, progress)));
}

torch::Device pickDevice(const std::string &name)
{
    // "cuda:1": a rank's own GPU on a node of several.
    if (name.rfind("cuda:", 0) == 0 && name.size() > 5 &&
        name.find_first_not_of("0123456789", 5) == std::string::npos)
        return torch::Device(torch::kCUDA, torch::DeviceIndex(std::stoi(name.substr(5))));
    const bool cuda = name == "cuda" || (name == "auto" && torch::cuda::is_available());
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

Result<void> checkPixels(const ImageSet &data, const char *what)
{
    const int64_t n = int64_t(data.count());
    const int64_t size = int64_t(data.channels) * data.height * data.width;
    if (data.streamed()
            ? (int64_t(data.sourceWidths.size()) != n || int64_t(data.sourceHeights.size()) != n)
            : int64_t(data.pixels.size()) != n * size)
        return makeError(std::string(what) + ": the images do not match the labels");
    return {};
}

std::unique_ptr<DecodePool> poolFor(const ImageSet &data, const torch::Device &device)
{
    if (!data.streamed())
        return nullptr;
    return std::make_unique<DecodePool>(defaultDecodeThreads(device.is_cuda()));
}

Result<ClassifierEvaluation> evaluateNet(NetBase &net, const ImageSet &data, const Spec &spec,
                                         const torch::Device &device, const ProgressFn &progress,
                                         const CancelToken *cancel)
{
    const int classes = spec.classes;
    const int64_t n = int64_t(data.count());
    if (Result<void> ok = checkPixels(data, "evaluation data"); !ok)
        return makeError(ok.error());
    const std::unique_ptr<DecodePool> pool = poolFor(data, device);
    torch::NoGradGuard guard;
    const bool wasTraining = net.is_training();
    net.eval();
    ClassifierEvaluation ev;
    ev.numClasses = classes;
    ev.predicted.resize(size_t(n));
    ev.confidence.resize(size_t(n));
    ev.top5Classes.assign(size_t(n) * 5, -1);
    const int64_t batch = 256;
    const int k = std::min(5, classes);
    int64_t top5Hits = 0;
    for (int64_t b = 0; b < n; b += batch) {
        if (isCancelled(cancel)) {
            net.train(wasTraining);
            return makeError("evaluation cancelled");
        }
        const int64_t m = std::min(batch, n - b);
        const torch::Tensor x =
            evaluationBatch(data, b, m, spec.imagenetInput(), pool.get(), &ev.unreadable)
                .to(device);
        const torch::Tensor probs = torch::softmax(net.forward(x), 1).to(torch::kCPU);
        const auto [values, indices] = probs.topk(k, 1);
        const auto vi = values.accessor<float, 2>();
        const auto ii = indices.accessor<int64_t, 2>();
        for (int64_t i = 0; i < m; ++i) {
            const size_t row = size_t(b + i);
            ev.predicted[row] = int(ii[i][0]);
            ev.confidence[row] = vi[i][0];
            for (int j = 0; j < k; ++j) {
                ev.top5Classes[row * 5 + size_t(j)] = int(ii[i][j]);
                if (ii[i][j] == data.labels[row])
                    ++top5Hits;
            }
        }
        reportProgress(progress, double(b + m) / double(n), "Evaluating");
    }
    net.train(wasTraining);
    ClassifierEvaluation summary = summarizePredictions(data.labels, ev.predicted, classes);
    ev.top1 = summary.top1;
    ev.confusion = std::move(summary.confusion);
    ev.perClass = std::move(summary.perClass);
    ev.perClassCount = std::move(summary.perClassCount);
    ev.top5 = n ? double(top5Hits) / double(n) : 0.0;
    return ev;
}

Json optionsJson(const ClassifierTrainOptions &o)
{
    Json j;
    j["model"] = o.model;
    j["width"] = o.effectiveWidth();
    j["epochs"] = o.epochs;
    j["batch_size"] = o.batchSize;
    j["optimizer"] = o.optimizer;
    j["learning_rate"] = o.effectiveLearningRate();
    j["momentum"] = o.momentum;
    j["weight_decay"] = o.effectiveWeightDecay();
    j["warmup_epochs"] = o.warmupEpochs;
    j["label_smoothing"] = o.labelSmoothing;
    j["augmentation"] = o.augmentation;
    j["seed"] = o.seed;
    return j;
}

} // namespace classifier

// ---- Options ---------------------------------------------------------------------------------

double ClassifierTrainOptions::effectiveLearningRate() const
{
    if (learningRate > 0)
        return learningRate;
    return optimizer == "adamw" ? 1e-3 : 0.1 * batchSize / 256.0;
}

double ClassifierTrainOptions::effectiveWeightDecay() const
{
    if (weightDecay >= 0)
        return weightDecay;
    return optimizer == "adamw" ? 0.05 : 5e-4;
}

int ClassifierTrainOptions::effectiveWidth() const
{
    return width > 0 ? width : defaultWidth(model);
}

Result<void> checkClassifierOptions(const ClassifierTrainOptions &o)
{
    if (o.model != "cnn" && o.model != "resnet18" && o.model != "resnet50")
        return makeError("unknown model '" + o.model + "' (use cnn, resnet18 or resnet50)");
    if (o.optimizer != "sgd" && o.optimizer != "adamw")
        return makeError("unknown optimizer '" + o.optimizer + "' (use sgd or adamw)");
    if (o.augmentation != "dino" && o.augmentation != "light" && o.augmentation != "none")
        return makeError("unknown augmentation '" + o.augmentation + "' (use dino, light or none)");
    if (o.epochs < 1 || o.batchSize < 1)
        return makeError("epochs and batch size must be at least 1");
    if (o.width < 0 || o.width > 1024)
        return makeError("width must be between 1 and 1024");
    if (o.labelSmoothing < 0 || o.labelSmoothing >= 1)
        return makeError("label smoothing must be in [0, 1)");
    if (o.decodeThreads < 0 || o.decodeThreads > 256)
        return makeError("decode threads must be between 0 (automatic) and 256");
    if (o.checkpointSteps < 0)
        return makeError("checkpoint steps cannot be negative");
    if (o.device != "auto" && o.device != "cpu" && o.device != "cuda")
        return makeError("unknown device '" + o.device + "' (use auto, cpu or cuda)");
    if (o.device == "cuda" && !torch::cuda::is_available())
        return makeError("CUDA was asked for, but this LibTorch has no usable GPU");
    return {};
}

ClassifierEvaluation summarizePredictions(const std::vector<int> &labels,
                                          const std::vector<int> &predicted, int numClasses)
{
    ClassifierEvaluation ev;
    ev.numClasses = numClasses;
    const size_t k = size_t(std::max(0, numClasses));
    ev.confusion.assign(k * k, 0);
    ev.perClassCount.assign(k, 0);
    ev.perClass.assign(k, std::nan(""));
    int64_t hits = 0, counted = 0;
    for (size_t i = 0; i < labels.size() && i < predicted.size(); ++i) {
        const int t = labels[i], p = predicted[i];
        if (t < 0 || t >= numClasses || p < 0 || p >= numClasses)
            continue;
        ++ev.confusion[size_t(t) * k + size_t(p)];
        ++ev.perClassCount[size_t(t)];
        ++counted;
        hits += t == p;
    }
    for (size_t c = 0; c < k; ++c)
        if (ev.perClassCount[c] > 0)
            ev.perClass[c] = double(ev.confusion[c * k + c]) / double(ev.perClassCount[c]);
    ev.top1 = counted ? double(hits) / double(counted) : 0.0;
    return ev;
}

int64_t classifierForwardMacs(const std::string &model, int width, int channels, int height,
                              int imageWidth, int numClasses)
{
    const int64_t w = width > 0 ? width : defaultWidth(model);
    int64_t h = height, x = imageWidth, macs = 0;
    const auto convMacs = [&](int64_t in, int64_t out, int64_t kernel) {
        macs += h * x * in * out * kernel * kernel;
    };
    const auto halve = [&] {
        h = (h + 1) / 2;
        x = (x + 1) / 2;
    };
    if (model == "cnn") {
        convMacs(channels, w, 3);
        convMacs(w, w, 3);
        h /= 2, x /= 2;
        convMacs(w, 2 * w, 3);
        convMacs(2 * w, 2 * w, 3);
        h /= 2, x /= 2;
        convMacs(2 * w, 4 * w, 3);
        return macs + 4 * w * numClasses;
    }
    const bool bottleneck = model == "resnet50";
    if (std::min(height, imageWidth) <= 64) {
        convMacs(channels, w, 3);
    } else {
        halve();
        convMacs(channels, w, 7);
        halve();
    }
    const int depth[4] = {bottleneck ? 3 : 2, bottleneck ? 4 : 2, bottleneck ? 6 : 2,
                          bottleneck ? 3 : 2};
    int64_t in = w;
    for (int stage = 0; stage < 4; ++stage) {
        const int64_t planes = w << stage, out = bottleneck ? planes * 4 : planes;
        for (int i = 0; i < depth[stage]; ++i) {
            if (bottleneck)
                convMacs(in, planes, 1);
            if (i == 0 && stage > 0)
                halve();
            if (bottleneck) {
                convMacs(planes, planes, 3);
                convMacs(planes, out, 1);
            } else {
                convMacs(in, planes, 3);
                convMacs(planes, planes, 3);
            }
            if (in != out || (i == 0 && stage > 0))
                convMacs(in, out, 1);
            in = out;
        }
    }
    return macs + in * numClasses;
}

Result<ImageSet> augmentPreview(const ImageSet &images, const std::string &augmentation,
                                uint64_t seed)
{
    const int64_t n = int64_t(images.count());
    if (n == 0 ||
        int64_t(images.pixels.size()) != n * images.channels * images.height * images.width)
        return makeError("augmentation preview: the pixels do not match the image count");
    try {
        torch::NoGradGuard guard;
        at::Generator g = at::detail::createCPUGenerator(seed);
        const torch::Tensor x =
            torch::from_blob(const_cast<uint8_t *>(images.pixels.data()),
                             {n, images.channels, images.height, images.width}, torch::kUInt8)
                .to(torch::kFloat32)
                .div(255.0);
        const torch::Tensor y =
            augment(x, Augment::preset(augmentation, images.height, images.width), g);
        ImageSet out = images;
        const torch::Tensor u8 =
            ((y + 1) * 127.5).round().clamp(0, 255).to(torch::kUInt8).contiguous();
        std::memcpy(out.pixels.data(), u8.data_ptr<uint8_t>(), out.pixels.size());
        return out;
    } catch (const c10::Error &e) {
        return makeError(std::string("augmentation preview: ") + e.what_without_backtrace());
    }
}

// ---- Loading a trained model -----------------------------------------------------------------

struct Classifier::Impl
{
    Spec spec;
    std::vector<std::string> wnids;
    std::shared_ptr<NetBase> net;
    torch::Device device{torch::kCPU};
};

Classifier::Classifier() = default;
Classifier::~Classifier() = default;

Result<std::unique_ptr<Classifier>> Classifier::load(const std::filesystem::path &path,
                                                     const std::string &device)
{
    useAllCores();
    Result<tensorfile::Contents> contents = tensorfile::load(path);
    if (!contents)
        return makeError(contents.error());
    const auto meta = contents->metadata.find("synset");
    Result<Json> j = parseStoredJson(meta == contents->metadata.end() ? "" : meta->second);
    if (!j || json::string(*j, "format") != kModelFormat)
        return makeError(path.string() + ": not a Synset Studio classifier model");
    std::unique_ptr<Classifier> c(new Classifier);
    c->m_impl = std::make_unique<Impl>();
    Impl &d = *c->m_impl;
    d.spec = Spec::fromJson(json::member(*j, "spec"));
    if (d.spec.model != "cnn" && d.spec.model != "resnet18" && d.spec.model != "resnet50")
        return makeError(path.string() + ": unknown model '" + d.spec.model + "'");
    if (!d.spec.plausible())
        return makeError(path.string() + ": the model's sizes are out of range");
    for (const Json &w : json::elements(json::member(*j, "class_wnids")))
        d.wnids.push_back(json::stringOf(w));
    try {
        d.net = makeNet(d.spec);
        if (Result<void> r = loadState(*d.net, contents->tensors, path); !r)
            return makeError(r.error());
        d.device = pickDevice(device);
        d.net->to(d.device);
        d.net->eval();
    } catch (const c10::Error &e) {
        return makeError(path.string() + ": " + e.what_without_backtrace());
    }
    return c;
}

std::string Classifier::model() const
{
    return m_impl->spec.model;
}

int Classifier::numClasses() const
{
    return m_impl->spec.classes;
}

std::vector<std::string> Classifier::classWnids() const
{
    return m_impl->wnids;
}

namespace {

Result<void> checkShape(const Spec &s, const ImageSet &data)
{
    if (data.channels != s.channels || data.height != s.height || data.width != s.imageWidth)
        return makeError("the model takes " + std::to_string(s.imageWidth) + "x" +
                         std::to_string(s.height) + "x" + std::to_string(s.channels) +
                         " images, not " + std::to_string(data.width) + "x" +
                         std::to_string(data.height) + "x" + std::to_string(data.channels));
    return {};
}

} // namespace

Result<ClassifierEvaluation> Classifier::evaluate(const ImageSet &data, const ProgressFn &progress,
                                                  const CancelToken *cancel) const
{
    const Spec &s = m_impl->spec;
    if (Result<void> shape = checkShape(s, data); !shape)
        return makeError(shape.error());
    try {
        return evaluateNet(*m_impl->net, data, s, m_impl->device, progress, cancel);
    } catch (const c10::Error &e) {
        return makeError(std::string("evaluation failed: ") + e.what_without_backtrace());
    }
}

Result<ClassifierEmbedding> Classifier::embed(const ImageSet &data, const ProgressFn &progress,
                                              const CancelToken *cancel) const
{
    const Spec &s = m_impl->spec;
    if (Result<void> shape = checkShape(s, data); !shape)
        return makeError(shape.error());
    const int64_t n = int64_t(data.count());
    if (Result<void> ok = checkPixels(data, "embedding data"); !ok)
        return makeError(ok.error());
    ClassifierEmbedding out;
    out.numClasses = s.classes;
    try {
        torch::NoGradGuard guard;
        NetBase &net = *m_impl->net;
        net.eval();
        const std::unique_ptr<DecodePool> pool = poolFor(data, m_impl->device);
        const int64_t batch = 256;
        for (int64_t b = 0; b < n; b += batch) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            const int64_t m = std::min(batch, n - b);
            const torch::Tensor x =
                evaluationBatch(data, b, m, s.imagenetInput(), pool.get(), nullptr)
                    .to(m_impl->device);
            const torch::Tensor f = net.features(x);
            const torch::Tensor p = torch::softmax(net.logits(f), 1).to(torch::kCPU).contiguous();
            const torch::Tensor fc = f.to(torch::kCPU).to(torch::kFloat32).contiguous();
            if (b == 0) {
                out.featureDim = int(fc.size(1));
                out.features.reserve(size_t(n) * size_t(out.featureDim));
                out.probabilities.reserve(size_t(n) * size_t(s.classes));
            }
            out.features.insert(out.features.end(), fc.data_ptr<float>(),
                                fc.data_ptr<float>() + fc.numel());
            out.probabilities.insert(out.probabilities.end(), p.data_ptr<float>(),
                                     p.data_ptr<float>() + p.numel());
            reportProgress(progress, double(b + m) / double(n), "Scoring");
        }
    } catch (const c10::Error &e) {
        return makeError(std::string("scoring failed: ") + e.what_without_backtrace());
    }
    return out;
}

Result<std::vector<AdversarialPoint>> Classifier::attack(const ImageSet &data,
                                                         const AdversarialOptions &options,
                                                         const ProgressFn &progress,
                                                         const CancelToken *cancel) const
{
    const Spec &s = m_impl->spec;
    if (Result<void> shape = checkShape(s, data); !shape)
        return makeError(shape.error());
    if (options.method != "fgsm" && options.method != "pgd")
        return makeError("unknown attack '" + options.method + "' (fgsm or pgd)");
    if (options.method == "pgd" && options.steps < 1)
        return makeError("PGD needs at least one step");
    for (double e : options.epsilons)
        if (!(e >= 0 && e <= 1))
            return makeError("epsilon " + numbers::format(e) + " is outside [0, 1]");
    const int64_t n = int64_t(data.count());
    if (n == 0)
        return makeError("attack data: no images");
    if (Result<void> ok = checkPixels(data, "attack data"); !ok)
        return makeError(ok.error());
    std::vector<int64_t> correct(options.epsilons.size(), 0);
    try {
        NetBase &net = *m_impl->net;
        net.eval();
        const torch::Device device = m_impl->device;
        const bool imagenet = s.imagenetInput();
        const std::unique_ptr<DecodePool> pool = poolFor(data, device);
        auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        // The loss gradient with respect to the input only; weights are left alone.
        const auto inputGradient = [&](const torch::Tensor &x01, const torch::Tensor &y) {
            torch::Tensor x = x01.detach().requires_grad_(true);
            const torch::Tensor logits = net.forward(netInput(x.mul(2.0).sub(1.0), imagenet));
            const torch::Tensor loss = torch::cross_entropy_loss(logits, y);
            return torch::autograd::grad({loss}, {x})[0];
        };
        const auto countCorrect = [&](const torch::Tensor &x01, const torch::Tensor &y) {
            torch::NoGradGuard guard;
            return net.forward(netInput(x01.mul(2.0).sub(1.0), imagenet))
                .argmax(1)
                .eq(y)
                .sum()
                .item<int64_t>();
        };
        const int64_t batch = std::max(1, options.batchSize);
        const double total = double(n) * double(options.epsilons.size());
        for (int64_t b = 0; b < n; b += batch) {
            const int64_t m = std::min(batch, n - b);
            const torch::Tensor x = evaluationBatch(data, b, m, false, pool.get(), nullptr)
                                        .add(1.0)
                                        .mul(0.5)
                                        .to(device);
            const torch::Tensor y =
                torch::from_blob(const_cast<int *>(data.labels.data()) + b, {m}, torch::kInt32)
                    .to(torch::kLong)
                    .to(device);
            for (size_t e = 0; e < options.epsilons.size(); ++e) {
                if (isCancelled(cancel))
                    return makeError("cancelled");
                const double eps = options.epsilons[e];
                torch::Tensor adv = x;
                if (eps > 0 && options.method == "fgsm") {
                    adv = (x + eps * inputGradient(x, y).sign()).clamp(0.0, 1.0);
                } else if (eps > 0) {
                    const double alpha =
                        options.stepSize > 0 ? options.stepSize : 2.5 * eps / options.steps;
                    if (options.randomStart)
                        adv = (x + (torch::rand(x.sizes(), generator).to(device) * 2 - 1) * eps)
                                  .clamp(0.0, 1.0);
                    for (int k = 0; k < options.steps; ++k) {
                        adv = adv + alpha * inputGradient(adv, y).sign();
                        adv = torch::min(torch::max(adv, x - eps), x + eps).clamp(0.0, 1.0);
                    }
                }
                correct[e] += countCorrect(adv.detach(), y);
                reportProgress(
                    progress,
                    (double(b) * double(options.epsilons.size()) + double(m) * double(e + 1)) /
                        total,
                    options.method == "pgd" ? "PGD attack" : "FGSM attack");
            }
        }
    } catch (const c10::Error &e) {
        return makeError(std::string("attack failed: ") + e.what_without_backtrace());
    }
    std::vector<AdversarialPoint> out;
    for (size_t e = 0; e < options.epsilons.size(); ++e)
        out.push_back({options.epsilons[e], double(correct[e]) / double(n)});
    return out;
}

} // namespace synset
