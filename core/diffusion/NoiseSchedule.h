// Discrete-time noise schedules for DDPM-family models: the cumulative products alpha_bar over
// T training timesteps (linear betas as Ho et al., or the cosine schedule of Nichol & Dhariwal).
#pragma once

#include "common/Result.h"

#include <string>
#include <vector>

namespace synset::diffusion {

struct NoiseSchedule
{
    std::string kind;             // "linear" | "cosine"
    std::vector<double> alphaBar; // alphaBar[t], t = 0..T-1

    int timesteps() const { return static_cast<int>(alphaBar.size()); }
    static Result<NoiseSchedule> make(const std::string &kind, int timesteps);
};

} // namespace synset::diffusion
