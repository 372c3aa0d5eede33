#include "SdScheduler.h"

#include <algorithm>
#include <cmath>

namespace synset::sd {

Result<SamplerKind> parseSamplerKind(const std::string &name)
{
    if (name == "ddim")
        return SamplerKind::Ddim;
    if (name == "euler")
        return SamplerKind::Euler;
    if (name == "euler-a" || name == "euler_a" || name == "euler-ancestral")
        return SamplerKind::EulerAncestral;
    if (name == "dpmpp2m" || name == "dpm++2m" || name == "dpmpp-2m")
        return SamplerKind::DpmPp2M;
    return makeError("unknown sampler '" + name + "' (ddim, euler, euler-a or dpmpp2m)");
}

std::string samplerKindName(SamplerKind kind)
{
    switch (kind) {
    case SamplerKind::Ddim:
        return "ddim";
    case SamplerKind::Euler:
        return "euler";
    case SamplerKind::EulerAncestral:
        return "euler-a";
    case SamplerKind::DpmPp2M:
        return "dpmpp2m";
    }
    return "ddim";
}

std::vector<double> Scheduler::alphasCumprod(const SchedulerConfig &c)
{
    // float32 throughout, as diffusers builds its tables, so that DDIM matches it to the last bit
    // that matters.
    const int64_t n = c.trainSteps;
    torch::Tensor betas;
    if (c.betaSchedule == "linear")
        betas = torch::linspace(c.betaStart, c.betaEnd, n, torch::kFloat32);
    else
        betas = torch::linspace(std::sqrt(c.betaStart), std::sqrt(c.betaEnd), n, torch::kFloat32)
                    .pow(2);
    torch::Tensor ac = torch::cumprod(1.0 - betas, 0);
    std::vector<double> out(n);
    auto a = ac.accessor<float, 1>();
    for (int64_t i = 0; i < n; ++i)
        out[i] = a[i];
    return out;
}

namespace {

// np.interp over a table indexed 0..n-1.
double interpolate(const std::vector<double> &table, double t)
{
    if (t <= 0)
        return table.front();
    if (t >= static_cast<double>(table.size() - 1))
        return table.back();
    const auto lo = static_cast<size_t>(std::floor(t));
    const double w = t - lo;
    return table[lo] * (1 - w) + table[lo + 1] * w;
}

// The (fractional) timestep of a sigma, interpolating log sigma, as k-diffusion and diffusers do.
double sigmaToTimestep(const std::vector<double> &logSigmas, double sigma)
{
    const double ls = std::log(std::max(sigma, 1e-10));
    const size_t n = logSigmas.size();
    if (ls <= logSigmas.front())
        return 0;
    if (ls >= logSigmas.back())
        return static_cast<double>(n - 1);
    const size_t hi = std::upper_bound(logSigmas.begin(), logSigmas.end(), ls) - logSigmas.begin();
    const size_t lo = hi - 1;
    const double w = (ls - logSigmas[lo]) / (logSigmas[hi] - logSigmas[lo]);
    return lo + w;
}

} // namespace

Scheduler::Scheduler(const SchedulerConfig &config, SamplerKind kind, int steps, bool karras,
                     double eta)
    : m_config(config)
    , m_kind(kind)
    , m_eta(eta)
    , m_alphasCumprod(alphasCumprod(config))
{
    steps = std::clamp<int>(steps, 1, static_cast<int>(config.trainSteps));
    if (kind == SamplerKind::DpmPp2M)
        m_timesteps = dpmTimesteps(steps, karras);
    else if (kind == SamplerKind::Ddim)
        m_timesteps = spacedTimesteps(steps);
    else
        setSigmas(spacedTimesteps(steps), karras);
}

std::vector<double> Scheduler::spacedTimesteps(int steps) const
{
    // Timestep spacing, as diffusers' DDIM, Euler and Euler-a set_timesteps.
    const int64_t n = m_config.trainSteps;
    std::vector<double> ts;
    if (m_config.spacing == "trailing") {
        const double ratio = static_cast<double>(n) / steps;
        for (int i = steps; i >= 1; --i)
            ts.push_back(std::round(i * ratio) - 1);
    } else if (m_config.spacing == "linspace") {
        for (int i = steps - 1; i >= 0; --i)
            ts.push_back(std::round(static_cast<double>(n - 1) * i / std::max(1, steps - 1)));
    } else { // leading
        const int64_t ratio = n / steps;
        for (int i = steps - 1; i >= 0; --i)
            ts.push_back(static_cast<double>(i * ratio + m_config.stepsOffset));
    }
    for (double &t : ts)
        t = std::clamp(t, 0.0, static_cast<double>(n - 1));
    return ts;
}

void Scheduler::setSigmas(std::vector<double> ts, bool karras)
{
    const int64_t n = m_config.trainSteps;
    const int steps = static_cast<int>(ts.size());
    std::vector<double> sigmas(n), logSigmas(n);
    for (int64_t i = 0; i < n; ++i) {
        sigmas[i] = std::sqrt((1 - m_alphasCumprod[i]) / m_alphasCumprod[i]);
        logSigmas[i] = std::log(sigmas[i]);
    }
    for (double t : ts)
        m_sigmas.push_back(interpolate(sigmas, t));
    if (karras && steps > 1) {
        // Karras et al. 2022, eq. 5, rho = 7, between the schedule's first and last sigma.
        const double rho = 7.0, smax = m_sigmas.front(), smin = m_sigmas.back();
        const double maxInv = std::pow(smax, 1 / rho), minInv = std::pow(smin, 1 / rho);
        for (int i = 0; i < steps; ++i) {
            const double ramp = static_cast<double>(i) / (steps - 1);
            m_sigmas[i] = std::pow(maxInv + ramp * (minInv - maxInv), rho);
            ts[i] = sigmaToTimestep(logSigmas, m_sigmas[i]);
        }
    }
    m_timesteps = std::move(ts);
    m_sigmas.push_back(0.0);
}

std::vector<double> Scheduler::dpmTimesteps(int steps, bool karras) const
{
    // diffusers 0.21's DPMSolverMultistepScheduler.set_timesteps: its own spacing (steps + 1
    // divisions, the last dropped), integer timesteps, Karras sigmas rounded to the nearest
    // timestep, repeated timesteps dropped.
    const int64_t n = m_config.trainSteps;
    std::vector<double> ts;
    if (karras) {
        std::vector<double> logSigmas(n);
        for (int64_t i = 0; i < n; ++i)
            logSigmas[i] = 0.5 * std::log((1 - m_alphasCumprod[i]) / m_alphasCumprod[i]);
        // diffusers ramps from the table's first sigma (the smallest) to its last and flips the
        // timesteps afterwards: the same schedule, except that one step lands on timestep 0.
        const double rho = 7.0;
        const double fromInv = std::exp(logSigmas.front() / rho);
        const double toInv = std::exp(logSigmas.back() / rho);
        for (int i = 0; i < steps; ++i) {
            const double ramp = steps > 1 ? static_cast<double>(i) / (steps - 1) : 0.0;
            const double sigma = std::pow(fromInv + ramp * (toInv - fromInv), rho);
            ts.push_back(std::round(sigmaToTimestep(logSigmas, sigma)));
        }
        std::reverse(ts.begin(), ts.end());
    } else if (m_config.spacing == "trailing") {
        // np.arange(n, 0, -ratio): ceil(n / ratio) values n - k * ratio.
        const double ratio = static_cast<double>(n) / steps;
        const auto count = static_cast<int64_t>(std::ceil(static_cast<double>(n) / ratio));
        for (int64_t k = 0; k < count; ++k)
            ts.push_back(std::round(static_cast<double>(n) - static_cast<double>(k) * ratio) - 1);
    } else if (m_config.spacing == "linspace") {
        for (int i = steps; i >= 1; --i)
            ts.push_back(std::round(static_cast<double>(n - 1) * i / steps));
    } else { // leading
        const int64_t ratio = n / (steps + 1);
        for (int i = steps; i >= 1; --i)
            ts.push_back(static_cast<double>(i * ratio + m_config.stepsOffset));
    }
    std::vector<double> unique;
    for (double t : ts) {
        t = std::clamp(t, 0.0, static_cast<double>(n - 1));
        if (std::find(unique.begin(), unique.end(), t) == unique.end())
            unique.push_back(t);
    }
    return unique;
}

bool Scheduler::variancePreserving() const
{
    return m_kind == SamplerKind::Ddim || m_kind == SamplerKind::DpmPp2M;
}

double Scheduler::initNoiseSigma() const
{
    if (variancePreserving())
        return 1.0;
    const double smax = *std::max_element(m_sigmas.begin(), m_sigmas.end());
    return (m_config.spacing == "linspace" || m_config.spacing == "trailing")
               ? smax
               : std::sqrt(smax * smax + 1);
}

torch::Tensor Scheduler::scaleModelInput(const torch::Tensor &x, int i) const
{
    if (variancePreserving())
        return x;
    return x / std::sqrt(m_sigmas[i] * m_sigmas[i] + 1);
}

torch::Tensor Scheduler::predictedX0(const torch::Tensor &eps, int i, const torch::Tensor &x) const
{
    if (variancePreserving()) {
        const double a = m_alphasCumprod[static_cast<size_t>(m_timesteps[i])];
        return (x - std::sqrt(1 - a) * eps) / std::sqrt(a);
    }
    return x - m_sigmas[i] * eps;
}

torch::Tensor Scheduler::step(const torch::Tensor &eps, int i, const torch::Tensor &x,
                              const std::function<torch::Tensor()> &noise)
{
    switch (m_kind) {
    case SamplerKind::Ddim: {
        // diffusers DDIMScheduler.step (Song et al. 2021, eq. 12).
        const auto t = static_cast<int64_t>(m_timesteps[i]);
        const int64_t prev = t - m_config.trainSteps / steps();
        const double a = m_alphasCumprod[t];
        const double aPrev =
            prev >= 0 ? m_alphasCumprod[prev] : (m_config.setAlphaToOne ? 1.0 : m_alphasCumprod[0]);
        torch::Tensor x0 = (x - std::sqrt(1 - a) * eps) / std::sqrt(a);
        const double variance = (1 - aPrev) / (1 - a) * (1 - a / aPrev);
        const double sd = m_eta * std::sqrt(variance);
        torch::Tensor out =
            std::sqrt(aPrev) * x0 + std::sqrt(std::max(0.0, 1 - aPrev - sd * sd)) * eps;
        if (m_eta > 0 && noise)
            out = out + sd * noise();
        return out;
    }
    case SamplerKind::Euler: {
        // Karras et al. 2022, Algorithm 1 without churn: an Euler step of dx/dsigma = eps.
        return x + eps * (m_sigmas[i + 1] - m_sigmas[i]);
    }
    case SamplerKind::EulerAncestral: {
        const double from = m_sigmas[i], to = m_sigmas[i + 1];
        const double up =
            std::sqrt(std::max(0.0, to * to * (from * from - to * to) / (from * from)));
        const double down = std::sqrt(std::max(0.0, to * to - up * up));
        torch::Tensor out = x + eps * (down - from);
        if (to > 0 && noise)
            out = out + up * noise();
        return out;
    }
    case SamplerKind::DpmPp2M: {
        // diffusers 0.21's DPMSolverMultistepScheduler (DPM-Solver++, order 2, midpoint; Lu et
        // al. 2022, Algorithm 2) in the variance-preserving form on integer timesteps: the
        // last step lands on timestep 0, and with fewer than 15 steps it is first order.
        const auto t = static_cast<int64_t>(m_timesteps[i]);
        const int64_t prev = i + 1 < steps() ? static_cast<int64_t>(m_timesteps[i + 1]) : 0;
        const auto alpha = [&](int64_t k) { return std::sqrt(m_alphasCumprod[k]); };
        const auto sigma = [&](int64_t k) { return std::sqrt(1 - m_alphasCumprod[k]); };
        const auto lambda = [&](int64_t k) { return std::log(alpha(k)) - std::log(sigma(k)); };
        torch::Tensor x0 = (x - sigma(t) * eps) / alpha(t);
        const double h = lambda(prev) - lambda(t);
        const bool lowerOrderFinal = i == steps() - 1 && steps() < 15;
        torch::Tensor d = x0;
        if (m_previousX0.defined() && !lowerOrderFinal && h != 0) {
            const double r = (lambda(t) - lambda(m_previousTimestep)) / h;
            d = x0 + (0.5 / r) * (x0 - m_previousX0);
        }
        torch::Tensor out = (sigma(prev) / sigma(t)) * x - alpha(prev) * std::expm1(-h) * d;
        m_previousX0 = x0;
        m_previousTimestep = t;
        return out;
    }
    }
    return x;
}

} // namespace synset::sd
