// Stable Diffusion 1.x text-to-image over LibTorch: loads a diffusers folder or a single-file LDM
// checkpoint, tokenizes and encodes prompts with CLIP, denoises with classifier-free guidance and
// decodes with the VAE. Plain types only, so that Qt code can include it.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace synset::sd {

struct Floats
{
    std::vector<float> data;
    std::vector<int64_t> shape;
};

struct LoadOptions
{
    std::string device = "cpu"; // "cpu", "cuda", "cuda:N", or "auto" (CUDA when there is one)
    bool halfOnCuda = true;     // float16 weights and activations on CUDA (CPU is always float32)
    bool withEncoder = false;   // also load the VAE encoder (image-to-image)
    // The UNet's convolutions in channels-last (NHWC) layout, as its activations then are too:
    // what tensor cores want on CUDA. bench_sd --channels-last measures it.
    bool channelsLast = false;
    // For a single-file checkpoint: a diffusers folder whose config.json files (and tokenizer)
    // describe it. Without one, the architecture is read from the tensor shapes with SD 1.x's
    // head counts, and the tokenizer is the bundled CLIP vocabulary.
    std::filesystem::path configFolder;
};

struct ModelInfo
{
    std::filesystem::path path;
    std::string format;      // "diffusers folder" or "single-file LDM checkpoint"
    std::string device;      // "cpu", "cuda:0"
    std::string dtype;       // "float32", "float16"
    std::string storedDtype; // what the UNet's file holds
    int defaultWidth = 512, defaultHeight = 512;
    int latentChannels = 4;
    int64_t unetParameters = 0, textParameters = 0, vaeParameters = 0;
    std::string architecture; // one line: UNet widths, layers, heads, context width, VAE, CLIP
    std::string hash;         // quickHash() of the weights
};

struct GenerateRequest
{
    std::vector<std::string> prompts; // one per image
    std::vector<uint64_t> seeds;      // one per image: the initial noise, and ancestral noise
    std::string negativePrompt;
    int steps = 50;
    double guidance = 7.5;        // 1 disables classifier-free guidance (one UNet pass per step)
    std::string sampler = "ddim"; // ddim, euler, euler-a, dpmpp2m
    bool karras = false;
    double eta = 0.0;
    int width = 512, height = 512;
    // [B, C, h, w]: replaces the seeded initial noise (before the initial sigma scaling).
    Floats initLatents;
};

struct RgbImage
{
    int width = 0, height = 0;
    std::vector<uint8_t> rgb; // interleaved, row-major
};

struct GenerateResult
{
    std::vector<RgbImage> images;
    Floats image;   // [B, 3, H, W] in [0, 1] before quantization
    Floats noise;   // the initial latents (before sigma scaling)
    Floats latents; // the final latents
    std::vector<double> timesteps;
    double seconds = 0;
};

// After each step: previews of the predicted clean image from a linear latent-to-RGB projection
// (latent resolution), cheap enough for every step. Return false to stop.
using PreviewFn = std::function<bool(int step, int steps, const std::vector<RgbImage> &previews)>;

class StableDiffusion
{
public:
    ~StableDiffusion();
    StableDiffusion(const StableDiffusion &) = delete;
    StableDiffusion &operator=(const StableDiffusion &) = delete;

    // A folder with model_index.json, or a .safetensors checkpoint with LDM key names. A missing
    // file, an unsupported config, a wrong shape or a truncated tensor is an error naming the
    // file and the tensor.
    static Result<std::unique_ptr<StableDiffusion>> load(const std::filesystem::path &path,
                                                         const LoadOptions &options = {},
                                                         const ProgressFn &progress = {},
                                                         const CancelToken *cancel = nullptr);
    // Whether a path looks like something load() takes (folder layout or checkpoint keys), by
    // reading headers only.
    static bool looksLikeModel(const std::filesystem::path &path);
    // What load() would make, from the configs and tensor headers only (no weights are read):
    // format, default size, architecture and hash. Fast enough for a file dialog.
    static Result<ModelInfo> inspect(const std::filesystem::path &path,
                                     const std::filesystem::path &configFolder = {});

    const ModelInfo &info() const;

    std::vector<int32_t> tokenize(const std::string &text) const; // the 77 padded ids
    std::string tokenText(int32_t id) const;

    // The pieces, on plain float arrays (for conformance tests and tools).
    Result<Floats> encodeText(const std::string &prompt) const; // [1, 77, width]
    Result<Floats> predictNoise(const Floats &x, const std::vector<double> &timesteps,
                                const Floats &context) const;
    Result<Floats> decodeLatents(const Floats &latents) const; // scaled latents -> [-1, 1] image
    Result<Floats> encodeImage(const Floats &image) const;     // [-1, 1] image -> scaled latents

    Result<GenerateResult> generate(const GenerateRequest &request, const PreviewFn &preview = {},
                                    const ProgressFn &progress = {},
                                    const CancelToken *cancel = nullptr) const;

    // Memory and speed figures for the benchmark: random weights at a config's sizes.
    static Result<std::unique_ptr<StableDiffusion>>
    randomForBenchmark(const std::string &preset, const LoadOptions &options, uint64_t seed);
    // Multiply-accumulates of one UNet forward for one image at this size (counted).
    double unetMacs(int width, int height) const;

private:
    struct Impl;
    explicit StableDiffusion(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

class ClipTokenizer;
// The tokenizer a model uses, without loading weights: the folder's tokenizer/, the config
// folder's, or (single files) the bundled CLIP vocabulary.
Result<ClipTokenizer> tokenizerForModel(const std::filesystem::path &model,
                                        const std::filesystem::path &configFolder = {});

// The "Model hash" of a checkpoint, without reading it all: the first 8 hex digits of the SHA-256
// of the 64 KiB at offset 1 MiB (AUTOMATIC1111's legacy model hash; a smaller file is hashed
// whole). A diffusers folder hashes those pieces of its UNet, text encoder and VAE weights.
Result<std::string> quickHash(const std::filesystem::path &model);

// Float tensors of a safetensors file (other dtypes are converted), for tests and tools.
Result<std::map<std::string, Floats>> readFloatTensors(const std::filesystem::path &path);
// max |a - b| / max |b|, the relative error of the conformance checks (infinite when the shapes
// differ).
double relativeError(const Floats &a, const Floats &b);
// A latent file: one tensor named "latents".
Result<void> saveLatents(const std::filesystem::path &path, const Floats &latents);
Result<Floats> loadLatents(const std::filesystem::path &path);

} // namespace synset::sd
