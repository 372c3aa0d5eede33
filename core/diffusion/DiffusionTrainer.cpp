#include "DiffusionTrainer.h"

#include "DiffusionModel.h"
#include "ModelFile.h"
#include "Sampler.h"
#include "TensorFile.h"

#include "common/Seeds.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/nn/utils/clip_grad.h>

#include <chrono>
#include <cmath>

namespace synset {

using namespace diffusion;
using seeds::mix;

namespace {

// AdamW (Loshchilov & Hutter) written out, so that its state saves and resumes exactly.
struct AdamW
{
    std::vector<torch::Tensor> params, m, v;
    int64_t step = 0;
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

    explicit AdamW(std::vector<torch::Tensor> p)
        : params(std::move(p))
    {
        for (const torch::Tensor &t : params) {
            m.push_back(torch::zeros_like(t));
            v.push_back(torch::zeros_like(t));
        }
    }
    void apply(double lr, double weightDecay)
    {
        torch::NoGradGuard guard;
        ++step;
        const double bc1 = 1 - std::pow(beta1, double(step)),
                     bc2 = 1 - std::pow(beta2, double(step));
        for (size_t i = 0; i < params.size(); ++i) {
            const torch::Tensor &g = params[i].grad();
            if (!g.defined())
                continue;
            if (weightDecay > 0)
                params[i].mul_(1 - lr * weightDecay);
            m[i].mul_(beta1).add_(g, 1 - beta1);
            v[i].mul_(beta2).addcmul_(g, g, 1 - beta2);
            const torch::Tensor denom = (v[i] / bc2).sqrt_().add_(eps);
            params[i].addcdiv_(m[i], denom, -lr / bc1);
        }
    }
};

double learningRate(const GeneratorTrainOptions &o, int64_t step, int64_t total)
{
    if (step < o.warmupSteps)
        return o.learningRate * double(step + 1) / o.warmupSteps;
    const double progress =
        double(step - o.warmupSteps) / std::max<int64_t>(1, total - o.warmupSteps);
    return o.learningRate * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * std::min(1.0, progress))));
}

Json optionsJson(const GeneratorTrainOptions &o)
{
    Json j;
    j["epochs"] = o.epochs;
    j["batch_size"] = o.batchSize;
    j["learning_rate"] = o.learningRate;
    j["weight_decay"] = o.weightDecay;
    j["warmup_steps"] = o.warmupSteps;
    j["p_uncond"] = o.pUncond;
    j["ema_decay"] = o.emaDecay;
    j["seed"] = o.seed;
    if (!o.initFrom.empty())
        j["init_from"] = o.initFrom.filename().string();
    return j;
}

// A checkpoint or model file to start from must hold the network the training builds.
Result<void> checkArchitecture(const ModelMeta &file, const ModelMeta &wanted,
                               const std::filesystem::path &path)
{
    if (file.config.toJson() == wanted.config.toJson())
        return {};
    return makeError(
        path.string() + ": its architecture or image size differs from the training's (" +
        dumpJson(file.config.toJson()) + " against " + dumpJson(wanted.config.toJson()) + ")");
}

} // namespace

