// Diffusion figures: FLOPs per image, sampling images/s at batch 1 and 64 (50 DDIM steps with
// classifier-free guidance), training images/s, and the fraction of this machine's convolution
// peak (measured here, by this benchmark) that sampling and training reach.
// Builds with LibTorch alone (SYNSET_TENSOR_ONLY) so it runs on GPU machines too.
#include "diffusion/DiffusionModel.h"
#include "diffusion/DiffusionTrainer.h"
#include "diffusion/UNetConfig.h"

#include <torch/cuda.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace synset;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Best of a few timed runs of a 3x3 convolution big enough to reach the library's peak.
static double convPeakGflops(torch::Device device, bool backward)
{
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(64, 64, 3).padding(1));
    conv->to(device);
    torch::Tensor x = torch::randn({32, 64, 28, 28}, torch::TensorOptions().device(device))
                          .set_requires_grad(backward);
    const double flops = 2.0 * 9 * 64 * 64 * 28 * 28 * 32 * (backward ? 3 : 1);
    double best = 0;
    for (int rep = 0; rep < 5; ++rep) {
        const auto t0 = Clock::now();
        for (int i = 0; i < 5; ++i) {
            torch::Tensor y = conv(x);
            if (backward)
                y.sum().backward();
        }
        if (device.is_cuda())
            torch::cuda::synchronize();
        best = std::max(best, flops * 5 / seconds(t0) / 1e9);
    }
    return best;
}

int main(int argc, char **argv)
{
    useAllCores();
    const std::string device = argc > 1 ? argv[1] : "auto";
    const bool cuda = device == "cuda" || (device == "auto" && torch::cuda::is_available());
    const torch::Device dev = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    std::printf("device: %s\n", cuda ? "cuda" : "cpu");

    GeneratorTrainOptions options; // the shipped model's architecture
    diffusion::UNetConfig config;
    config.baseChannels = options.baseChannels;
    config.channelMult = options.channelMult;
    config.attentionLevels = options.attentionLevels;
    config.numResBlocks = options.numResBlocks;
    const double flops = config.flopsPerImage();
    std::printf("UNet %d ch x (%d,%d,%d), 28x28x1: %.1f MFLOP per forward per image\n",
                config.baseChannels, config.channelMult[0], config.channelMult[1],
                config.channelMult[2], flops / 1e6);

    const double peakFwd = convPeakGflops(dev, false), peakTrain = convPeakGflops(dev, true);
    std::printf("conv peak (3x3, 64->64, 28x28, batch 32): forward %.0f GFLOP/s, forward+backward "
                "%.0f GFLOP/s\n",
                peakFwd, peakTrain);

    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / "bench-diffusion.safetensors";
    std::vector<std::string> wnids;
    for (int i = 0; i < 10; ++i)
        wnids.push_back("n0000000" + std::to_string(i));
    if (Result<void> r = writeRandomGenerator(path, 1, 28, 28, wnids, options, 1); !r) {
        std::fprintf(stderr, "%s\n", r.error().c_str());
        return 1;
    }
    Result<std::unique_ptr<DiffusionModel>> model =
        DiffusionModel::load(path, cuda ? "cuda" : "cpu");
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().c_str());
        return 1;
    }
    for (int batch : {1, 64}) {
        SampleRequest r;
        r.steps = 50;
        r.guidance = 3;
        r.batchSize = batch;
        const int images = batch == 1 ? 4 : (cuda ? 1024 : 128);
        for (int i = 0; i < images; ++i) {
            r.classes.push_back(i % 10);
            r.seeds.push_back(uint64_t(i));
        }
        (void)(*model)->sample(SampleRequest{{0}, {0}, 3, "ddim", 2, 0, batch}); // warm-up
        const auto t0 = Clock::now();
        Result<std::vector<GeneratedImage>> out = (*model)->sample(r);
        const double s = seconds(t0);
        const double rate = images / s;
        // Each image costs 50 steps x 2 forwards (conditional and unconditional halves).
        const double gflops = rate * 100 * flops / 1e9;
        std::printf("sampling, batch %2d, 50 DDIM steps, CFG: %8.2f images/s  (%.0f GFLOP/s, "
                    "%.0f%% of conv peak)\n",
                    batch, rate, gflops, 100 * gflops / peakFwd);
    }

    GeneratorTrainData data;
    data.classWnids = wnids;
    data.classNames = wnids;
    const int n = cuda ? 16384 : 2048;
    data.pixels.resize(size_t(n) * 784);
    for (size_t i = 0; i < data.pixels.size(); ++i)
        data.pixels[i] = uint8_t((i * 2654435761u) >> 24);
    for (int i = 0; i < n; ++i)
        data.labels.push_back(i % 10);
    options.epochs = 1;
    options.device = cuda ? "cuda" : "cpu";
    options.checkpoint = std::filesystem::temp_directory_path() / "bench-train.checkpoint";
    options.output = std::filesystem::temp_directory_path() / "bench-train.safetensors";
    const auto t0 = Clock::now();
    Result<GeneratorTrainReport> report = trainGenerator(data, options);
    if (!report) {
        std::fprintf(stderr, "%s\n", report.error().c_str());
        return 1;
    }
    const double rate = n / seconds(t0);
    const double gflops = rate * 3 * flops / 1e9; // forward + backward ~ 3 forwards
    std::printf("training, batch %d: %8.1f images/s  (%.0f GFLOP/s, %.0f%% of conv "
                "forward+backward peak)\n",
                options.batchSize, rate, gflops, 100 * gflops / peakTrain);
    std::filesystem::remove(path);
    std::filesystem::remove(options.checkpoint);
    std::filesystem::remove(options.output);
    return 0;
}
