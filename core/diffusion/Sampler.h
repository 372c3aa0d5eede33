// Samplers over any noise-prediction function: DDPM (ancestral), DDIM (eta) and
// DPM-Solver++(2M). Model-agnostic: a class- or text-conditioned model, with or without
// classifier-free guidance, is just an EpsFn. Internal to the tensor library.
#pragma once

#include "NoiseSchedule.h"

#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace synset::diffusion {

enum class SamplerKind
{
    Ddpm,
    Ddim,
    DpmPp2M
};
Result<SamplerKind> parseSampler(const std::string &name);
std::string samplerName(SamplerKind kind);        // "ddpm", "ddim", "dpmpp2m"
std::string samplerDisplayName(SamplerKind kind); // "DDPM", "DDIM", "DPM++ 2M"

// eps prediction for x at integer training timestep t.
using EpsFn = std::function<torch::Tensor(const torch::Tensor &x, int64_t t)>;
// Fresh standard-normal noise shaped like x, drawn per image so that batching never changes an
// image (one generator per image).
using NoiseFn = std::function<torch::Tensor()>;
// Called after each step with the predicted x0; returning false stops sampling.
using StepFn = std::function<bool(int step, int steps, const torch::Tensor &x0)>;

struct SamplerOptions
{
    SamplerKind kind = SamplerKind::Ddim;
    int steps = 50;
    double eta = 0.0; // DDIM only
    bool clipX0 = true;
};

// The timesteps visited, from T-1 down ("trailing" spacing); the last step goes to the clean image.
std::vector<int64_t> samplingTimesteps(int trainingSteps, int steps);

// Returns the final x0, or an undefined tensor when onStep asked to stop.
torch::Tensor sample(const NoiseSchedule &schedule, const EpsFn &eps, torch::Tensor x,
                     const SamplerOptions &options, const NoiseFn &noise, const StepFn &onStep);

} // namespace synset::diffusion