Result<void> writeRandomGenerator(const std::filesystem::path &path, int channels, int height,
                                  int width, const std::vector<std::string> &classWnids,
                                  const GeneratorTrainOptions &o, uint64_t seed, double scale)
{
    ModelMeta meta;
    meta.config.channels = channels;
    meta.config.height = height;
    meta.config.width = width;
    meta.config.numClasses = static_cast<int>(classWnids.size());
    meta.config.baseChannels = o.baseChannels;
    meta.config.channelMult = o.channelMult;
    meta.config.numResBlocks = o.numResBlocks;
    meta.config.attentionLevels = o.attentionLevels;
    if (Result<UNetConfig> checked = UNetConfig::fromJson(meta.config.toJson()); !checked)
        return makeError(checked.error());
    meta.schedule = o.schedule;
    meta.timesteps = o.timesteps;
    meta.classWnids = classWnids;
    meta.classNames = classWnids;
    meta.defaults["guidance"] = o.defaultGuidance;
    meta.defaults["sampler"] = o.defaultSampler;
    meta.defaults["steps"] = o.defaultSteps;
    meta.defaults["eta"] = o.defaultEta;
    meta.training["note"] = "random weights";
    try {
        torch::manual_seed(seed);
        UNet net(meta.config);
        {
            // Perturb everything, the zero-initialised layers too, so outputs depend on the input.
            torch::NoGradGuard guard;
            for (auto &p : net->parameters())
                p.add_(torch::randn_like(p) * scale);
        }
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        appendParameters(*net, "model.", tensors);
        return tensorfile::save(path, tensors, metaToStrings(meta, kModelFormat));
    } catch (const c10::Error &e) {
        return makeError(std::string("cannot make a random model: ") + e.what_without_backtrace());
    }
}

Result<GeneratorTrainOptions> generatorOptionsOf(const std::filesystem::path &model,
                                                 GeneratorTrainOptions o)
{
    Result<tensorfile::Index> index = tensorfile::readIndex(model);
    if (!index)
        return makeError(index.error());
    Result<ModelMeta> meta = metaFromStrings(index->metadata, model, kModelFormat);
    if (!meta)
        return makeError(meta.error());
    o.baseChannels = meta->config.baseChannels;
    o.channelMult = meta->config.channelMult;
    o.numResBlocks = meta->config.numResBlocks;
    o.attentionLevels = meta->config.attentionLevels;
    o.schedule = meta->schedule;
    o.timesteps = meta->timesteps;
    o.initFrom = model;
    return o;
}

Result<void> setGeneratorDefaults(const std::filesystem::path &model, const GeneratorDefaults &d)
{
    const std::string where = model.string() + ": ";
    if (d.guidance && !(*d.guidance >= 0 && *d.guidance <= 100))
        return makeError(where + "guidance must lie between 0 and 100");
    if (d.eta && !(*d.eta >= 0 && *d.eta <= 1))
        return makeError(where + "eta must lie between 0 and 1");
    std::optional<SamplerKind> sampler;
    if (d.sampler) {
        Result<SamplerKind> kind = parseSampler(*d.sampler);
        if (!kind)
            return makeError(where + kind.error());
        sampler = *kind;
    }
    Result<tensorfile::Contents> contents = tensorfile::load(model);
    if (!contents)
        return makeError(contents.error());
    Result<ModelMeta> meta = metaFromStrings(contents->metadata, model, kModelFormat);
    if (!meta)
        return makeError(meta.error());
    if (d.steps && (*d.steps < 1 || *d.steps > meta->timesteps))
        return makeError(where + "steps must lie between 1 and the model's " +
                         std::to_string(meta->timesteps) + " timesteps");
    if (!meta->defaults.is_object())
        meta->defaults = Json(); // operator[] makes it an object
    if (d.guidance)
        meta->defaults["guidance"] = *d.guidance;
    if (sampler)
        meta->defaults["sampler"] = samplerName(*sampler); // the stored spelling, not an alias
    if (d.steps)
        meta->defaults["steps"] = *d.steps;
    if (d.eta)
        meta->defaults["eta"] = *d.eta;
    // Keys this build does not know (a newer writer's) are kept as they were.
    std::map<std::string, std::string> strings = contents->metadata;
    for (auto &[key, value] : metaToStrings(*meta, kModelFormat))
        strings[key] = value;
    std::vector<std::pair<std::string, torch::Tensor>> tensors(contents->tensors.begin(),
                                                               contents->tensors.end());
    return tensorfile::save(model, tensors, strings);
}

