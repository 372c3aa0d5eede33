// The public face of the diffusion engine, in plain types (no LibTorch in this header, so Qt
// code can include it): load a class-conditional model file, sample with classifier-free
// guidance and per-image seeds, watch each step's predicted x0, cancel between steps.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace synset {

struct GeneratorInfo
{
    std::filesystem::path path;
    std::string hash; // first 10 hex digits of the file's SHA-256 (the AUTOMATIC1111 "Model hash")
    int channels = 1, height = 28, width = 28;
    std::vector<std::string> classWnids; // class index -> wnid
    std::vector<std::string> classNames;
    std::string schedule;
    int timesteps = 1000;
    double defaultGuidance = 2.0;
    std::string defaultSampler = "ddim";
    int defaultSteps = 50;
    // DDIM's eta: 1 (fresh noise every step) unless the file says otherwise. Deterministic DDIM
    // (0) leaves high-contrast speckle on about a quarter of these models' images.
    double defaultEta = 1.0;
    std::string device;       // "cpu" or "cuda"
    std::string trainingNote; // JSON of how it was trained
    int64_t parameters = 0;
};

struct SampleRequest
{
    std::vector<int> classes; // class index per image; -1 for unconditional
    std::vector<uint64_t>
        seeds; // one per image: the image depends only on (model, class, seed, settings)
    double guidance = 2.0;        // eps_u + w (eps_c - eps_u); 0 = unconditional, 1 = conditional
    std::string sampler = "ddim"; // ddpm | ddim | dpmpp2m
    int steps = 50;
    double eta = 0.0;
    int batchSize = 64; // images per forward pass (twice that with guidance)
};

struct SampleStep
{
    int firstImage = 0; // index in the request of the first image of this batch
    int step = 0, steps = 0;
    int batch = 0, channels = 0, height = 0, width = 0;
    std::vector<float> x0; // predicted clean images, batch*C*H*W in [-1, 1]
};
// Called from the sampling thread after every step.
using SampleStepFn = std::function<void(const SampleStep &)>;

struct GeneratedImage
{
    int width = 0, height = 0, channels = 0;
    std::vector<uint8_t> pixels; // row-major, interleaved channels
};

class DiffusionModel
{
public:
    ~DiffusionModel();
    // device: "auto" (CUDA when LibTorch has it), "cpu" or "cuda".
    // What a model file holds, from its header alone (no network is built, no tensor read):
    // for pickers and listings. device is empty; the hash reads the whole file.
    static Result<GeneratorInfo> inspect(const std::filesystem::path &path);
    static Result<std::unique_ptr<DiffusionModel>> load(const std::filesystem::path &path,
                                                        const std::string &device = "auto");
    const GeneratorInfo &info() const { return m_info; }
    // Cancelled: an error saying so; images of finished batches are not returned.
    Result<std::vector<GeneratedImage>> sample(const SampleRequest &request,
                                               const SampleStepFn &onStep = {},
                                               const CancelToken *cancel = nullptr);
    // The guided noise prediction eps_u + w (eps_c - eps_u) for x (B*C*H*W floats) at timestep t;
    // class -1 is unconditional. Exposed so that the guidance maths can be checked.
    Result<std::vector<float>> guidedEps(const std::vector<float> &x, int t,
                                         const std::vector<int> &classes, double guidance);

    struct Impl;

private:
    DiffusionModel();
    std::unique_ptr<Impl> m_impl;
    GeneratorInfo m_info;
};

// Sets LibTorch's intra-op threads to the machine's core count (it starts with one here), or to
// $SYNSET_THREADS when set.
void useAllCores();
std::string sha256Hex(const std::string &data);

} // namespace synset
