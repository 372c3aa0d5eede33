#include "ClassifierData.h"

#include "common/Seeds.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/vision.h>

#include <cmath>

namespace F = torch::nn::functional;
using synset::seeds::mix;

namespace synset::classifier {

torch::Tensor augment(torch::Tensor x, const Augment &a, at::Generator &g)
{
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto rand = [&](double lo, double hi) { return torch::rand({n}, g) * (hi - lo) + lo; };
    const auto chance = [&](double p) { return torch::rand({n}, g) < p; };
    if (a.cropScaleMin < 1 || a.flip > 0) {
        // Random resized crop and flip as one affine resampling per image.
        const torch::Tensor area = rand(a.cropScaleMin, 1.0);
        const torch::Tensor ratio = rand(std::log(a.ratioMin), std::log(a.ratioMax)).exp();
        const torch::Tensor sx = (area * ratio).sqrt().clamp_max(1.0);
        const torch::Tensor sy = (area / ratio).sqrt().clamp_max(1.0);
        const torch::Tensor cx = (torch::rand({n}, g) * 2 - 1) * (1 - sx);
        const torch::Tensor cy = (torch::rand({n}, g) * 2 - 1) * (1 - sy);
        const torch::Tensor sign = 1 - 2 * chance(a.flip).to(torch::kFloat32);
        const torch::Tensor zero = torch::zeros({n});
        const torch::Tensor theta = torch::stack(
            {torch::stack({sx * sign, zero, cx}, 1), torch::stack({zero, sy, cy}, 1)}, 1);
        const torch::Tensor grid = F::affine_grid(theta, {n, c, h, w}, false);
        x = F::grid_sample(x, grid,
                           F::GridSampleFuncOptions()
                               .mode(torch::kBilinear)
                               .padding_mode(torch::kBorder)
                               .align_corners(false));
    }
    const auto perImage = [&](const torch::Tensor &t) { return t.view({n, 1, 1, 1}); };
    if (a.jitter > 0) {
        const torch::Tensor on = chance(a.jitter).to(torch::kFloat32);
        const auto factor = [&](double strength) {
            return perImage(1 + on * (rand(-strength, strength)));
        };
        x = x * factor(a.brightness);
        const torch::Tensor mean = x.mean({1, 2, 3}, true);
        x = (x - mean) * factor(a.contrast) + mean;
        if (c == 3) {
            const torch::Tensor gray =
                (0.299 * x.select(1, 0) + 0.587 * x.select(1, 1) + 0.114 * x.select(1, 2))
                    .unsqueeze(1);
            x = (x - gray) * factor(a.saturation) + gray;
        }
        x = x.clamp(0, 1);
    }
    if (c == 3 && a.grayscale > 0) {
        const torch::Tensor gray =
            (0.299 * x.select(1, 0) + 0.587 * x.select(1, 1) + 0.114 * x.select(1, 2))
                .unsqueeze(1)
                .expand_as(x);
        x = torch::where(perImage(chance(a.grayscale)), gray, x);
    }
    if (a.blur > 0) {
        // Separable Gaussian, one kernel per image, as a grouped convolution; images left
        // unblurred get a unit kernel.
        const int radius = int(std::ceil(2 * a.blurSigmaMax));
        const torch::Tensor offsets = torch::arange(-radius, radius + 1).to(torch::kFloat32);
        const torch::Tensor sigma = rand(a.blurSigmaMin, a.blurSigmaMax).view({n, 1});
        torch::Tensor k = (-(offsets * offsets).view({1, -1}) / (2 * sigma * sigma)).exp();
        k = k / k.sum(1, true);
        const torch::Tensor unit = (offsets == 0).to(torch::kFloat32).view({1, -1}).expand_as(k);
        k = torch::where(chance(a.blur).view({n, 1}), k, unit);
        const torch::Tensor kk = k.repeat_interleave(c, 0); // (n*c, 2r+1)
        torch::Tensor y =
            F::pad(x.reshape({1, n * c, h, w}),
                   F::PadFuncOptions({radius, radius, radius, radius}).mode(torch::kReplicate));
        y = F::conv2d(y, kk.view({n * c, 1, 2 * radius + 1, 1}),
                      F::Conv2dFuncOptions().groups(n * c));
        y = F::conv2d(y, kk.view({n * c, 1, 1, 2 * radius + 1}),
                      F::Conv2dFuncOptions().groups(n * c));
        x = y.view({n, c, h, w});
    }
    if (a.solarize > 0)
        x = torch::where(perImage(chance(a.solarize)) & (x >= 0.5), 1 - x, x);
    return x * 2 - 1;
}

torch::Tensor normalise(const torch::Tensor &pixelsU8)
{
    return pixelsU8.to(torch::kFloat32).div(127.5).sub(1.0);
}

Loader::Loader(const torch::Tensor &pixels, const torch::Tensor &labels, const Augment &augment,
               uint64_t seed, int64_t batchSize, int64_t firstStep, int64_t totalSteps, int depth)
    : m_pixels(pixels)
    , m_labels(labels)
    , m_augment(augment)
    , m_seed(seed)
    , m_batch(batchSize)
    , m_next(firstStep)
    , m_total(totalSteps)
    , m_depth(size_t(std::max(1, depth)))
{
    m_thread = std::thread([this] { run(); });
}

Loader::~Loader()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

Batch Loader::next()
{
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return !m_queue.empty() || !m_error.empty(); });
    if (m_queue.empty())
        return {};
    Batch b = std::move(m_queue.front());
    m_queue.pop_front();
    m_cv.notify_all();
    return b;
}

std::string Loader::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void Loader::run()
{
    try {
        torch::NoGradGuard guard;
        const int64_t n = m_pixels.size(0), spe = stepsPerEpoch();
        int64_t permEpoch = -1;
        torch::Tensor perm;
        for (int64_t step = m_next; step < m_total; ++step) {
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [&] { return m_stop || m_queue.size() < m_depth; });
                if (m_stop)
                    return;
            }
            const int64_t epoch = step / spe, inEpoch = step % spe;
            if (epoch != permEpoch) {
                at::Generator g = at::detail::createCPUGenerator(mix(m_seed, uint64_t(epoch)));
                perm = torch::randperm(n, g, torch::kInt64);
                permEpoch = epoch;
            }
            const int64_t begin = inEpoch * m_batch, end = std::min(n, begin + m_batch);
            const torch::Tensor idx = perm.slice(0, begin, end);
            at::Generator g =
                at::detail::createCPUGenerator(mix(m_seed ^ 0xa5a5a5a5u, uint64_t(step)));
            Batch b;
            b.step = step;
            b.x = augment(m_pixels.index_select(0, idx).to(torch::kFloat32).div_(255.0), m_augment,
                          g);
            b.y = m_labels.index_select(0, idx);
            std::lock_guard lock(m_mutex);
            m_queue.push_back(std::move(b));
            m_cv.notify_all();
        }
    } catch (const c10::Error &e) {
        std::lock_guard lock(m_mutex);
        m_error = std::string("data loader: ") + e.what_without_backtrace();
        m_cv.notify_all();
    } catch (const std::bad_alloc &) {
        std::lock_guard lock(m_mutex);
        m_error = "data loader: out of memory";
        m_cv.notify_all();
    } catch (const std::exception &e) {
        std::lock_guard lock(m_mutex);
        m_error = std::string("data loader: ") + e.what();
        m_cv.notify_all();
    }
}

} // namespace synset::classifier