namespace {

Result<void> checkGeneratorData(const GeneratorTrainData &data, const GeneratorTrainOptions &o)
{
    const int64_t n = static_cast<int64_t>(data.count());
    const int64_t imageSize = int64_t(data.channels) * data.height * data.width;
    if (n == 0 || int64_t(data.pixels.size()) != n * imageSize)
        return makeError("training data: " + std::to_string(n) + " labels but " +
                         std::to_string(data.pixels.size()) + " bytes of pixels");
    if (o.batchSize < 1 || o.epochs < 1)
        return makeError("training: epochs and batch size must be at least 1");
    if (o.checkpoint.empty() || o.output.empty())
        return makeError("training: a checkpoint path and an output path are needed");
    return {};
}

// The model the data and options describe: its UNet, noise schedule and classes.
Result<ModelMeta> modelMetaFor(const GeneratorTrainData &data, const GeneratorTrainOptions &o)
{
    ModelMeta meta;
    meta.config.channels = data.channels;
    meta.config.height = data.height;
    meta.config.width = data.width;
    meta.config.numClasses = static_cast<int>(data.classWnids.size());
    meta.config.baseChannels = o.baseChannels;
    meta.config.channelMult = o.channelMult;
    meta.config.numResBlocks = o.numResBlocks;
    meta.config.attentionLevels = o.attentionLevels;
    for (int label : data.labels)
        if (label < 0 || label >= meta.config.numClasses)
            return makeError("training data: label " + std::to_string(label) + " is not a class");
    if (Result<UNetConfig> checked = UNetConfig::fromJson(meta.config.toJson()); !checked)
        return makeError(checked.error());
    meta.schedule = o.schedule;
    meta.timesteps = o.timesteps;
    meta.classWnids = data.classWnids;
    meta.classNames = data.classNames;
    return meta;
}

UNet makeSeededUNet(const UNetConfig &config, uint64_t seed)
{
    torch::manual_seed(seed);
    return UNet(config);
}

// One training: the net, its exponential moving average, the optimizer and the step reached.
struct GeneratorSession
{
    GeneratorSession(const GeneratorTrainOptions &options, ModelMeta m, int64_t images)
        : o(options)
        , meta(std::move(m))
        , device(o.device == "cuda" || (o.device == "auto" && torch::cuda::is_available())
                     ? torch::Device(torch::kCUDA)
                     : torch::Device(torch::kCPU))
        , net(makeSeededUNet(meta.config, o.seed))
        , ema(meta.config)
        , opt(net->parameters())
        , n(images)
        , stepsPerEpoch((n + o.batchSize - 1) / o.batchSize)
        , totalSteps(stepsPerEpoch * o.epochs)
    {
        torch::NoGradGuard guard;
        auto src = net->parameters(), dst = ema->parameters();
        for (size_t i = 0; i < src.size(); ++i)
            dst[i].copy_(src[i]);
    }

