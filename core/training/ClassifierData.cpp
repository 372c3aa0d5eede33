#include "ClassifierData.h"

#include "common/Seeds.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/vision.h>

#include <ATen/Parallel.h>

#include <cmath>
#include <cstring>
#include <utility>

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

torch::Tensor netInput(const torch::Tensor &unitRange, bool imagenet)
{
    if (!imagenet)
        return unitRange;
    const int64_t c = unitRange.size(1);
    const torch::Tensor mean =
        c == 3 ? torch::tensor({0.485f, 0.456f, 0.406f}) : torch::full({c}, 0.449f);
    const torch::Tensor sd =
        c == 3 ? torch::tensor({0.229f, 0.224f, 0.225f}) : torch::full({c}, 0.226f);
    const auto shape = std::vector<int64_t>{1, c, 1, 1};
    return ((unitRange + 1) * 0.5 - mean.view(shape).to(unitRange.device())) /
           sd.view(shape).to(unitRange.device());
}

// ---- Decode pool ----------------------------------------------------------------------------

DecodePool::DecodePool(int threads)
{
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this] { work(); });
}

DecodePool::~DecodePool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

void DecodePool::run(int64_t count, const std::function<void(int64_t)> &fn)
{
    if (count <= 0)
        return;
    std::unique_lock lock(m_mutex);
    m_fn = &fn;
    m_count = count;
    m_next = 0;
    m_done = 0;
    m_cv.notify_all();
    m_doneCv.wait(lock, [&] { return m_done == m_count; });
    m_fn = nullptr;
    m_count = 0;
    m_next = 0;
}

void DecodePool::work()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [&] { return m_stop || m_next < m_count; });
        if (m_stop)
            return;
        const int64_t i = m_next++;
        const std::function<void(int64_t)> *fn = m_fn;
        lock.unlock();
        try {
            (*fn)(i);
        } catch (...) {
            // The callers record their own errors; nothing may escape a worker thread.
        }
        lock.lock();
        if (++m_done == m_count)
            m_doneCv.notify_all();
    }
}

int defaultDecodeThreads(bool cuda)
{
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    if (cuda)
        return std::max(1, cores - 1);
    return std::max(1, cores - at::get_num_threads());
}

torch::Tensor decodeBatch(const synset::ImageSet &set, const std::vector<int64_t> &idx,
                          const std::function<synset::ViewCrop(int64_t, int64_t)> &view,
                          const PerImage &perImage, DecodePool &pool, std::vector<int64_t> &kept,
                          std::vector<std::string> &failed)
{
    const int64_t n = int64_t(idx.size());
    const int64_t size = int64_t(set.channels) * set.height * set.width;
    torch::Tensor x = torch::empty({n, set.channels, set.height, set.width}, torch::kUInt8);
    torch::Tensor out = perImage ? torch::empty(x.sizes(), torch::kFloat32) : x;
    uint8_t *base = x.data_ptr<uint8_t>();
    std::vector<std::string> errors(static_cast<size_t>(n));
    pool.run(n, [&](int64_t k) {
        synset::Result<void> r =
            set.decode(size_t(idx[size_t(k)]), view(k, idx[size_t(k)]), base + k * size);
        if (!r)
            errors[size_t(k)] = r.error();
        else if (perImage)
            out[k].copy_(perImage(k, x[k]));
    });
    kept.clear();
    for (int64_t k = 0; k < n; ++k) {
        if (errors[size_t(k)].empty())
            kept.push_back(k);
        else
            failed.push_back(std::move(errors[size_t(k)]));
    }
    if (int64_t(kept.size()) == n)
        return out;
    return out.index_select(0, torch::tensor(kept, torch::kInt64));
}

torch::Tensor evaluationBatch(const synset::ImageSet &set, int64_t begin, int64_t count,
                              bool imagenet, DecodePool *pool, std::vector<std::string> *unreadable)
{
    const int64_t size = int64_t(set.channels) * set.height * set.width;
    if (!set.streamed())
        return netInput(normalise(torch::from_blob(
                            const_cast<uint8_t *>(set.pixels.data()) + begin * size,
                            {count, set.channels, set.height, set.width}, torch::kUInt8)),
                        imagenet);
    torch::Tensor x = torch::zeros({count, set.channels, set.height, set.width}, torch::kUInt8);
    uint8_t *base = x.data_ptr<uint8_t>();
    std::vector<std::string> errors(static_cast<size_t>(count));
    pool->run(count, [&](int64_t k) {
        const size_t i = size_t(begin + k);
        const synset::ViewCrop view =
            synset::centreCrop(set.sourceWidths[i], set.sourceHeights[i], set.width, set.height);
        if (synset::Result<void> r = set.decode(i, view, base + k * size); !r) {
            std::memset(base + k * size, 0, size_t(size));
            errors[size_t(k)] = r.error();
        }
    });
    if (unreadable)
        for (std::string &e : errors)
            if (!e.empty())
                unreadable->push_back(std::move(e));
    return netInput(normalise(x), imagenet);
}

