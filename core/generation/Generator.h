// One face for the two kinds of image generator: the built-in class-conditional diffusion model
// (a class per image) and Stable Diffusion 1.x (a text prompt per image). Generation jobs, the
// Samples panel and the CLI work through it and need not know which one they drive.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "data/ImageLoader.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace synset {

class DiffusionModel;

struct GeneratorDescription
{
    std::filesystem::path path;
    bool textPrompts = false; // Stable Diffusion: images come from prompts, for any class
    std::string hash;         // the "Model hash" written into every image's parameters
    std::string format;       // "class-conditional model", "diffusers folder", ...
    std::string summary;      // one line for the user (in English; the GUI words its own)
    int64_t parameters = 0;   // class models: their parameter count
    std::string architecture; // text models: UNet, VAE and CLIP sizes in one line
    int width = 0, height = 0, channels = 0;
    std::vector<std::string> classWnids; // class models: the classes they can make, in order
    std::vector<std::string> samplers;   // what generate() takes, best first
    double defaultGuidance = 2.0;
    std::string defaultSampler;
    int defaultSteps = 50;
    double defaultEta = 0.0; // DDIM's eta
    int defaultBatch = 1;    // images per forward pass that fit comfortably
    std::string device;      // once opened: "cpu", "cuda:0"
};

// Reads headers and configs only: cheap enough to call when the user picks a model.
Result<GeneratorDescription> describeGenerator(const std::filesystem::path &path);

struct GeneratorBatch
{
    std::vector<std::string> wnids;   // one per image (class models make that class)
    std::vector<std::string> prompts; // one per image (text models draw that prompt)
    std::vector<uint64_t> seeds;      // one per image; an image does not depend on its batch
                                      // (beyond float rounding: a pixel level at most)
    std::string negativePrompt;       // text models
    double guidance = 2.0;
    std::string sampler = "ddim";
    bool karras = false; // text models: Karras sigmas
    int steps = 50;
    double eta = 0.0;
    int width = 0, height = 0; // text models; 0 is the model's own size
    int batchSize = 64;        // class models: images per forward pass
};

struct GeneratorStep
{
    int step = 0, steps = 0;
    std::vector<ImageData> previews; // one per image of the batch: the predicted clean image
};
// Called from the generating thread after every step.
using GeneratorStepFn = std::function<void(const GeneratorStep &)>;

class Generator
{
public:
    virtual ~Generator();
    Generator(const Generator &) = delete;
    Generator &operator=(const Generator &) = delete;

    // A class model file, or an SD folder or single-file checkpoint. device: "auto", "cpu",
    // "cuda". progress reports loading, which takes a while for SD weights.
    static Result<std::unique_ptr<Generator>> open(const std::filesystem::path &path,
                                                   const std::string &device = "auto",
                                                   const ProgressFn &progress = {},
                                                   const CancelToken *cancel = nullptr);
    // As open(), but a Stable Diffusion model already held by someone else in this process
    // (same file or folder, unchanged since, same device) is shared rather than loaded again:
    // the Samples panel and the generation queue then hold one copy of its gigabytes. A shared
    // text model may generate from several threads at once. Class models are small and are
    // always opened afresh.
    static Result<std::shared_ptr<Generator>> openShared(const std::filesystem::path &path,
                                                         const std::string &device = "auto",
                                                         const ProgressFn &progress = {},
                                                         const CancelToken *cancel = nullptr);
    // Drives a class model loaded elsewhere (not owned).
    static std::unique_ptr<Generator> wrap(DiffusionModel &model);

    const GeneratorDescription &description() const { return m_description; }

    // Cancelled: an error saying so.
    virtual Result<std::vector<ImageData>> generate(const GeneratorBatch &batch,
                                                    const GeneratorStepFn &onStep = {},
                                                    const CancelToken *cancel = nullptr) = 0;

protected:
    Generator() = default;
    GeneratorDescription m_description;
};

} // namespace synset
