#include "Sampler.h"

#include <cmath>

namespace synset::diffusion {

Result<SamplerKind> parseSampler(const std::string &name)
{
    if (name == "ddpm")
        return SamplerKind::Ddpm;
    if (name == "ddim")
        return SamplerKind::Ddim;
    if (name == "dpmpp2m" || name == "dpm++2m")
        return SamplerKind::DpmPp2M;
    return makeError("unknown sampler '" + name + "' (ddpm, ddim or dpmpp2m)");
}

std::string samplerName(SamplerKind kind)
{
    switch (kind) {
    case SamplerKind::Ddpm:
        return "ddpm";
    case SamplerKind::Ddim:
        return "ddim";
    case SamplerKind::DpmPp2M:
        return "dpmpp2m";
    }
    return {};
}

std::string samplerDisplayName(SamplerKind kind)
{
    switch (kind) {
    case SamplerKind::Ddpm:
        return "DDPM";
    case SamplerKind::Ddim:
        return "DDIM";
    case SamplerKind::DpmPp2M:
        return "DPM++ 2M";
    }
    return {};
}

std::vector<int64_t> samplingTimesteps(int trainingSteps, int steps)
{
    steps = std::clamp(steps, 1, trainingSteps);
    std::vector<int64_t> ts;
    for (int i = 0; i < steps; ++i)
        ts.push_back(
            static_cast<int64_t>(std::llround(trainingSteps - double(i) * trainingSteps / steps)) -
            1);
    return ts;
}

torch::Tensor sample(const NoiseSchedule &schedule, const EpsFn &eps, torch::Tensor x,
                     const SamplerOptions &options, const NoiseFn &noise, const StepFn &onStep)
{
    const std::vector<int64_t> ts = samplingTimesteps(schedule.timesteps(), options.steps);
    const int n = static_cast<int>(ts.size());
    const auto abarAt = [&](int i) {
        return i < n ? schedule.alphaBar[size_t(ts[size_t(i)])] : 1.0;
    };
    torch::Tensor x0Prev;
    double lambdaPrev = 0;
    torch::Tensor x0;
    for (int i = 0; i < n; ++i) {
        const double a = abarAt(i), aNext = abarAt(i + 1);
        const torch::Tensor e = eps(x, ts[size_t(i)]);
        x0 = (x - std::sqrt(1 - a) * e) / std::sqrt(a);
        if (options.clipX0)
            x0 = x0.clamp(-1, 1);
        const bool last = i + 1 == n;
        switch (options.kind) {
        case SamplerKind::Ddpm: {
            if (last) {
                x = x0;
                break;
            }
            const double alpha = a / aNext, beta = 1 - alpha;
            const double c0 = std::sqrt(aNext) * beta / (1 - a);
            const double ct = std::sqrt(alpha) * (1 - aNext) / (1 - a);
            const double var = beta * (1 - aNext) / (1 - a);
            x = c0 * x0 + ct * x + std::sqrt(var) * noise();
            break;
        }
        case SamplerKind::Ddim: {
            if (last) {
                x = x0;
                break;
            }
            const torch::Tensor eClipped = (x - std::sqrt(a) * x0) / std::sqrt(1 - a);
            const double sigma =
                options.eta * std::sqrt((1 - aNext) / (1 - a)) * std::sqrt(1 - a / aNext);
            x = std::sqrt(aNext) * x0 +
                std::sqrt(std::max(0.0, 1 - aNext - sigma * sigma)) * eClipped;
            if (sigma > 0)
                x = x + sigma * noise();
            break;
        }
        case SamplerKind::DpmPp2M: {
            // Lu et al. 2022, data prediction, second-order multistep (the k-diffusion form).
            const double lambda = 0.5 * std::log(a / (1 - a));
            if (last) {
                x = x0;
                break;
            }
            const double alphaT = std::sqrt(aNext), sigmaT = std::sqrt(1 - aNext),
                         sigmaS = std::sqrt(1 - a);
            const double lambdaT = 0.5 * std::log(aNext / (1 - aNext));
            const double h = lambdaT - lambda;
            const double phi = std::expm1(-h); // exp(-h) - 1
            torch::Tensor d = x0;
            // First step, and the last real step of short runs, are first order (as diffusers).
            const bool lowerOrder = !x0Prev.defined() || (i + 2 == n && n < 15);
            if (!lowerOrder) {
                const double r = (lambda - lambdaPrev) / h;
                d = (1 + 1 / (2 * r)) * x0 - (1 / (2 * r)) * x0Prev;
            }
            x = (sigmaT / sigmaS) * x - alphaT * phi * d;
            x0Prev = x0;
            lambdaPrev = lambda;
            break;
        }
        }
        if (onStep && !onStep(i + 1, n, x0))
            return {};
    }
    return x;
}

} // namespace synset::diffusion
