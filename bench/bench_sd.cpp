// Stable Diffusion 1.5 at its real sizes with random weights (nothing to download): UNet step time
// with classifier-free guidance at 512x512 for a few batch sizes, VAE decode time, peak memory,
// and the achieved fraction of this machine's measured matrix-multiply peak.
//   bench_sd [--device cpu|cuda] [--batches 1,4,8] [--size 512] [--fp32] [--channels-last]
#include "sd/StableDiffusion.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/types.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace synset;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a)
{
    return std::chrono::duration<double>(Clock::now() - a).count();
}

double peakRssGb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0 / 1024.0;
}

void sync(const torch::Device &device)
{
    if (device.is_cuda())
        torch::cuda::synchronize();
}

// The machine's matrix-multiply peak in GFLOP/s (best of a few 2048^3 products).
double matmulPeak(const torch::Device &device, torch::ScalarType type)
{
    torch::NoGradGuard noGrad;
    const int64_t n = device.is_cuda() ? 8192 : 2048;
    torch::Tensor a = torch::randn({n, n}, torch::TensorOptions().device(device).dtype(type));
    torch::Tensor b = torch::randn({n, n}, torch::TensorOptions().device(device).dtype(type));
    double best = 0;
    for (int i = 0; i < 5; ++i) {
        sync(device);
        const auto t = Clock::now();
        torch::Tensor c = torch::matmul(a, b);
        sync(device);
        best = std::max(best, 2.0 * n * n * n / seconds(t) / 1e9);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    std::string deviceName = "cpu";
    std::vector<int> batches{1};
    int size = 512;
    bool fp32 = false, channelsLast = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--device") && i + 1 < argc)
            deviceName = argv[++i];
        else if (!std::strcmp(argv[i], "--batches") && i + 1 < argc) {
            batches.clear();
            for (const char *p = argv[++i]; *p;) {
                batches.push_back(std::atoi(p));
                while (*p && *p != ',')
                    ++p;
                if (*p == ',')
                    ++p;
            }
        } else if (!std::strcmp(argv[i], "--size") && i + 1 < argc)
            size = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--fp32"))
            fp32 = true;
        else if (!std::strcmp(argv[i], "--channels-last"))
            channelsLast = true;
    }
    at::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const torch::Device device(deviceName);
    sd::LoadOptions options;
    options.device = deviceName;
    options.halfOnCuda = !fp32;
    options.channelsLast = channelsLast;
    const torch::ScalarType type = device.is_cuda() && !fp32 ? torch::kFloat16 : torch::kFloat32;
    const double peak = matmulPeak(device, type);
    std::printf("device %s, %s%s, %d threads; matrix-multiply peak %.0f GFLOP/s\n",
                deviceName.c_str(), type == torch::kFloat16 ? "float16" : "float32",
                channelsLast ? ", channels-last" : "", at::get_num_threads(), peak);

    const auto t0 = Clock::now();
    auto model = sd::StableDiffusion::randomForBenchmark("sd15", options, 1);
    if (!model) {
        std::fprintf(stderr, "bench_sd: %s\n", model.error().c_str());
        return 1;
    }
    const sd::ModelInfo &info = (*model)->info();
    std::printf("SD 1.5 sizes (%s): UNet %.0f M, text %.0f M, VAE decoder %.0f M parameters; built "
                "in %.1f s; peak RSS %.2f GB\n",
                info.architecture.c_str(), info.unetParameters / 1e6, info.textParameters / 1e6,
                info.vaeParameters / 1e6, seconds(t0), peakRssGb());
    const double macs = (*model)->unetMacs(size, size);
    std::printf("UNet forward at %dx%d: %.0f GFLOP per image\n", size, size, 2 * macs / 1e9);

    for (int batch : batches) {
        sd::GenerateRequest r;
        for (int i = 0; i < batch; ++i) {
            r.prompts.push_back("a photo of a tench, cyprinid");
            r.seeds.push_back(static_cast<uint64_t>(i));
        }
        r.width = r.height = size;
        r.guidance = 7.5;
        // Two steps: the first includes one-off allocations; the step time is the difference to
        // a one-step run, which also takes the text encoder and VAE out of the figure.
        double runs[2];
        for (int k = 0; k < 2; ++k) {
            r.steps = k == 0 ? 1 : 3;
            sync(device);
            const auto t = Clock::now();
            auto result = (*model)->generate(r);
            sync(device);
            runs[k] = seconds(t);
            if (!result) {
                std::fprintf(stderr, "bench_sd: %s\n", result.error().c_str());
                return 1;
            }
        }
        const double step = (runs[1] - runs[0]) / 2;
        const double flops = 2 * macs * 2 * batch; // CFG: two UNet passes per image
        std::printf("batch %d with CFG: %.3f s per step (%.2f steps/s), %.0f GFLOP/s = %.0f%% of "
                    "peak; one-step run incl. text encoder + VAE decode %.2f s; peak RSS %.2f GB\n",
                    batch, step, 1 / step, flops / step / 1e9, 100 * flops / step / 1e9 / peak,
                    runs[0], peakRssGb());
    }
    // VAE decode alone.
    sd::Floats latents;
    latents.shape = {1, 4, size / 8, size / 8};
    latents.data.assign(static_cast<size_t>(4 * (size / 8) * (size / 8)), 0.1f);
    (void)(*model)->decodeLatents(latents); // warm-up
    sync(device);
    const auto t = Clock::now();
    auto image = (*model)->decodeLatents(latents);
    sync(device);
    std::printf("VAE decode %dx%d: %.2f s; peak RSS %.2f GB\n", size, size, seconds(t),
                peakRssGb());
    return image ? 0 : 1;
}
