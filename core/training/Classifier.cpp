#include "Classifier.h"

#include "ClassifierData.h"
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

namespace {

constexpr const char *kModelFormat = "synset-studio/classifier";
constexpr const char *kCheckpointFormat = "synset-studio/classifier-checkpoint";

// ---- Optimiser -------------------------------------------------------------------------------

// SGD with momentum and AdamW written out, so that their state saves and resumes exactly.
// Weight decay applies to weights only, not to biases and norm parameters.
struct Optimizer
{
    bool adamw = false;
    double momentum = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    int64_t steps = 0;
    std::vector<torch::Tensor> params, buf1, buf2;

    Optimizer(std::vector<torch::Tensor> p, bool useAdamW, double mom)
        : adamw(useAdamW)
        , momentum(mom)
        , params(std::move(p))
    {
        for (const torch::Tensor &t : params) {
            buf1.push_back(torch::zeros_like(t));
            if (adamw)
                buf2.push_back(torch::zeros_like(t));
        }
    }
    void apply(double lr, double weightDecay)
    {
        torch::NoGradGuard guard;
        ++steps;
        for (size_t i = 0; i < params.size(); ++i) {
            torch::Tensor &p = params[i];
            const torch::Tensor &g = p.grad();
            if (!g.defined())
                continue;
            const double decay = p.dim() > 1 ? weightDecay : 0.0;
            if (adamw) {
                p.mul_(1 - lr * decay);
                buf1[i].mul_(beta1).add_(g, 1 - beta1);
                buf2[i].mul_(beta2).addcmul_(g, g, 1 - beta2);
                const double bc1 = 1 - std::pow(beta1, double(steps));
                const double bc2 = 1 - std::pow(beta2, double(steps));
                p.addcdiv_(buf1[i], (buf2[i] / bc2).sqrt_().add_(eps), -lr / bc1);
            } else {
                buf1[i].mul_(momentum).add_(g).add_(p, decay);
                p.add_(buf1[i], -lr);
            }
        }
    }
    void append(std::vector<std::pair<std::string, torch::Tensor>> &out) const
    {
        for (size_t i = 0; i < params.size(); ++i) {
            out.emplace_back("opt.a." + std::to_string(i), buf1[i]);
            if (adamw)
                out.emplace_back("opt.b." + std::to_string(i), buf2[i]);
        }
    }
    Result<void> load(const std::map<std::string, torch::Tensor> &t,
                      const std::filesystem::path &path)
    {
        torch::NoGradGuard guard;
        for (size_t i = 0; i < params.size(); ++i) {
            const auto a = t.find("opt.a." + std::to_string(i));
            const auto b = t.find("opt.b." + std::to_string(i));
            if (a == t.end() || (adamw && b == t.end()))
                return makeError(path.string() + ": the optimizer state is missing");
            buf1[i].copy_(a->second);
            if (adamw)
                buf2[i].copy_(b->second);
        }
        return {};
    }
};

double scheduledRate(double base, int64_t step, int64_t warmup, int64_t total)
{
    if (step < warmup)
        return base * double(step + 1) / double(warmup);
    const double progress = double(step - warmup) / double(std::max<int64_t>(1, total - warmup));
    return base * 0.5 * (1 + std::cos(M_PI * std::min(1.0, progress)));
}

torch::Device pickDevice(const std::string &name)
{
    const bool cuda = name == "cuda" || (name == "auto" && torch::cuda::is_available());
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

Result<ClassifierEvaluation> evaluateNet(NetBase &net, const ImageSet &data, int classes,
                                         const torch::Device &device, const ProgressFn &progress,
                                         const CancelToken *cancel)
{
    const int64_t n = int64_t(data.count());
    const int64_t size = int64_t(data.channels) * data.height * data.width;
    if (int64_t(data.pixels.size()) != n * size)
        return makeError("evaluation data: pixel count does not match the labels");
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
            normalise(torch::from_blob(const_cast<uint8_t *>(data.pixels.data()) + b * size,
                                       {m, data.channels, data.height, data.width}, torch::kUInt8))
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

} // namespace

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

// ---- Training --------------------------------------------------------------------------------

namespace {

double secondsSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Result<void> checkTrainingData(const ImageSet &train, const ImageSet *test,
                               const ClassifierTrainOptions &o)
{
    const int64_t n = int64_t(train.count());
    const int64_t size = int64_t(train.channels) * train.height * train.width;
    if (n == 0)
        return makeError("training: there are no training images");
    if (int64_t(train.pixels.size()) != n * size)
        return makeError("training data: " + std::to_string(n) + " labels but " +
                         std::to_string(train.pixels.size()) + " bytes of pixels");
    if (std::min(train.height, train.width) < 8)
        return makeError("training: images must be at least 8x8 pixels");
    if (test && (test->channels != train.channels || test->height != train.height ||
                 test->width != train.width))
        return makeError("the test images are " + std::to_string(test->width) + "x" +
                         std::to_string(test->height) + "x" + std::to_string(test->channels) +
                         " but the training images are " + std::to_string(train.width) + "x" +
                         std::to_string(train.height) + "x" + std::to_string(train.channels));
    if (o.checkpoint.empty() || o.output.empty())
        return makeError("training: a checkpoint path and an output path are needed");
    return {};
}

Result<Spec> trainingSpec(const ImageSet &train, const ClassifierTrainOptions &o)
{
    Spec spec;
    spec.model = o.model;
    spec.width = o.effectiveWidth();
    spec.channels = train.channels;
    spec.height = train.height;
    spec.imageWidth = train.width;
    spec.classes = int(train.classWnids.size());
    for (int label : train.labels)
        if (label < 0 || label >= spec.classes)
            return makeError("training data: label " + std::to_string(label) + " is not a class");
    return spec;
}

std::shared_ptr<NetBase> makeSeededNet(const Spec &spec, uint64_t seed)
{
    torch::manual_seed(seed);
    return makeNet(spec);
}

// One training: the net, its optimizer and learning-rate schedule, and how far it has got.
struct Session
{
    Session(const ClassifierTrainOptions &options, Spec s, int64_t images)
        : o(options)
        , spec(std::move(s))
        , device(pickDevice(o.device))
        , net(makeSeededNet(spec, o.seed))
        , opt(net->parameters(), o.optimizer == "adamw", o.momentum)
        , stepsPerEpoch((images + o.batchSize - 1) / o.batchSize)
        , totalSteps(stepsPerEpoch * o.epochs)
        , warmup(std::min<int64_t>(totalSteps / 2,
                                   int64_t(std::llround(o.warmupEpochs * double(stepsPerEpoch)))))
    {}

    const ClassifierTrainOptions &o;
    Spec spec;
    torch::Device device;
    std::shared_ptr<NetBase> net;
    Optimizer opt;
    int64_t stepsPerEpoch, totalSteps, warmup;
    int epoch = 0;
    double previousSeconds = 0; // before a resume
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    double seconds() const { return previousSeconds + secondsSince(started); }
};

// Picks up the weights, optimizer state and epoch of the run's checkpoint.
Result<void> resumeFromCheckpoint(Session &s)
{
    const std::filesystem::path &path = s.o.checkpoint;
    Result<tensorfile::Contents> ck = tensorfile::load(path);
    if (!ck)
        return makeError(ck.error());
    const auto meta = ck->metadata.find("synset");
    Result<Json> state = parseStoredJson(meta == ck->metadata.end() ? "" : meta->second);
    if (!state || json::string(*state, "format") != kCheckpointFormat)
        return makeError(path.string() + ": not a classifier checkpoint");
    if (json::member(*state, "spec") != s.spec.toJson())
        return makeError(path.string() +
                         ": the checkpoint's model or images differ from this run's");
    if (Result<void> r = loadState(*s.net, ck->tensors, path); !r)
        return r;
    if (Result<void> r = s.opt.load(ck->tensors, path); !r)
        return r;
    s.epoch = int(json::integer(*state, "epoch", 0));
    s.opt.steps = json::integer(*state, "optimizer_steps", 0);
    s.previousSeconds = json::number(*state, "seconds", 0);
    return {};
}

void moveToDevice(Session &s)
{
    s.net->to(s.device);
    for (size_t i = 0; i < s.opt.params.size(); ++i) {
        s.opt.buf1[i] = s.opt.buf1[i].to(s.device);
        if (s.opt.adamw)
            s.opt.buf2[i] = s.opt.buf2[i].to(s.device);
    }
    s.opt.params = s.net->parameters();
    s.net->train();
}

Result<void> saveCheckpoint(const Session &s, double seconds)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendState(*s.net, tensors);
    s.opt.append(tensors);
    Json state;
    state["format"] = kCheckpointFormat;
    state["spec"] = s.spec.toJson();
    state["options"] = optionsJson(s.o);
    state["epoch"] = s.epoch;
    state["optimizer_steps"] = s.opt.steps;
    state["seconds"] = seconds;
    return tensorfile::save(s.o.checkpoint, tensors, {{"synset", dumpJson(state)}});
}

// The final model: weights, the spec, the classes and how it was trained.
Result<void> saveFinalModel(const Session &s, const ImageSet &train, double seconds)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendState(*s.net, tensors);
    Json meta;
    meta["format"] = kModelFormat;
    meta["spec"] = s.spec.toJson();
    meta["options"] = optionsJson(s.o);
    std::vector<std::string> names = train.classNames;
    names.resize(train.classWnids.size());
    meta["class_wnids"] = train.classWnids;
    meta["class_names"] = names;
    meta["seconds"] = seconds;
    return tensorfile::save(s.o.output, tensors, {{"synset", dumpJson(meta)}});
}

enum class Outcome
{
    Finished,
    Cancelled
};

struct EpochCounts
{
    int64_t images = 0;
    double wait = 0; // seconds the steps waited for the loader
};

// One pass over the training images: e gets the epoch's loss, accuracy, speed and data wait.
Result<Outcome> trainEpoch(Session &s, Loader &loader, double baseLr, double decay,
                           const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                           ClassifierEpoch &e, EpochCounts &counts)
{
    const ClassifierTrainOptions &o = s.o;
    double lossSum = 0;
    int64_t correct = 0, seen = 0;
    for (int64_t step = 0; step < s.stepsPerEpoch; ++step) {
        if (isCancelled(cancel))
            return Outcome::Cancelled;
        const auto waitStart = std::chrono::steady_clock::now();
        Batch batch = loader.next();
        counts.wait += secondsSince(waitStart);
        if (!batch.x.defined())
            return makeError(loader.error());
        const torch::Tensor x = batch.x.to(s.device), y = batch.y.to(s.device);
        const double lr = scheduledRate(baseLr, batch.step, s.warmup, s.totalSteps);
        const torch::Tensor logits = s.net->forward(x);
        const torch::Tensor loss =
            torch::cross_entropy_loss(logits, y, {}, at::Reduction::Mean, -100, o.labelSmoothing);
        for (auto &p : s.opt.params)
            p.mutable_grad() = torch::Tensor();
        loss.backward();
        s.opt.apply(lr, decay);
        const double lossValue = loss.item<double>();
        lossSum += lossValue * double(x.size(0));
        correct += logits.argmax(1).eq(y).sum().item<int64_t>();
        seen += x.size(0);
        if (callbacks.onStep)
            callbacks.onStep({batch.step, s.epoch, lossValue, lr});
        if (callbacks.onProgress && (step % 10 == 0 || step + 1 == s.stepsPerEpoch))
            callbacks.onProgress(double(batch.step + 1) / double(s.totalSteps), "Training");
    }
    e.trainLoss = lossSum / double(std::max<int64_t>(1, seen));
    e.trainAccuracy = double(correct) / double(std::max<int64_t>(1, seen));
    counts.images = seen;
    return Outcome::Finished;
}

// The test accuracy after an epoch, when one is due (every evaluateEvery epochs and the last).
Result<Outcome> evaluateEpoch(Session &s, const ImageSet *test,
                              const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                              ClassifierEpoch &e)
{
    const ClassifierTrainOptions &o = s.o;
    if (!test || (s.epoch != o.epochs && s.epoch % std::max(1, o.evaluateEvery) != 0))
        return Outcome::Finished;
    const auto progress = [&](double, std::string_view) {
        if (callbacks.onProgress)
            callbacks.onProgress(double(e.step) / double(s.totalSteps), "Evaluating");
    };
    Result<ClassifierEvaluation> ev =
        evaluateNet(*s.net, *test, s.spec.classes, s.device, progress, cancel);
    if (!ev) {
        if (isCancelled(cancel))
            return Outcome::Cancelled;
        return makeError(ev.error());
    }
    e.evaluated = true;
    e.test = std::move(*ev);
    return Outcome::Finished;
}

// Epochs until the last, a checkpoint after each.
Result<Outcome> trainEpochs(Session &s, const ImageSet &train, const ImageSet *test,
                            const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                            ClassifierTrainReport &report)
{
    const ClassifierTrainOptions &o = s.o;
    const int64_t n = int64_t(train.count());
    const torch::Tensor pixels =
        torch::from_blob(const_cast<uint8_t *>(train.pixels.data()),
                         {n, train.channels, train.height, train.width}, torch::kUInt8);
    const torch::Tensor labels = torch::tensor(
        std::vector<int64_t>(train.labels.begin(), train.labels.end()), torch::kInt64);
    const Augment aug = Augment::preset(o.augmentation, train.height, train.width);
    const double baseLr = o.effectiveLearningRate(), decay = o.effectiveWeightDecay();
    Loader loader(pixels, labels, aug, o.seed, o.batchSize, int64_t(s.epoch) * s.stepsPerEpoch,
                  s.totalSteps, o.prefetchBatches);
    double waitTotal = 0, trainTotal = 0;
    int64_t imagesTotal = 0;
    while (s.epoch < o.epochs) {
        const auto epochStart = std::chrono::steady_clock::now();
        ClassifierEpoch e;
        EpochCounts counts;
        Result<Outcome> trained =
            trainEpoch(s, loader, baseLr, decay, callbacks, cancel, e, counts);
        if (!trained || *trained == Outcome::Cancelled)
            return trained;
        const double epochSeconds = secondsSince(epochStart);
        e.epoch = ++s.epoch;
        e.step = int64_t(s.epoch) * s.stepsPerEpoch;
        e.imagesPerSecond = double(counts.images) / std::max(1e-9, epochSeconds);
        e.dataWaitShare = counts.wait / std::max(1e-9, epochSeconds);
        waitTotal += counts.wait;
        trainTotal += epochSeconds;
        imagesTotal += counts.images;
        Result<Outcome> evaluated = evaluateEpoch(s, test, callbacks, cancel, e);
        if (!evaluated || *evaluated == Outcome::Cancelled)
            return evaluated;
        e.seconds = s.seconds();
        if (Result<void> r = saveCheckpoint(s, e.seconds); !r)
            return makeError(r.error());
        report.epochsDone = s.epoch;
        report.steps = e.step;
        report.seconds = e.seconds;
        report.test = e.test;
        if (callbacks.onEpoch)
            callbacks.onEpoch(e);
    }
    report.imagesPerSecond = double(imagesTotal) / std::max(1e-9, trainTotal);
    report.dataWaitShare = waitTotal / std::max(1e-9, trainTotal);
    return Outcome::Finished;
}

} // namespace