    const GeneratorTrainOptions &o;
    ModelMeta meta;
    torch::Device device;
    UNet net, ema;
    AdamW opt;
    int64_t n, stepsPerEpoch, totalSteps;
    int64_t step = 0;
    double previousSeconds = 0; // before a resume
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    double elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
};

// Fine-tuning: the weights of a trained model of the same architecture, schedule and classes.
Result<void> initFromModel(GeneratorSession &s)
{
    const std::filesystem::path &path = s.o.initFrom;
    Result<tensorfile::Contents> init = tensorfile::load(path);
    if (!init)
        return makeError(init.error());
    Result<ModelMeta> initMeta = metaFromStrings(init->metadata, path, kModelFormat);
    if (!initMeta)
        return makeError(initMeta.error());
    if (Result<void> r = checkArchitecture(*initMeta, s.meta, path); !r)
        return r;
    if (initMeta->schedule != s.meta.schedule || initMeta->timesteps != s.meta.timesteps)
        return makeError(path.string() + ": trained with another noise schedule (" +
                         initMeta->schedule + ", " + std::to_string(initMeta->timesteps) +
                         " steps)");
    if (initMeta->classWnids != s.meta.classWnids)
        return makeError(path.string() + ": its classes differ from the training data's");
    if (Result<void> r = loadInto(*s.net, init->tensors, "model.", path); !r)
        return r;
    return loadInto(*s.ema, init->tensors, "model.", path);
}

Result<void> resumeFromCheckpoint(GeneratorSession &s)
{
    const std::filesystem::path &path = s.o.checkpoint;
    Result<tensorfile::Contents> ck = tensorfile::load(path);
    if (!ck)
        return makeError(ck.error());
    Result<ModelMeta> ckMeta = metaFromStrings(ck->metadata, path, kCheckpointFormat);
    if (!ckMeta)
        return makeError(ckMeta.error());
    if (Result<void> r = checkArchitecture(*ckMeta, s.meta, path); !r)
        return r;
    if (Result<void> r = loadInto(*s.net, ck->tensors, "model.", path); !r)
        return r;
    if (Result<void> r = loadInto(*s.ema, ck->tensors, "ema.", path); !r)
        return r;
    torch::NoGradGuard guard;
    for (size_t i = 0; i < s.opt.params.size(); ++i) {
        const auto m = ck->tensors.find("adam.m." + std::to_string(i));
        const auto v = ck->tensors.find("adam.v." + std::to_string(i));
        if (m == ck->tensors.end() || v == ck->tensors.end())
            return makeError(path.string() + ": optimizer state is missing");
        s.opt.m[i].copy_(m->second);
        s.opt.v[i].copy_(v->second);
    }
    s.step = json::integer(ckMeta->training, "step", 0);
    s.opt.step = json::integer(ckMeta->training, "adam_step", 0);
    s.previousSeconds = json::number(ckMeta->training, "seconds", 0);
    return {};
}

void moveToDevice(GeneratorSession &s)
{
    s.net->to(s.device);
    s.ema->to(s.device);
    for (size_t i = 0; i < s.opt.params.size(); ++i) {
        s.opt.m[i] = s.opt.m[i].to(s.device);
        s.opt.v[i] = s.opt.v[i].to(s.device);
    }
    s.opt.params = s.net->parameters();
    s.net->train();
}

Result<void> saveCheckpoint(const GeneratorSession &s, double seconds)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendParameters(*s.net, "model.", tensors);
    appendParameters(*s.ema, "ema.", tensors);
    for (size_t i = 0; i < s.opt.params.size(); ++i) {
        tensors.emplace_back("adam.m." + std::to_string(i), s.opt.m[i]);
        tensors.emplace_back("adam.v." + std::to_string(i), s.opt.v[i]);
    }
    ModelMeta ckMeta = s.meta;
    ckMeta.training = optionsJson(s.o);
    ckMeta.training["step"] = s.step;
    ckMeta.training["adam_step"] = s.opt.step;
    ckMeta.training["seconds"] = seconds;
    return tensorfile::save(s.o.checkpoint, tensors, metaToStrings(ckMeta, kCheckpointFormat));
}

// The final model: the EMA weights, the sampling defaults and how it was trained.
Result<void> saveModel(const GeneratorSession &s, const GeneratorTrainReport &report)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendParameters(*s.ema, "model.", tensors);
    ModelMeta out = s.meta;
    out.defaults["guidance"] = s.o.defaultGuidance;
    out.defaults["sampler"] = s.o.defaultSampler;
    out.defaults["steps"] = s.o.defaultSteps;
    out.defaults["eta"] = s.o.defaultEta;
    out.training = optionsJson(s.o);
    out.training["steps"] = s.step;
    out.training["seconds"] = report.totalSeconds;
    out.training["images"] = s.n;
    out.training["final_loss"] = report.finalLoss;
    out.training["note"] = s.o.note;
    return tensorfile::save(s.o.output, tensors, metaToStrings(out, kModelFormat));
}

