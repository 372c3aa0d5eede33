#include "StableDiffusion.h"

#include "ClipTokenizer.h"
#include "SdCheckpoint.h"
#include "SdModels.h"
#include "SdScheduler.h"

#include "diffusion/DiffusionModel.h"
#include "diffusion/TensorFile.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/util/accumulate.h>
#include <torch/cuda.h>
#include <torch/nn/init.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>

namespace synset::sd {

namespace fs = std::filesystem;

namespace {

// The device and dtype the networks run in: float32 on the CPU, float16 on CUDA unless asked not.
Result<torch::TensorOptions> computeOptions(const LoadOptions &options)
{
    torch::Device device(torch::kCPU);
    try {
        if (options.device == "auto")
            device = torch::cuda::is_available() ? torch::Device(torch::kCUDA) : device;
        else
            device = torch::Device(options.device);
    } catch (const c10::Error &) {
        return makeError("unknown device '" + options.device + "' (cpu, cuda or cuda:N)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        return makeError(
            "CUDA is not available to this LibTorch build or machine; use --device cpu");
    const bool half = device.is_cuda() && options.halfOnCuda;
    return torch::TensorOptions().device(device).dtype(half ? torch::kFloat16 : torch::kFloat32);
}

// ---- weights ------------------------------------------------------------------------------------

std::string shapeText(at::IntArrayRef shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct WeightReader
{
    const tensorfile::Index *index = nullptr;
    std::function<std::string(const std::string &)> rename; // diffusers -> stored name
    torch::TensorOptions options;
    int64_t parameters = 0;
    torch::ScalarType stored = torch::kFloat32;

    torch::Tensor operator()(const std::string &name, at::IntArrayRef shape)
    {
        const std::string key = rename ? rename(name) : name;
        const std::string file = index->path.string();
        auto it = index->entries.find(key);
        if (it == index->entries.end())
            throw WeightError{file + ": tensor '" + key + "' is missing"};
        std::vector<int64_t> have = it->second.shape;
        // LDM stores the VAE attention's linear layers as 1x1 convolutions.
        if (shape.size() == 2 && have.size() == 4 && have[2] == 1 && have[3] == 1)
            have.resize(2);
        if (at::IntArrayRef(have) != shape)
            throw WeightError{file + ": tensor '" + key + "' has shape " +
                              shapeText(it->second.shape) + " but the config needs " +
                              shapeText(shape)};
        Result<torch::Tensor> t = tensorfile::readTensor(*index, key);
        if (!t)
            throw WeightError{t.error()};
        const torch::ScalarType type = t->scalar_type();
        if (type != torch::kFloat32 && type != torch::kFloat16 && type != torch::kBFloat16)
            throw WeightError{file + ": tensor '" + key + "' is not floating point"};
        stored = type;
        parameters += t->numel();
        // Upcast on the CPU first: Debian's LibTorch has no float16 CPU kernels.
        return t->to(torch::kFloat32).reshape(shape).to(options).contiguous();
    }
};

std::string dtypeName(torch::ScalarType t)
{
    return t == torch::kFloat16 ? "float16" : t == torch::kBFloat16 ? "bfloat16" : "float32";
}

torch::Tensor toTensor(const Floats &f, const torch::TensorOptions &options)
{
    torch::Tensor t =
        torch::from_blob(const_cast<float *>(f.data.data()), f.shape, torch::kFloat32);
    return t.to(options).clone();
}

// Convolution kernels in channels-last layout when asked; everything else as read.
WeightFn inLayout(WeightFn weight, bool channelsLast)
{
    if (!channelsLast)
        return weight;
    return [weight = std::move(weight)](const std::string &name, at::IntArrayRef shape) {
        torch::Tensor t = weight(name, shape);
        return t.dim() == 4 ? t.contiguous(at::MemoryFormat::ChannelsLast) : t;
    };
}

Floats toFloats(const torch::Tensor &t)
{
    torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    Floats f;
    f.shape.assign(c.sizes().begin(), c.sizes().end());
    f.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return f;
}

bool shapeIs(const Floats &f, size_t dims)
{
    if (f.shape.size() != dims)
        return false;
    int64_t n = 1;
    for (int64_t s : f.shape)
        n *= s;
    return n == static_cast<int64_t>(f.data.size());
}

std::vector<RgbImage> toImages(const torch::Tensor &unit) // [B, 3, H, W] in [0, 1]
{
    torch::Tensor u8 = (unit.to(torch::kCPU, torch::kFloat32) * 255.0)
                           .round()
                           .clamp(0, 255)
                           .to(torch::kUInt8)
                           .permute({0, 2, 3, 1})
                           .contiguous();
    std::vector<RgbImage> out;
    for (int64_t b = 0; b < u8.size(0); ++b) {
        RgbImage img;
        img.height = static_cast<int>(u8.size(1));
        img.width = static_cast<int>(u8.size(2));
        const uint8_t *p = u8[b].data_ptr<uint8_t>();
        img.rgb.assign(p, p + u8[b].numel());
        out.push_back(std::move(img));
    }
    return out;
}

} // namespace

// ---- the model ----------------------------------------------------------------------------------

struct StableDiffusion::Impl
{
    ModelInfo info;
    torch::TensorOptions options;
    std::optional<ClipTokenizer> tokenizer;
    SchedulerConfig scheduler;
    std::unique_ptr<ClipTextModel> text;
    std::unique_ptr<UNet2DCondition> unet;
    std::unique_ptr<AutoencoderKL> vae;

    torch::Tensor ids(const std::string &prompt) const
    {
        const std::vector<int32_t> v =
            tokenizer->encodePadded(prompt, static_cast<int>(text->config().maxPositions));
        std::vector<int64_t> wide(v.begin(), v.end());
        return torch::tensor(wide, torch::kLong).unsqueeze(0).to(options.device());
    }
};

StableDiffusion::StableDiffusion(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

StableDiffusion::~StableDiffusion() = default;

const ModelInfo &StableDiffusion::info() const
{
    return d->info;
}

Result<ModelInfo> StableDiffusion::inspect(const fs::path &path, const fs::path &configFolder)
{
    ModelInfo info;
    info.path = path;
    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    if (!folder && !fs::exists(path, ec))
        return makeError(path.string() + ": no such file or folder");
    if (folder && !fs::exists(path / "model_index.json", ec))
        return makeError(path.string() +
                         ": no model_index.json; not a diffusers Stable Diffusion folder");
    CheckpointConfigs configs;
    const fs::path configRoot = folder ? path : configFolder;
    if (!configRoot.empty()) {
        Result<CheckpointConfigs> read = readDiffusersConfigs(configRoot);
        if (!read)
            return makeError(read.error());
        configs = std::move(*read);
    }
    fs::path unetFile = path;
    if (folder) {
        info.format = "diffusers folder";
        Result<fs::path> file = componentWeights(path / "unet", "diffusion_pytorch_model", false);
        if (!file)
            return makeError(file.error());
        unetFile = *file;
    } else {
        info.format = "single-file LDM checkpoint";
    }
    Result<tensorfile::Index> index = tensorfile::readIndex(unetFile);
    if (!index)
        return makeError(index.error());
    const std::string probe =
        folder ? "conv_in.weight" : "model.diffusion_model.input_blocks.0.0.weight";
    const auto entry = index->entries.find(probe);
    if (entry == index->entries.end())
        return makeError(unetFile.string() + ": no tensor '" + probe +
                         "'; not a Stable Diffusion 1.x " +
                         (folder ? "UNet" : "checkpoint in LDM key names"));
    info.storedDtype = entry->second.dtype == "F16"    ? "float16"
                       : entry->second.dtype == "BF16" ? "bfloat16"
                                                       : "float32";
    try {
        if (!folder && configRoot.empty())
            inferFromShapes(*index, configs);
    } catch (const WeightError &e) {
        return makeError(path.string() + ": " + e.message);
    }
    info.defaultWidth = info.defaultHeight =
        static_cast<int>(configs.unet.sampleSize * vaeScaleFactor(configs.vae));
    info.latentChannels = static_cast<int>(configs.vae.latentChannels);
    info.architecture = describe(configs);
    Result<std::string> hash = quickHash(path);
    if (!hash)
        return makeError(hash.error());
    info.hash = *hash;
    return info;
}

Result<std::string> quickHash(const fs::path &model)
{
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(model, ec)) {
        for (auto [sub, plain] :
             {std::pair{"unet", "diffusion_pytorch_model"}, std::pair{"text_encoder", "model"},
              std::pair{"vae", "diffusion_pytorch_model"}}) {
            Result<fs::path> file = componentWeights(model / sub, plain, false);
            if (!file)
                return makeError(file.error());
            files.push_back(*file);
        }
    } else {
        files.push_back(model);
    }
    constexpr std::uintmax_t kOffset = 0x100000, kLength = 0x10000;
    std::string sampled;
    for (const fs::path &f : files) {
        const std::uintmax_t size = fs::file_size(f, ec);
        std::ifstream in(f, std::ios::binary);
        if (ec || !in)
            return makeError(f.string() + ": cannot be read");
        const std::uintmax_t from = size >= kOffset + kLength ? kOffset : 0;
        const std::uintmax_t length = size >= kOffset + kLength ? kLength : size;
        std::string part(length, '\0');
        in.seekg(static_cast<std::streamoff>(from));
        if (!in.read(part.data(), static_cast<std::streamsize>(length)))
            return makeError(f.string() + ": cannot be read");
        sampled += part;
    }
    return sha256Hex(sampled).substr(0, 8);
}

bool StableDiffusion::looksLikeModel(const fs::path &path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return fs::exists(path / "model_index.json") && fs::exists(path / "unet");
    if (path.extension() != ".safetensors")
        return false;
    Result<tensorfile::Index> index = tensorfile::readIndex(path);
    return index && index->entries.count("model.diffusion_model.input_blocks.0.0.weight");
}

Result<std::unique_ptr<StableDiffusion>> StableDiffusion::load(const fs::path &path,
                                                               const LoadOptions &options,
                                                               const ProgressFn &progress,
                                                               const CancelToken *cancel)
{
    auto impl = std::make_unique<Impl>();
    Result<torch::TensorOptions> computeIn = computeOptions(options);
    if (!computeIn)
        return makeError(computeIn.error());
    impl->options = *computeIn;
    const bool half = impl->options.dtype() == torch::kFloat16;
    impl->info.path = path;
    impl->info.device = impl->options.device().str();
    impl->info.dtype = dtypeName(impl->options.dtype().toScalarType());

    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    if (!folder && !fs::exists(path, ec))
        return makeError(path.string() + ": no such file or folder");
    // The configs: the folder's own, or the configFolder a single file was given.
    CheckpointConfigs configs;
    const fs::path configRoot = folder ? path : options.configFolder;
    if (!configRoot.empty()) {
        Result<CheckpointConfigs> read = readDiffusersConfigs(configRoot);
        if (!read)
            return makeError(read.error());
        configs = std::move(*read);
    }
    impl->scheduler = configs.scheduler;
    const UNetConfig &unetConfig = configs.unet;
    const VaeConfig &vaeConfig = configs.vae;
    const ClipTextConfig &textConfig = configs.text;
    tensorfile::Index unetIndex, vaeIndex, textIndex;
    std::function<std::string(const std::string &)> unetRename, vaeRename, textRename;

    try {
        if (folder) {
            impl->info.format = "diffusers folder";
            for (auto [index, sub, plain] :
                 {std::tuple{&unetIndex, "unet", "diffusion_pytorch_model"},
                  std::tuple{&vaeIndex, "vae", "diffusion_pytorch_model"},
                  std::tuple{&textIndex, "text_encoder", "model"}}) {
                Result<fs::path> file = componentWeights(path / sub, plain, half);
                if (!file)
                    return makeError(file.error());
                Result<tensorfile::Index> idx = tensorfile::readIndex(*file);
                if (!idx)
                    return makeError(idx.error());
                *index = std::move(*idx);
            }
        } else {
            impl->info.format = "single-file LDM checkpoint";
            Result<tensorfile::Index> idx = tensorfile::readIndex(path);
            if (!idx)
                return makeError(idx.error());
            if (!idx->entries.count("model.diffusion_model.input_blocks.0.0.weight"))
                return makeError(path.string() +
                                 ": no 'model.diffusion_model.*' tensors; not a Stable Diffusion "
                                 "1.x checkpoint in LDM key names");
            if (configRoot.empty())
                inferFromShapes(*idx, configs);
            unetIndex = vaeIndex = textIndex = std::move(*idx);
            unetRename = [&unetConfig](const std::string &n) { return ldmUNetName(n, unetConfig); };
            vaeRename = [&vaeConfig](const std::string &n) { return ldmVaeName(n, vaeConfig); };
            textRename = [](const std::string &n) { return "cond_stage_model.transformer." + n; };
        }
        Result<ClipTokenizer> tok = tokenizerForModel(path, options.configFolder);
        if (!tok)
            return makeError(tok.error());
        impl->tokenizer = std::move(*tok);

        torch::NoGradGuard noGrad;
        reportProgress(progress, 0.05, "text encoder");
        WeightReader textReader{&textIndex, textRename, impl->options};
        impl->text = std::make_unique<ClipTextModel>(textConfig, std::ref(textReader));
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, 0.2, "UNet");
        WeightReader unetReader{&unetIndex, unetRename, impl->options};
        impl->unet = std::make_unique<UNet2DCondition>(
            unetConfig, inLayout(std::ref(unetReader), options.channelsLast));
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, 0.85, "VAE");
        WeightReader vaeReader{&vaeIndex, vaeRename, impl->options};
        impl->vae =
            std::make_unique<AutoencoderKL>(vaeConfig, std::ref(vaeReader), options.withEncoder);
        reportProgress(progress, 1.0, "loaded");

        if (unetConfig.crossAttentionDim != textConfig.hidden)
            return makeError(path.string() + ": the UNet attends to " +
                             std::to_string(unetConfig.crossAttentionDim) +
                             "-wide context but the text encoder is " +
                             std::to_string(textConfig.hidden) + " wide");
        impl->info.unetParameters = unetReader.parameters;
        impl->info.textParameters = textReader.parameters;
        impl->info.vaeParameters = vaeReader.parameters;
        impl->info.storedDtype = dtypeName(unetReader.stored);
    } catch (const WeightError &e) {
        // Shape and file errors name their file; structural ones get the model's path.
        return makeError(
            e.message.find(".safetensors") != std::string::npos
                ? e.message
                : path.string() + ": " + e.message +
                      (folder ? "" : " (pass the model's diffusers folder with --config)"));
    } catch (const c10::Error &e) {
        return makeError(path.string() + ": " + e.what_without_backtrace());
    } catch (const std::exception &e) {
        return makeError(path.string() + ": " + e.what());
    }
    impl->info.defaultWidth = impl->info.defaultHeight =
        static_cast<int>(unetConfig.sampleSize * vaeScaleFactor(vaeConfig));
    impl->info.latentChannels = static_cast<int>(vaeConfig.latentChannels);
    impl->info.architecture = describe(configs);
    Result<std::string> hash = quickHash(path);
    if (!hash)
        return makeError(hash.error());
    impl->info.hash = *hash;
    return std::unique_ptr<StableDiffusion>(new StableDiffusion(std::move(impl)));
}

std::vector<int32_t> StableDiffusion::tokenize(const std::string &text) const
{
    return d->tokenizer->encodePadded(text, static_cast<int>(d->text->config().maxPositions));
}

std::string StableDiffusion::tokenText(int32_t id) const
{
    return d->tokenizer->tokenText(id);
}

Result<Floats> StableDiffusion::encodeText(const std::string &prompt) const
{
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->text->forward(d->ids(prompt)));
    } catch (const c10::Error &e) {
        return makeError(std::string("text encoder: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::predictNoise(const Floats &x, const std::vector<double> &timesteps,
                                             const Floats &context) const
{
    if (!shapeIs(x, 4) || !shapeIs(context, 3) || x.shape[0] != context.shape[0] ||
        static_cast<int64_t>(timesteps.size()) != x.shape[0])
        return makeError("predictNoise: x must be [B, C, h, w], context [B, tokens, width] and one "
                         "timestep per image");
    try {
        torch::NoGradGuard noGrad;
        torch::Tensor t =
            torch::tensor(timesteps, torch::kFloat64).to(torch::kFloat32).to(d->options.device());
        return toFloats(
            d->unet->forward(toTensor(x, d->options), t, toTensor(context, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("UNet: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::decodeLatents(const Floats &latents) const
{
    if (!shapeIs(latents, 4))
        return makeError("decodeLatents: latents must be [B, C, h, w]");
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->vae->decode(toTensor(latents, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("VAE decoder: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::encodeImage(const Floats &image) const
{
    if (!d->vae->hasEncoder())
        return makeError("the VAE encoder was not loaded (LoadOptions::withEncoder)");
    if (!shapeIs(image, 4))
        return makeError("encodeImage: image must be [B, 3, H, W]");
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->vae->encode(toTensor(image, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("VAE encoder: ") + e.what_without_backtrace());
    }
}

Result<GenerateResult> StableDiffusion::generate(const GenerateRequest &r, const PreviewFn &preview,
                                                 const ProgressFn &progress,
                                                 const CancelToken *cancel) const
{
    const auto start = std::chrono::steady_clock::now();
    const auto batch = static_cast<int64_t>(r.prompts.size());
    if (batch == 0 || r.seeds.size() != r.prompts.size())
        return makeError("generate: one seed per prompt is needed");
    const int64_t factor = vaeScaleFactor(d->vae->config());
    if (r.width <= 0 || r.height <= 0 || r.width % factor || r.height % factor)
        return makeError("width and height must be positive multiples of " +
                         std::to_string(factor));
    if (r.steps < 1 || r.steps > 1000)
        return makeError("steps must be between 1 and 1000");
    Result<SamplerKind> kind = parseSamplerKind(r.sampler);
    if (!kind)
        return makeError(kind.error());
    const int64_t channels = d->vae->config().latentChannels;
    const int64_t h = r.height / factor, w = r.width / factor;
    if (r.initLatents.data.size() &&
        (!shapeIs(r.initLatents, 4) ||
         r.initLatents.shape != std::vector<int64_t>{batch, channels, h, w}))
        return makeError("initial latents must be [" + std::to_string(batch) + ", " +
                         std::to_string(channels) + ", " + std::to_string(h) + ", " +
                         std::to_string(w) + "] for this batch and size");
    try {
        torch::NoGradGuard noGrad;
        const torch::TensorOptions &o = d->options;
        // One CPU generator per image: an image does not change with the batch it is in, and a
        // seed gives the same noise as torch.randn on a CPU generator in Python.
        std::vector<at::Generator> gens;
        for (uint64_t seed : r.seeds)
            gens.push_back(at::detail::createCPUGenerator(seed));
        auto draw = [&] {
            std::vector<torch::Tensor> parts;
            for (at::Generator &g : gens)
                parts.push_back(torch::randn({channels, h, w}, g, torch::kFloat32));
            return torch::stack(parts).to(o);
        };
        torch::Tensor noise = r.initLatents.data.empty() ? draw() : toTensor(r.initLatents, o);

        std::vector<torch::Tensor> cond;
        for (const std::string &p : r.prompts)
            cond.push_back(d->text->forward(d->ids(p)));
        torch::Tensor context = torch::cat(cond, 0);
        const bool guided = r.guidance != 1.0;
        if (guided) {
            torch::Tensor uncond =
                d->text->forward(d->ids(r.negativePrompt)).expand({batch, -1, -1});
            context = torch::cat({uncond, context}, 0);
        }

        Scheduler scheduler(d->scheduler, *kind, r.steps, r.karras, r.eta);
        torch::Tensor x = noise * scheduler.initNoiseSigma();
        // SD 1.x's linear latent-to-RGB approximation for previews (4 latent channels).
        const torch::Tensor rgbFactors =
            torch::tensor({0.298f, 0.207f, 0.208f, 0.187f, 0.286f, 0.173f, -0.158f, 0.189f, 0.264f,
                           -0.184f, -0.271f, -0.473f})
                .view({4, 3});
        for (int i = 0; i < scheduler.steps(); ++i) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            torch::Tensor in = scheduler.scaleModelInput(x, i).to(o);
            torch::Tensor t = torch::full({guided ? 2 * batch : batch}, scheduler.timesteps()[i],
                                          o.dtype(torch::kFloat32));
            torch::Tensor eps = d->unet->forward(guided ? torch::cat({in, in}, 0) : in, t, context);
            if (guided) {
                std::vector<torch::Tensor> parts = eps.chunk(2, 0);
                eps = parts[0] + r.guidance * (parts[1] - parts[0]);
            }
            if (preview) {
                torch::Tensor x0 =
                    scheduler.predictedX0(eps, i, x).to(torch::kCPU, torch::kFloat32);
                torch::Tensor rgb;
                if (channels == 4)
                    rgb = torch::einsum("bchw,cr->brhw", {x0, rgbFactors});
                else
                    rgb = x0.mean(1, true).expand({-1, 3, -1, -1});
                if (!preview(i + 1, scheduler.steps(), toImages(((rgb + 1) / 2).clamp(0, 1))))
                    return makeError("cancelled");
            }
            x = scheduler.step(eps, i, x, draw);
            reportProgress(progress, (i + 1.0) / (scheduler.steps() + 1), "denoising");
        }
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, scheduler.steps() / (scheduler.steps() + 1.0), "decoding");
        torch::Tensor image = (d->vae->decode(x) / 2 + 0.5).clamp(0, 1);
        GenerateResult result;
        result.image = toFloats(image);
        result.images = toImages(image);
        result.noise = toFloats(noise);
        result.latents = toFloats(x);
        result.timesteps = scheduler.timesteps();
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        reportProgress(progress, 1.0, "done");
        return result;
    } catch (const c10::Error &e) {
        return makeError(std::string("generation failed: ") + e.what_without_backtrace());
    }
}

double StableDiffusion::unetMacs(int width, int height) const
{
    const int64_t factor = vaeScaleFactor(d->vae->config());
    torch::NoGradGuard noGrad;
    torch::Tensor x = torch::zeros(
        {1, d->unet->config().inChannels, height / factor, width / factor}, d->options);
    torch::Tensor ctx = torch::zeros(
        {1, d->text->config().maxPositions, d->unet->config().crossAttentionDim}, d->options);
    setMacCounting(true);
    d->unet->forward(x, torch::full({1}, 500.0, d->options.dtype(torch::kFloat32)), ctx);
    const double macs = countedMacs();
    setMacCounting(false);
    return macs;
}

Result<std::unique_ptr<StableDiffusion>>
StableDiffusion::randomForBenchmark(const std::string &preset, const LoadOptions &options,
                                    uint64_t seed)
{
    if (preset != "sd15")
        return makeError("unknown preset '" + preset + "' (sd15)");
    auto impl = std::make_unique<Impl>();
    Result<torch::TensorOptions> computeIn = computeOptions(options);
    if (!computeIn)
        return makeError(computeIn.error());
    impl->options = *computeIn;
    CheckpointConfigs configs; // SD 1.5: the defaults plus its widths and block types
    UNetConfig &u = configs.unet;
    u.blockOut = {320, 640, 1280, 1280};
    u.downCrossAttention = {true, true, true, false};
    u.upCrossAttention = {false, true, true, true};
    u.heads = {8, 8, 8, 8};
    configs.vae.blockOut = {128, 256, 512, 512};
    torch::manual_seed(seed);
    int64_t count = 0;
    auto random = [&](const std::string &name, at::IntArrayRef shape) {
        count += c10::multiply_integers(shape);
        const bool isNorm = name.find("norm") != std::string::npos;
        if (isNorm)
            return (name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0
                        ? torch::ones(shape)
                        : torch::zeros(shape))
                .to(impl->options);
        const int64_t fanIn = shape.size() > 1 ? c10::multiply_integers(shape.slice(1)) : shape[0];
        return (torch::randn(shape) / std::sqrt(static_cast<double>(fanIn))).to(impl->options);
    };
    try {
        torch::NoGradGuard noGrad;
        impl->text = std::make_unique<ClipTextModel>(configs.text, random);
        impl->info.textParameters = std::exchange(count, 0);
        impl->unet = std::make_unique<UNet2DCondition>(u, inLayout(random, options.channelsLast));
        impl->info.unetParameters = std::exchange(count, 0);
        impl->vae = std::make_unique<AutoencoderKL>(configs.vae, random, false);
        impl->info.vaeParameters = count;
    } catch (const WeightError &e) {
        return makeError(e.message);
    } catch (const c10::Error &e) {
        return makeError(e.what_without_backtrace());
    }
    fs::path tok = bundledTokenizer();
    if (!tok.empty()) {
        Result<ClipTokenizer> loaded = ClipTokenizer::load(tok);
        if (loaded)
            impl->tokenizer = std::move(*loaded);
    }
    if (!impl->tokenizer)
        return makeError("the bundled CLIP tokenizer is not installed");
    impl->info.format = "random weights (" + preset + ")";
    impl->info.device = impl->options.device().str();
    impl->info.dtype = dtypeName(impl->options.dtype().toScalarType());
    impl->info.architecture = describe(configs);
    impl->info.hash = "random";
    return std::unique_ptr<StableDiffusion>(new StableDiffusion(std::move(impl)));
}

Result<ClipTokenizer> tokenizerForModel(const fs::path &model, const fs::path &configFolder)
{
    std::error_code ec;
    fs::path folder;
    if (fs::is_directory(model, ec))
        folder = model / "tokenizer";
    else if (!configFolder.empty() && fs::exists(configFolder / "tokenizer/vocab.json"))
        folder = configFolder / "tokenizer";
    else if (!fs::exists(model, ec))
        return makeError(model.string() + ": no such file or folder");
    else
        folder = bundledTokenizer();
    if (folder.empty())
        return makeError(
            "the bundled CLIP tokenizer (resources/sd/clip-tokenizer) is not installed");
    return ClipTokenizer::load(folder);
}

// ---- files --------------------------------------------------------------------------------------

double relativeError(const Floats &a, const Floats &b)
{
    if (a.shape != b.shape || a.data.size() != b.data.size())
        return std::numeric_limits<double>::infinity();
    double diff = 0, scale = 0;
    for (size_t i = 0; i < a.data.size(); ++i) {
        diff = std::max(diff, std::abs(double(a.data[i]) - b.data[i]));
        scale = std::max(scale, std::abs(double(b.data[i])));
    }
    return diff / std::max(scale, 1e-12);
}

Result<std::map<std::string, Floats>> readFloatTensors(const fs::path &path)
{
    Result<tensorfile::Contents> c = tensorfile::load(path);
    if (!c)
        return makeError(c.error());
    std::map<std::string, Floats> out;
    for (const auto &[name, t] : c->tensors)
        out[name] = toFloats(t.to(torch::kFloat32));
    return out;
}

Result<void> saveLatents(const fs::path &path, const Floats &latents)
{
    if (!shapeIs(latents, latents.shape.size()))
        return makeError(path.string() + ": latents do not match their shape");
    return tensorfile::save(path, {{"latents", toTensor(latents, torch::TensorOptions())}},
                            {{"format", "synset-studio latents"}});
}

Result<Floats> loadLatents(const fs::path &path)
{
    Result<tensorfile::Index> index = tensorfile::readIndex(path);
    if (!index)
        return makeError(index.error());
    Result<torch::Tensor> t = tensorfile::readTensor(*index, "latents");
    if (!t)
        return makeError(path.string() + ": no tensor named 'latents'");
    if (t->dim() == 3)
        *t = t->unsqueeze(0);
    if (t->dim() != 4)
        return makeError(path.string() + ": 'latents' must be [B, C, h, w] or [C, h, w]");
    return toFloats(*t);
}

} // namespace synset::sd