Result<ClassifierTrainReport> trainClassifier(const ImageSet &train, const ImageSet *test,
                                              const ClassifierTrainOptions &o,
                                              const ClassifierTrainCallbacks &callbacks,
                                              const CancelToken *cancel)
{
    useAllCores();
    if (Result<void> ok = checkClassifierOptions(o); !ok)
        return makeError(ok.error());
    if (Result<void> ok = checkTrainingData(train, test, o); !ok)
        return makeError(ok.error());
    Result<Spec> spec = trainingSpec(train, o);
    if (!spec)
        return makeError(spec.error());

    ClassifierTrainReport report;
    try {
        Session s(o, std::move(*spec), int64_t(train.count()));
        for (const auto &p : s.net->parameters())
            report.parameters += p.numel();
        if (o.resume && std::filesystem::exists(o.checkpoint))
            if (Result<void> r = resumeFromCheckpoint(s); !r)
                return makeError(r.error());
        report.startEpoch = s.epoch;
        moveToDevice(s);
        Result<Outcome> outcome = trainEpochs(s, train, test, callbacks, cancel, report);
        if (!outcome)
            return makeError(outcome.error());
        if (*outcome == Outcome::Cancelled) {
            report.cancelled = true;
            report.seconds = s.seconds();
            return report;
        }
        if (Result<void> r = saveFinalModel(s, train, report.seconds); !r)
            return makeError(r.error());
    } catch (const c10::Error &e) {
        return makeError(std::string("training failed: ") + e.what_without_backtrace());
    }
    return report;
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
        return evaluateNet(*m_impl->net, data, s.classes, m_impl->device, progress, cancel);
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
    const int64_t size = int64_t(data.channels) * data.height * data.width;
    if (int64_t(data.pixels.size()) != n * size)
        return makeError("embedding data: pixel count does not match the labels");
    ClassifierEmbedding out;
    out.numClasses = s.classes;
    try {
        torch::NoGradGuard guard;
        NetBase &net = *m_impl->net;
        net.eval();
        const int64_t batch = 256;
        for (int64_t b = 0; b < n; b += batch) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            const int64_t m = std::min(batch, n - b);
            const torch::Tensor x =
                normalise(torch::from_blob(const_cast<uint8_t *>(data.pixels.data()) + b * size,
                                           {m, data.channels, data.height, data.width},
                                           torch::kUInt8))
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
    const int64_t size = int64_t(data.channels) * data.height * data.width;
    if (n == 0 || int64_t(data.pixels.size()) != n * size)
        return makeError("attack data: no images, or a pixel count that does not match the labels");
    std::vector<int64_t> correct(options.epsilons.size(), 0);
    try {
        NetBase &net = *m_impl->net;
        net.eval();
        const torch::Device device = m_impl->device;
        auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        // The loss gradient with respect to the input only; weights are left alone.
        const auto inputGradient = [&](const torch::Tensor &x01, const torch::Tensor &y) {
            torch::Tensor x = x01.detach().requires_grad_(true);
            const torch::Tensor logits = net.forward(x.mul(2.0).sub(1.0));
            const torch::Tensor loss = torch::cross_entropy_loss(logits, y);
            return torch::autograd::grad({loss}, {x})[0];
        };
        const auto countCorrect = [&](const torch::Tensor &x01, const torch::Tensor &y) {
            torch::NoGradGuard guard;
            return net.forward(x01.mul(2.0).sub(1.0)).argmax(1).eq(y).sum().item<int64_t>();
        };
        const int64_t batch = std::max(1, options.batchSize);
        const double total = double(n) * double(options.epsilons.size());
        for (int64_t b = 0; b < n; b += batch) {
            const int64_t m = std::min(batch, n - b);
            const torch::Tensor x =
                torch::from_blob(const_cast<uint8_t *>(data.pixels.data()) + b * size,
                                 {m, data.channels, data.height, data.width}, torch::kUInt8)
                    .to(torch::kFloat32)
                    .div(255.0)
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
