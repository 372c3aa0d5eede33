// Stable Diffusion 1.5 at its real sizes with random weights (nothing to download): UNet step time
// with classifier-free guidance at 512x512 for a few batch sizes, VAE decode time, peak memory,
// and the achieved fraction of this machine's measured matrix-multiply peak.
//   bench_sd [--device cpu|cuda] [--batches 1,4,8] [--size 512] [--fp32] [--channels-last]
//            [--cudnn-benchmark]
#include "sd/StableDiffusion.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#ifdef SYNSET_CUDA_MEMORY_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif
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

// Peak GPU memory the caching allocator handed out since the last reset, in GB (0 without CUDA
// statistics in this LibTorch build).
double peakGpuGb(const torch::Device &device, bool reset = false)
{
#ifdef SYNSET_CUDA_MEMORY_STATS
    if (device.is_cuda()) {
        const auto index = device.has_index() ? device.index() : c10::DeviceIndex(0);
        const double peak =
            c10::cuda::CUDACachingAllocator::getDeviceStats(index).allocated_bytes[0].peak / 1e9;
        if (reset)
            c10::cuda::CUDACachingAllocator::resetPeakStats(index);
        return peak;
    }
#endif
    (void)device;
    (void)reset;
    return 0;
}

// Peak memory of the run so far: the GPU's for CUDA, the process's resident set otherwise.
std::string peakMemory(const torch::Device &device, bool reset = false)
{
    char text[64];
    if (device.is_cuda())
        std::snprintf(text, sizeof text, "peak GPU memory %.2f GB", peakGpuGb(device, reset));
    else
        std::snprintf(text, sizeof text, "peak RSS %.2f GB", peakRssGb());
    return text;
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
    bool fp32 = false, channelsLast = false, cudnnBenchmark = false;
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
        else if (!std::strcmp(argv[i], "--cudnn-benchmark"))
            cudnnBenchmark = true;
    }
    at::globalContext().setBenchmarkCuDNN(cudnnBenchmark);
    at::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const torch::Device device(deviceName);
    sd::LoadOptions options;
    options.device = deviceName;
    options.halfOnCuda = !fp32;
    options.channelsLast = channelsLast;
    const torch::ScalarType type = device.is_cuda() && !fp32 ? torch::kFloat16 : torch::kFloat32;
    const double peak = matmulPeak(device, type);
    std::printf("device %s, %s%s%s, %d threads; matrix-multiply peak %.0f GFLOP/s\n",
                deviceName.c_str(), type == torch::kFloat16 ? "float16" : "float32",
                channelsLast ? ", channels-last" : "",
                cudnnBenchmark ? ", cuDNN benchmark mode" : "", at::get_num_threads(), peak);

    const auto t0 = Clock::now();
    auto model = sd::StableDiffusion::randomForBenchmark("sd15", options, 1);
    if (!model) {
        std::fprintf(stderr, "bench_sd: %s\n", model.error().c_str());
        return 1;
    }
    const sd::ModelInfo &info = (*model)->info();
    std::printf("SD 1.5 sizes (%s): UNet %.0f M, text %.0f M, VAE decoder %.0f M parameters; built "
                "in %.1f s; %s\n",
                info.architecture.c_str(), info.unetParameters / 1e6, info.textParameters / 1e6,
                info.vaeParameters / 1e6, seconds(t0), peakMemory(device).c_str());
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
        // The step time is the difference between a one-step run (which also takes one-off
        // allocations) and a longer one: that takes the text encoder and VAE out of the figure.
        // On CUDA a first run pays for kernel loading, cuBLAS/cuDNN set-up and (in cuDNN benchmark
        // mode) the algorithm search at each new shape: keep it out of the figures.
        const int steps = device.is_cuda() ? 21 : 3;
        if (device.is_cuda()) {
            r.steps = 2;
            if (auto warm = (*model)->generate(r); !warm) {
                std::fprintf(stderr, "bench_sd: %s\n", warm.error().c_str());
                return 1;
            }
        }
        double runs[2];
        peakGpuGb(device, true);
        for (int k = 0; k < 2; ++k) {
            r.steps = k == 0 ? 1 : steps;
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
        const double step = (runs[1] - runs[0]) / (steps - 1);
        const double flops = 2 * macs * 2 * batch; // CFG: two UNet passes per image
        std::printf("batch %d with CFG: %.3f s per step (%.2f steps/s), %.0f GFLOP/s = %.0f%% of "
                    "peak; one-step run incl. text encoder + VAE decode %.2f s; %s\n",
                    batch, step, 1 / step, flops / step / 1e9, 100 * flops / step / 1e9 / peak,
                    runs[0], peakMemory(device, true).c_str());
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
    std::printf("VAE decode %dx%d: %.3f s; %s\n", size, size, seconds(t),
                peakMemory(device).c_str());
    return image ? 0 : 1;
}
