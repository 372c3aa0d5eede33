#include "NoiseSchedule.h"

#include <algorithm>
#include <cmath>

namespace synset::diffusion {

Result<NoiseSchedule> NoiseSchedule::make(const std::string &kind, int timesteps)
{
    if (timesteps < 2 || timesteps > 100000)
        return makeError("noise schedule: timesteps must be between 2 and 100000");
    NoiseSchedule s;
    s.kind = kind;
    s.alphaBar.resize(static_cast<size_t>(timesteps));
    if (kind == "linear") {
        // Ho et al.: betas from 1e-4 to 0.02 over 1000 steps, scaled for other lengths.
        const double scale = 1000.0 / timesteps;
        const double b0 = scale * 1e-4, b1 = scale * 0.02;
        double prod = 1.0;
        for (int t = 0; t < timesteps; ++t) {
            const double beta = b0 + (b1 - b0) * t / (timesteps - 1);
            prod *= 1.0 - beta;
            s.alphaBar[static_cast<size_t>(t)] = prod;
        }
    } else if (kind == "cosine") {
        const auto f = [&](double t) {
            const double x = (t / timesteps + 0.008) / 1.008 * M_PI / 2;
            return std::cos(x) * std::cos(x);
        };
        double prod = 1.0;
        for (int t = 0; t < timesteps; ++t) {
            const double beta = std::min(1.0 - f(t + 1) / f(t), 0.999);
            prod *= 1.0 - beta;
            s.alphaBar[static_cast<size_t>(t)] = prod;
        }
    } else {
        return makeError("noise schedule: unknown kind '" + kind + "' (linear or cosine)");
    }
    return s;
}

} // namespace synset::diffusion