// ---- Loader ---------------------------------------------------------------------------------

Loader::Loader(Input input, const torch::Tensor &labels, const Augment &augment, uint64_t seed,
               int64_t batchSize, int64_t firstStep, int64_t totalSteps, int depth)
    : m_input(std::move(input))
    , m_count(m_input.streamed ? int64_t(m_input.streamed->count()) : m_input.pixels.size(0))
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

std::vector<std::string> Loader::takeSkipped()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_skipped, {});
}

Batch Loader::makeBatch(int64_t step, const torch::Tensor &idx)
{
    Batch b;
    b.step = step;
    // This rank's positions of the batch (all of them in one process).
    const int64_t n = idx.numel(), world = std::max(1, m_input.worldSize);
    const int64_t lo = n * m_input.rank / world, hi = n * (m_input.rank + 1) / world;
    if (!m_input.streamed) {
        // The whole batch is augmented (its draws follow one another), then sliced.
        at::Generator g = at::detail::createCPUGenerator(mix(m_seed ^ 0xa5a5a5a5u, uint64_t(step)));
        b.x = augment(m_input.pixels.index_select(0, idx).to(torch::kFloat32).div_(255.0),
                      m_augment, g);
        b.y = m_labels.index_select(0, idx);
        if (world > 1) {
            b.x = b.x.slice(0, lo, hi);
            b.y = b.y.slice(0, lo, hi);
        }
    } else {
        const synset::ImageSet &set = *m_input.streamed;
        // Only this rank's images are decoded; each keeps the seeds of its place in the batch.
        const std::vector<int64_t> images(idx.data_ptr<int64_t>() + lo,
                                          idx.data_ptr<int64_t>() + hi);
        const torch::Tensor mine = idx.slice(0, lo, hi);
        const uint64_t viewSeed = mix(m_seed ^ 0x5eed0f1e, uint64_t(step));
        const auto view = [&](int64_t k, int64_t image) {
            return synset::randomResizedCrop(
                set.sourceWidths[size_t(image)], set.sourceHeights[size_t(image)],
                m_augment.cropScaleMin, m_augment.ratioMin, m_augment.ratioMax, m_augment.flip,
                mix(viewSeed, uint64_t(lo + k)));
        };
        // The colour augmentations and the standardisation run on the decode threads too, image
        // by image, each from its own seed: at 224 px they cost more than decoding.
        const Augment colour = m_augment.colourOnly();
        const auto augmentImage = [&](int64_t k, const torch::Tensor &u8) {
            at::Generator ig =
                at::detail::createCPUGenerator(mix(viewSeed ^ 0xc0101234u, uint64_t(lo + k)));
            return netInput(augment(u8.unsqueeze(0).to(torch::kFloat32).div_(255.0), colour, ig),
                            m_input.imagenet)
                .squeeze(0);
        };
        std::vector<int64_t> kept;
        std::vector<std::string> failed;
        const torch::Tensor x =
            decodeBatch(set, images, view, augmentImage, *m_input.pool, kept, failed);
        if (!failed.empty()) {
            std::lock_guard lock(m_mutex);
            for (std::string &f : failed)
                m_skipped.push_back(std::move(f));
        }
        const torch::Tensor keptIdx = mine.index_select(0, torch::tensor(kept, torch::kInt64));
        b.y = m_labels.index_select(0, keptIdx);
        b.x = kept.empty() ? torch::empty({0, set.channels, set.height, set.width}) : x;
    }
    if (!m_input.streamed)
        b.x = netInput(b.x, m_input.imagenet);
    if (m_input.pin)
        b.x = b.x.pin_memory();
    return b;
}

void Loader::run()
{
    try {
        torch::NoGradGuard guard;
        const int64_t n = m_count, spe = stepsPerEpoch();
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
            Batch b = makeBatch(step, perm.slice(0, begin, end).contiguous());
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