// The training images, labels and noise schedule on the device.
struct DeviceData
{
    torch::Tensor pixels, labels, alphaBar;
    torch::Tensor perm; // this epoch's order
    int64_t permEpoch = -1;
};

DeviceData toDevice(const GeneratorTrainData &data, const NoiseSchedule &schedule,
                    torch::Device device)
{
    DeviceData d;
    d.pixels = torch::from_blob(const_cast<uint8_t *>(data.pixels.data()),
                                {int64_t(data.count()), data.channels, data.height, data.width},
                                torch::kUInt8)
                   .to(device);
    d.labels =
        torch::tensor(std::vector<int64_t>(data.labels.begin(), data.labels.end()), torch::kInt64)
            .to(device);
    d.alphaBar = torch::tensor(schedule.alphaBar, torch::kFloat64).to(torch::kFloat32).to(device);
    return d;
}

// One optimizer step on the batch the step number picks (a seeded shuffle per epoch, seeded
// timesteps, noise and label dropout per step); the loss, left on the device.
torch::Tensor trainStep(GeneratorSession &s, DeviceData &d, int64_t &batchImages)
{
    const GeneratorTrainOptions &o = s.o;
    const int64_t epoch = s.step / s.stepsPerEpoch, inEpoch = s.step % s.stepsPerEpoch;
    if (epoch != d.permEpoch) {
        at::Generator g = at::detail::createCPUGenerator(mix(o.seed, uint64_t(epoch)));
        d.perm = torch::randperm(s.n, g, torch::kInt64).to(s.device);
        d.permEpoch = epoch;
    }
    const int64_t begin = inEpoch * o.batchSize, end = std::min(s.n, begin + o.batchSize);
    const torch::Tensor idx = d.perm.slice(0, begin, end);
    const int64_t b = end - begin;
    const UNetConfig &c = s.meta.config;
    at::Generator g = at::detail::createCPUGenerator(mix(o.seed ^ 0x5bd1e995u, uint64_t(s.step)));
    const torch::Tensor t = torch::randint(0, o.timesteps, {b}, g, torch::kInt64).to(s.device);
    const torch::Tensor noise = torch::randn({b, c.channels, c.height, c.width}, g).to(s.device);
    const torch::Tensor drop = (torch::rand({b}, g) < o.pUncond).to(s.device);

    const torch::Tensor x0 = d.pixels.index_select(0, idx).to(torch::kFloat32) / 127.5 - 1.0;
    torch::Tensor y = d.labels.index_select(0, idx);
    y = torch::where(drop, torch::full_like(y, c.numClasses), y);
    const torch::Tensor ab = d.alphaBar.index_select(0, t).view({b, 1, 1, 1});
    const torch::Tensor xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise;
    const torch::Tensor pred = s.net(xt, t.to(torch::kFloat32), y);
    const torch::Tensor loss = torch::mse_loss(pred, noise);
    for (auto &p : s.opt.params)
        p.mutable_grad() = torch::Tensor();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(s.opt.params, 1.0);
    s.opt.apply(learningRate(o, s.step, s.totalSteps), o.weightDecay);
    batchImages = b;
    return loss;
}

void updateEma(GeneratorSession &s)
{
    torch::NoGradGuard guard;
    const double decay = std::min(s.o.emaDecay, (1.0 + s.step) / (10.0 + s.step));
    auto src = s.net->parameters(), dst = s.ema->parameters();
    for (size_t i = 0; i < src.size(); ++i)
        dst[i].mul_(decay).add_(src[i], 1 - decay);
}

// The loss is summed on the device and read every 20 steps: reading it every step would make
// the host wait for the GPU before it queues the next step. The rate is over 2-second windows.
struct LossWindow
{
    torch::Tensor lossSum;
    int lossCount = 0;
    int64_t images = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double imagesPerSecond = 0;

