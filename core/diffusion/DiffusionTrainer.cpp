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

Result<GeneratorTrainReport>
trainGenerator(const GeneratorTrainData &data, const GeneratorTrainOptions &o,
               const std::function<void(const GeneratorTrainProgress &)> &progress,
               const CancelToken *cancel)
{
    useAllCores();
    const int64_t n = static_cast<int64_t>(data.count());
    const int64_t imageSize = int64_t(data.channels) * data.height * data.width;
    if (n == 0 || int64_t(data.pixels.size()) != n * imageSize)
        return makeError("training data: " + std::to_string(n) + " labels but " +
                         std::to_string(data.pixels.size()) + " bytes of pixels");
    if (o.batchSize < 1 || o.epochs < 1)
        return makeError("training: epochs and batch size must be at least 1");
    if (o.checkpoint.empty() || o.output.empty())
        return makeError("training: a checkpoint path and an output path are needed");

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
    Result<NoiseSchedule> schedule = NoiseSchedule::make(o.schedule, o.timesteps);
    if (!schedule)
        return makeError(schedule.error());

    GeneratorTrainReport report;
    try {
        const bool cuda = o.device == "cuda" || (o.device == "auto" && torch::cuda::is_available());
        const torch::Device device =
            cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        torch::manual_seed(o.seed);
        UNet net(meta.config), ema(meta.config);
        {
            torch::NoGradGuard guard;
            auto src = net->parameters(), dst = ema->parameters();
            for (size_t i = 0; i < src.size(); ++i)
                dst[i].copy_(src[i]);
        }
        if (!o.initFrom.empty() && !(o.resume && std::filesystem::exists(o.checkpoint))) {
            Result<tensorfile::Contents> init = tensorfile::load(o.initFrom);
            if (!init)
                return makeError(init.error());
            Result<ModelMeta> initMeta = metaFromStrings(init->metadata, o.initFrom, kModelFormat);
            if (!initMeta)
                return makeError(initMeta.error());
            if (Result<void> r = checkArchitecture(*initMeta, meta, o.initFrom); !r)
                return makeError(r.error());
            const std::string file = o.initFrom.string();
            if (initMeta->schedule != meta.schedule || initMeta->timesteps != meta.timesteps)
                return makeError(file + ": trained with another noise schedule (" +
                                 initMeta->schedule + ", " + std::to_string(initMeta->timesteps) +
                                 " steps)");
            if (initMeta->classWnids != meta.classWnids)
                return makeError(file + ": its classes differ from the training data's");
            if (Result<void> r = loadInto(*net, init->tensors, "model.", o.initFrom); !r)
                return makeError(r.error());
            if (Result<void> r = loadInto(*ema, init->tensors, "model.", o.initFrom); !r)
                return makeError(r.error());
        }
        AdamW opt(net->parameters());
        for (const auto &p : net->parameters())
            report.parameters += p.numel();

        const int64_t stepsPerEpoch = (n + o.batchSize - 1) / o.batchSize;
        const int64_t totalSteps = stepsPerEpoch * o.epochs;
        int64_t step = 0;
        double previousSeconds = 0;
        if (o.resume && std::filesystem::exists(o.checkpoint)) {
            Result<tensorfile::Contents> ck = tensorfile::load(o.checkpoint);
            if (!ck)
                return makeError(ck.error());
            Result<ModelMeta> ckMeta =
                metaFromStrings(ck->metadata, o.checkpoint, kCheckpointFormat);
            if (!ckMeta)
                return makeError(ckMeta.error());
            if (Result<void> r = checkArchitecture(*ckMeta, meta, o.checkpoint); !r)
                return makeError(r.error());
            if (Result<void> r = loadInto(*net, ck->tensors, "model.", o.checkpoint); !r)
                return makeError(r.error());
            if (Result<void> r = loadInto(*ema, ck->tensors, "ema.", o.checkpoint); !r)
                return makeError(r.error());
            torch::NoGradGuard guard;
            for (size_t i = 0; i < opt.params.size(); ++i) {
                const auto m = ck->tensors.find("adam.m." + std::to_string(i));
                const auto v = ck->tensors.find("adam.v." + std::to_string(i));
                if (m == ck->tensors.end() || v == ck->tensors.end())
                    return makeError(o.checkpoint.string() + ": optimizer state is missing");
                opt.m[i].copy_(m->second);
                opt.v[i].copy_(v->second);
            }
            step = json::integer(ckMeta->training, "step", 0);
            opt.step = json::integer(ckMeta->training, "adam_step", 0);
            previousSeconds = json::number(ckMeta->training, "seconds", 0);
        }
        net->to(device);
        ema->to(device);
        for (size_t i = 0; i < opt.params.size(); ++i) {
            opt.m[i] = opt.m[i].to(device);
            opt.v[i] = opt.v[i].to(device);
        }
        opt.params = net->parameters();
        net->train();

        const torch::Tensor pixels =
            torch::from_blob(const_cast<uint8_t *>(data.pixels.data()),
                             {n, data.channels, data.height, data.width}, torch::kUInt8)
                .to(device);
        const torch::Tensor labels =
            torch::tensor(std::vector<int64_t>(data.labels.begin(), data.labels.end()),
                          torch::kInt64)
                .to(device);
        const torch::Tensor alphaBar =
            torch::tensor(schedule->alphaBar, torch::kFloat64).to(torch::kFloat32).to(device);

        const auto saveCheckpoint = [&](double seconds) -> Result<void> {
            std::vector<std::pair<std::string, torch::Tensor>> tensors;
            appendParameters(*net, "model.", tensors);
            appendParameters(*ema, "ema.", tensors);
            for (size_t i = 0; i < opt.params.size(); ++i) {
                tensors.emplace_back("adam.m." + std::to_string(i), opt.m[i]);
                tensors.emplace_back("adam.v." + std::to_string(i), opt.v[i]);
            }
            ModelMeta ckMeta = meta;
            ckMeta.training = optionsJson(o);
            ckMeta.training["step"] = step;
            ckMeta.training["adam_step"] = opt.step;
            ckMeta.training["seconds"] = seconds;
            return tensorfile::save(o.checkpoint, tensors,
                                    metaToStrings(ckMeta, kCheckpointFormat));
        };

        const auto t0 = std::chrono::steady_clock::now();
        const auto elapsed = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        };
        // The loss is summed on the device and read every 20 steps: reading it every step would
        // make the host wait for the GPU before it queues the next step.
        torch::Tensor lossSum;
        int lossCount = 0;
        int64_t imagesThisWindow = 0;
        auto windowStart = std::chrono::steady_clock::now();
        double imagesPerSecond = 0;
        torch::Tensor perm;
        int64_t permEpoch = -1;
        const int64_t startStep = step;
        while (step < totalSteps) {
            const int64_t epoch = step / stepsPerEpoch, inEpoch = step % stepsPerEpoch;
            if (epoch != permEpoch) {
                at::Generator g = at::detail::createCPUGenerator(mix(o.seed, uint64_t(epoch)));
                perm = torch::randperm(n, g, torch::kInt64).to(device);
                permEpoch = epoch;
            }
            const int64_t begin = inEpoch * o.batchSize, end = std::min(n, begin + o.batchSize);
            const torch::Tensor idx = perm.slice(0, begin, end);
            const int64_t b = end - begin;
            at::Generator g =
                at::detail::createCPUGenerator(mix(o.seed ^ 0x5bd1e995u, uint64_t(step)));
            const torch::Tensor t =
                torch::randint(0, o.timesteps, {b}, g, torch::kInt64).to(device);
            const torch::Tensor noise =
                torch::randn({b, data.channels, data.height, data.width}, g).to(device);
            const torch::Tensor drop = (torch::rand({b}, g) < o.pUncond).to(device);

            const torch::Tensor x0 = pixels.index_select(0, idx).to(torch::kFloat32) / 127.5 - 1.0;
            torch::Tensor y = labels.index_select(0, idx);
            y = torch::where(drop, torch::full_like(y, meta.config.numClasses), y);
            const torch::Tensor ab = alphaBar.index_select(0, t).view({b, 1, 1, 1});
            const torch::Tensor xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise;
            const torch::Tensor pred = net(xt, t.to(torch::kFloat32), y);
            const torch::Tensor loss = torch::mse_loss(pred, noise);
            for (auto &p : opt.params)
                p.mutable_grad() = torch::Tensor();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(opt.params, 1.0);
            opt.apply(learningRate(o, step, totalSteps), o.weightDecay);
            {
                torch::NoGradGuard guard;
                const double decay = std::min(o.emaDecay, (1.0 + step) / (10.0 + step));
                auto src = net->parameters(), dst = ema->parameters();
                for (size_t i = 0; i < src.size(); ++i)
                    dst[i].mul_(decay).add_(src[i], 1 - decay);
            }
            ++step;
            lossSum = lossSum.defined() ? lossSum + loss.detach() : loss.detach();
            ++lossCount;
            imagesThisWindow += b;
            const double windowSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - windowStart)
                    .count();
            if (windowSeconds > 2.0) {
                imagesPerSecond = imagesThisWindow / windowSeconds;
                imagesThisWindow = 0;
                windowStart = std::chrono::steady_clock::now();
            }
            const bool epochDone = step % stepsPerEpoch == 0;
            const bool windowEnds = step % 20 == 0 || epochDone || step == totalSteps;
            if (windowEnds) {
                report.finalLoss = lossSum.item<double>() / lossCount;
                if (progress)
                    progress({int(step / stepsPerEpoch), o.epochs, step, totalSteps,
                              report.finalLoss, imagesPerSecond, previousSeconds + elapsed()});
            }
            if (step % 20 == 0) {
                lossSum = torch::Tensor();
                lossCount = 0;
            }
            const bool stop = isCancelled(cancel);
            if (stop && !windowEnds)
                report.finalLoss = lossSum.item<double>() / lossCount;
            if (epochDone || stop || step == totalSteps) {
                if (Result<void> r = saveCheckpoint(previousSeconds + elapsed()); !r)
                    return makeError(r.error());
            }
            if (stop) {
                report.cancelled = true;
                break;
            }
        }
        report.steps = step;
        report.epochs = int(step / stepsPerEpoch);
        report.seconds = elapsed();
        report.totalSeconds = previousSeconds + report.seconds;
        (void)startStep;
        if (!report.cancelled) {
            std::vector<std::pair<std::string, torch::Tensor>> tensors;
            appendParameters(*ema, "model.", tensors);
            ModelMeta out = meta;
            out.defaults["guidance"] = o.defaultGuidance;
            out.defaults["sampler"] = o.defaultSampler;
            out.defaults["steps"] = o.defaultSteps;
            out.defaults["eta"] = o.defaultEta;
            out.training = optionsJson(o);
            out.training["steps"] = step;
            out.training["seconds"] = report.totalSeconds;
            out.training["images"] = n;
            out.training["final_loss"] = report.finalLoss;
            out.training["note"] = o.note;
            if (Result<void> r =
                    tensorfile::save(o.output, tensors, metaToStrings(out, kModelFormat));
                !r)
                return makeError(r.error());
        }
    } catch (const c10::Error &e) {
        return makeError(std::string("training failed: ") + e.what_without_backtrace());
    }
    return report;
}

} // namespace synset
