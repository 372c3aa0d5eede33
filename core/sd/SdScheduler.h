// Stable Diffusion schedulers from a diffusers scheduler_config.json: DDIM (eta), Euler, Euler
// ancestral and DPM-Solver++(2M), the last three optionally on Karras sigmas. DDIM follows
// diffusers' DDIMScheduler step for step (the conformance reference) and DPM++(2M) diffusers
// 0.21's DPMSolverMultistepScheduler (its timesteps, integer-timestep tables and final steps);
// Euler and Euler-a follow Karras et al. 2022 in the variance-exploding form that k-diffusion
// and AUTOMATIC1111 use. Internal to the tensor library.
#pragma once

#include "SdConfig.h"

#include "common/Result.h"

#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace synset::sd {

class Scheduler
{
public:
    Scheduler(const SchedulerConfig &config, SamplerKind kind, int steps, bool karras = false,
              double eta = 0.0);

    int steps() const { return static_cast<int>(m_timesteps.size()); }
    // The timestep the UNet sees at each step (fractional on Karras sigmas).
    const std::vector<double> &timesteps() const { return m_timesteps; }
    // What the initial standard-normal noise is multiplied by.
    double initNoiseSigma() const;
    // The UNet's input at step i.
    torch::Tensor scaleModelInput(const torch::Tensor &x, int i) const;
    // x at step i and the (guided) noise prediction -> x at step i + 1. `noise` draws fresh
    // standard-normal noise shaped like x (DDIM with eta > 0, Euler ancestral).
    torch::Tensor step(const torch::Tensor &eps, int i, const torch::Tensor &x,
                       const std::function<torch::Tensor()> &noise);
    // The clean latent predicted at step i (for previews).
    torch::Tensor predictedX0(const torch::Tensor &eps, int i, const torch::Tensor &x) const;

    // The training schedule's cumulative alphas, float32 as diffusers computes them.
    static std::vector<double> alphasCumprod(const SchedulerConfig &config);

private:
    std::vector<double> spacedTimesteps(int steps) const;
    void setSigmas(std::vector<double> timesteps, bool karras);
    std::vector<double> dpmTimesteps(int steps, bool karras) const;
    // DDIM and DPM++(2M) step x itself (diffusers' form); the others x / alpha (k-diffusion's).
    bool variancePreserving() const;

    SchedulerConfig m_config;
    SamplerKind m_kind;
    double m_eta = 0;
    std::vector<double> m_alphasCumprod;
    std::vector<double> m_timesteps;
    std::vector<double> m_sigmas; // sigma samplers: one per step plus the final 0
    torch::Tensor m_previousX0;   // DPM++(2M)'s history
    int64_t m_previousTimestep = 0;
};

} // namespace synset::sd