    void add(const torch::Tensor &loss, int64_t batchImages)
    {
        lossSum = lossSum.defined() ? lossSum + loss.detach() : loss.detach();
        ++lossCount;
        images += batchImages;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds > 2.0) {
            imagesPerSecond = images / seconds;
            images = 0;
            start = std::chrono::steady_clock::now();
        }
    }
    double meanLoss() const { return lossSum.item<double>() / lossCount; }
    void clear()
    {
        lossSum = torch::Tensor();
        lossCount = 0;
    }
};

// Steps until the last or a cancel; a checkpoint after each epoch and when stopped.
Result<void> trainSteps(GeneratorSession &s, DeviceData &d,
                        const std::function<void(const GeneratorTrainProgress &)> &progress,
                        const CancelToken *cancel, GeneratorTrainReport &report)
{
    LossWindow window;
    while (s.step < s.totalSteps) {
        int64_t b = 0;
        const torch::Tensor loss = trainStep(s, d, b);
        updateEma(s);
        ++s.step;
        window.add(loss, b);
        const bool epochDone = s.step % s.stepsPerEpoch == 0;
        const bool windowEnds = s.step % 20 == 0 || epochDone || s.step == s.totalSteps;
        if (windowEnds) {
            report.finalLoss = window.meanLoss();
            if (progress)
                progress({int(s.step / s.stepsPerEpoch), s.o.epochs, s.step, s.totalSteps,
                          report.finalLoss, window.imagesPerSecond,
                          s.previousSeconds + s.elapsed()});
        }
        if (s.step % 20 == 0)
            window.clear();
        const bool stop = isCancelled(cancel);
        if (stop && !windowEnds)
            report.finalLoss = window.meanLoss();
        if (epochDone || stop || s.step == s.totalSteps)
            if (Result<void> r = saveCheckpoint(s, s.previousSeconds + s.elapsed()); !r)
                return r;
        if (stop) {
            report.cancelled = true;
            break;
        }
    }
    return {};
}

} // namespace

Result<GeneratorTrainReport>
trainGenerator(const GeneratorTrainData &data, const GeneratorTrainOptions &o,
               const std::function<void(const GeneratorTrainProgress &)> &progress,
               const CancelToken *cancel)
{
    useAllCores();
    if (Result<void> ok = checkGeneratorData(data, o); !ok)
        return makeError(ok.error());
    Result<ModelMeta> meta = modelMetaFor(data, o);
    if (!meta)
        return makeError(meta.error());
    Result<NoiseSchedule> schedule = NoiseSchedule::make(o.schedule, o.timesteps);
    if (!schedule)
        return makeError(schedule.error());

    GeneratorTrainReport report;
    try {
        GeneratorSession s(o, std::move(*meta), int64_t(data.count()));
        const bool resuming = o.resume && std::filesystem::exists(o.checkpoint);
        if (!o.initFrom.empty() && !resuming)
            if (Result<void> r = initFromModel(s); !r)
                return makeError(r.error());
        for (const auto &p : s.net->parameters())
            report.parameters += p.numel();
        if (resuming)
            if (Result<void> r = resumeFromCheckpoint(s); !r)
                return makeError(r.error());
        moveToDevice(s);
        DeviceData d = toDevice(data, *schedule, s.device);
        s.started = std::chrono::steady_clock::now();
        if (Result<void> r = trainSteps(s, d, progress, cancel, report); !r)
            return makeError(r.error());
        report.steps = s.step;
        report.epochs = int(s.step / s.stepsPerEpoch);
        report.seconds = s.elapsed();
        report.totalSeconds = s.previousSeconds + report.seconds;
        if (!report.cancelled)
            if (Result<void> r = saveModel(s, report); !r)
                return makeError(r.error());
    } catch (const c10::Error &e) {
        return makeError(std::string("training failed: ") + e.what_without_backtrace());
    }
    return report;
}

} // namespace synset
