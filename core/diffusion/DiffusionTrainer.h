// Trains a class-conditional diffusion model (plain types; no LibTorch in this header): label
// dropout for classifier-free guidance, EMA weights, AdamW with warm-up and cosine decay, a
// checkpoint every epoch that resumes exactly, and the final model file (EMA weights).
#pragma once

#include "common/ImageViews.h"
#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace synset {

struct GeneratorTrainData
{
    int channels = 1, height = 28, width = 28;
    std::vector<uint8_t> pixels; // N*C*H*W, channel-planar per image
    std::vector<int> labels;     // class index per image
    std::vector<std::string> classWnids, classNames;
    std::vector<int64_t> imageIds; // the project's image ids, when loaded from a project

    // A streamed set (ImageNet-sized images) keeps no pixels: each image is decoded from its file
    // when a batch needs it, as a view (a crop chosen from the stored size, mirrored or not)
    // resized to channels x height x width. decode writes image i's view planar at chw; an error
    // names the file.
    std::vector<int> sourceWidths, sourceHeights;
    std::function<Result<void>(size_t i, const ViewCrop &view, uint8_t *chw)> decode;

    size_t count() const { return labels.size(); }
    bool streamed() const { return bool(decode); }
};

struct GeneratorTrainOptions
{
    // Architecture
    // Sized by FLOPs for a 2-core CPU: about 270 training images/s at 28x28 (see bench/).
    int baseChannels = 16;
    std::vector<int> channelMult{1, 2, 4};
    int numResBlocks = 1;
    std::vector<int> attentionLevels{2};
    // Diffusion
    std::string schedule = "cosine";
    int timesteps = 1000;
    // Optimisation
    int epochs = 12;
    int batchSize = 128;
    double learningRate = 1e-3;
    double weightDecay = 0.0;
    int warmupSteps = 500;
    double pUncond = 0.15; // label dropout
    double emaDecay = 0.999;
    uint64_t seed = 0;
    std::string device = "auto";
    // Files: the checkpoint is rewritten every epoch; the model is written at the end.
    std::filesystem::path checkpoint;
    std::filesystem::path output;
    bool resume = false;
    // Start from the weights of this model file (the network and its EMA copy), e.g. to train a
    // generator further; its architecture, schedule and classes must match. Ignored when resuming
    // from a checkpoint.
    std::filesystem::path initFrom;
    // Recommended sampling settings stored in the model file.
    // At eta 1, guidance 1.5 is as faithful to the class as 2 was at eta 0, with more variety.
    double defaultGuidance = 1.5;
    std::string defaultSampler = "ddim";
    int defaultSteps = 50;
    double defaultEta = 1.0;
    std::string note; // free text stored with the model (command, machine)
};

// The architecture and schedule options of a model file, for training it further (initFrom).
Result<GeneratorTrainOptions> generatorOptionsOf(const std::filesystem::path &model,
                                                 GeneratorTrainOptions options = {});

// The sampling settings a model file recommends (its "defaults"); what is unset is left as is.
struct GeneratorDefaults
{
    std::optional<double> guidance;
    std::optional<std::string> sampler; // ddim, ddpm or dpmpp2m
    std::optional<int> steps;
    std::optional<double> eta; // DDIM's
};

// Rewrites a model file's defaults, keeping its weights and everything else it says; the file is
// replaced atomically, so a bad value or a failed write leaves it as it was. Its hash changes.
Result<void> setGeneratorDefaults(const std::filesystem::path &model,
                                  const GeneratorDefaults &defaults);

struct GeneratorTrainProgress
{
    int epoch = 0, epochs = 0;
    int64_t step = 0, totalSteps = 0;
    double loss = 0; // running mean over the last steps
    double imagesPerSecond = 0;
    double elapsedSeconds = 0;
};

struct GeneratorTrainReport
{
    int64_t steps = 0;
    int epochs = 0;
    double finalLoss = 0;
    double seconds = 0; // this run's training time (a resumed run adds to the checkpoint's)
    double totalSeconds = 0;
    bool cancelled = false;
    int64_t parameters = 0;
};

// A model file with random weights of the options' architecture, for tests and benchmarks.
Result<void> writeRandomGenerator(const std::filesystem::path &path, int channels, int height,
                                  int width, const std::vector<std::string> &classWnids,
                                  const GeneratorTrainOptions &options, uint64_t seed,
                                  double scale = 0.05);

Result<GeneratorTrainReport>
trainGenerator(const GeneratorTrainData &data, const GeneratorTrainOptions &options,
               const std::function<void(const GeneratorTrainProgress &)> &progress = {},
               const CancelToken *cancel = nullptr);

} // namespace synset
