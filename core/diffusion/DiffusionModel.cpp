#include "DiffusionModel.h"

#include "ModelFile.h"
#include "Sampler.h"
#include "TensorFile.h"

#include "common/FileUtil.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <cstdlib>
#include <mutex>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace synset {

using namespace diffusion;

struct DiffusionModel::Impl
{
    ModelMeta meta;
    NoiseSchedule schedule;
    UNet net{nullptr};
    torch::Device device{torch::kCPU};
};

namespace {

// Classifier-free guidance: eps_u + w (eps_c - eps_u), the two halves in one batched forward.
torch::Tensor guided(DiffusionModel::Impl &d, const torch::Tensor &x, int64_t t,
                     const torch::Tensor &y, const torch::Tensor &yNull, double w)
{
    const torch::Tensor tt =
        torch::full({x.size(0)}, double(t), torch::TensorOptions().device(d.device));
    if (w == 1.0)
        return d.net(x, tt, y);
    if (w == 0.0)
        return d.net(x, tt, yNull);
    const torch::Tensor out =
        d.net(torch::cat({x, x}), torch::cat({tt, tt}), torch::cat({y, yNull}));
    const torch::Tensor ec = out.slice(0, 0, x.size(0)), eu = out.slice(0, x.size(0));
    return eu + w * (ec - eu);
}

} // namespace

DiffusionModel::DiffusionModel() = default;
DiffusionModel::~DiffusionModel() = default;

namespace {

// glibc maps every block above its mmap threshold (at most 32 MB by default) afresh and unmaps it
// when freed, so each op on a batch of 224 px images (38 MB at 64) or on a single image's float
// copy paid for new page faults, several times the arithmetic. Freed tensors now stay in the heap
// and are reused.
void keepLargeBlocksInHeap()
{
#if defined(__GLIBC__)
    static std::once_flag tuned;
    std::call_once(tuned, [] {
        mallopt(M_MMAP_THRESHOLD, 1 << 30);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
    });
#endif
}

} // namespace

void useAllCores()
{
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    // SYNSET_THREADS caps it, for running several jobs side by side.
    if (const char *env = std::getenv("SYNSET_THREADS"); env && std::atoi(env) > 0)
        n = unsigned(std::atoi(env));
    if (at::get_num_threads() != int(n))
        at::set_num_threads(int(n));
    keepLargeBlocksInHeap();
}

namespace {

// The file's description from its metadata; parameters and device are the caller's.
GeneratorInfo describe(const std::filesystem::path &path, const ModelMeta &meta,
                       const std::string &bytes)
{
    GeneratorInfo info;
    info.path = path;
    info.hash = sha256Hex(bytes).substr(0, 10);
    info.channels = meta.config.channels;
    info.height = meta.config.height;
    info.width = meta.config.width;
    info.classWnids = meta.classWnids;
    info.classNames = meta.classNames;
    info.schedule = meta.schedule;
    info.timesteps = meta.timesteps;
    info.defaultGuidance = json::number(meta.defaults, "guidance", 2.0);
    info.defaultSampler = json::string(meta.defaults, "sampler", "ddim");
    info.defaultSteps = json::int32(meta.defaults, "steps", 50);
    info.defaultEta = json::number(meta.defaults, "eta", 1.0);
    info.trainingNote = dumpJson(meta.training);
    return info;
}

// A model file's metadata and the noise schedule it names, both checked.
Result<std::pair<ModelMeta, NoiseSchedule>>
readModelMeta(const std::map<std::string, std::string> &metadata, const std::filesystem::path &path)
{
    Result<ModelMeta> meta = metaFromStrings(metadata, path, kModelFormat);
    if (!meta)
        return makeError(meta.error());
    Result<NoiseSchedule> schedule = NoiseSchedule::make(meta->schedule, meta->timesteps);
    if (!schedule)
        return makeError(path.string() + ": " + schedule.error());
    return std::make_pair(std::move(*meta), std::move(*schedule));
}

} // namespace

Result<GeneratorInfo> DiffusionModel::inspect(const std::filesystem::path &path)
{
    Result<std::string> bytes = files::readText(path);
    if (!bytes)
        return makeError(bytes.error());
    Result<tensorfile::Index> index = tensorfile::readIndex(path);
    if (!index)
        return makeError(index.error());
    Result<std::pair<ModelMeta, NoiseSchedule>> meta = readModelMeta(index->metadata, path);
    if (!meta)
        return makeError(meta.error());
    GeneratorInfo info = describe(path, meta->first, *bytes);
    for (const auto &[name, entry] : index->entries)
        if (name.rfind("model.", 0) == 0) {
            int64_t n = 1;
            for (int64_t dim : entry.shape)
                n *= dim;
            info.parameters += n;
        }
    return info;
}

Result<std::unique_ptr<DiffusionModel>> DiffusionModel::load(const std::filesystem::path &path,
                                                             const std::string &device)
{
    useAllCores();
    Result<std::string> bytes = files::readText(path);
    if (!bytes)
        return makeError(bytes.error());
    Result<tensorfile::Contents> contents = tensorfile::load(path);
    if (!contents)
        return makeError(contents.error());
    Result<std::pair<ModelMeta, NoiseSchedule>> meta = readModelMeta(contents->metadata, path);
    if (!meta)
        return makeError(meta.error());

    std::unique_ptr<DiffusionModel> model(new DiffusionModel);
    model->m_impl = std::make_unique<Impl>();
    Impl &d = *model->m_impl;
    d.meta = std::move(meta->first);
    d.schedule = std::move(meta->second);
    try {
        d.net = UNet(d.meta.config);
        if (Result<void> r = loadInto(*d.net, contents->tensors, "model.", path); !r)
            return makeError(r.error());
        const bool cuda = device == "cuda" || (device == "auto" && torch::cuda::is_available());
        if (device == "cuda" && !torch::cuda::is_available())
            return makeError("CUDA was asked for but this LibTorch has no CUDA device");
        d.device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        d.net->to(d.device);
        d.net->eval();
    } catch (const c10::Error &e) {
        return makeError(path.string() + ": cannot build the model (" + e.what_without_backtrace() +
                         ")");
    }

    model->m_info = describe(path, d.meta, *bytes);
    model->m_info.device = d.device.is_cuda() ? "cuda" : "cpu";
    for (const auto &p : d.net->parameters())
        model->m_info.parameters += p.numel();
    return model;
}

Result<std::vector<GeneratedImage>> DiffusionModel::sample(const SampleRequest &request,
                                                           const SampleStepFn &onStep,
                                                           const CancelToken *cancel)
{
    Impl &d = *m_impl;
    if (request.classes.size() != request.seeds.size())
        return makeError("sampling: one seed per image is needed");
    Result<SamplerKind> kind = parseSampler(request.sampler);
    if (!kind)
        return makeError(kind.error());
    if (request.steps < 1 || request.steps > d.schedule.timesteps())
        return makeError("sampling: steps must be between 1 and " +
                         std::to_string(d.schedule.timesteps()));
    const int numClasses = d.meta.config.numClasses;
    for (int c : request.classes)
        if (c < -1 || c >= numClasses)
            return makeError("sampling: class index " + std::to_string(c) +
                             " is not in this model (0.." + std::to_string(numClasses - 1) + ")");
    const int C = d.meta.config.channels, H = d.meta.config.height, W = d.meta.config.width;
    const double w = request.guidance;
    std::vector<GeneratedImage> images;
    images.reserve(request.classes.size());
    try {
        torch::InferenceMode inference;
        const size_t batch = size_t(std::max(1, request.batchSize));
        for (size_t first = 0; first < request.classes.size(); first += batch) {
            const size_t n = std::min(batch, request.classes.size() - first);
            std::vector<at::Generator> gens;
            std::vector<int64_t> labels, nulls(n, numClasses);
            for (size_t i = 0; i < n; ++i) {
                gens.push_back(at::detail::createCPUGenerator(request.seeds[first + i]));
                const int c = request.classes[first + i];
                labels.push_back(c < 0 ? numClasses : c);
            }
            // Noise is drawn on the CPU per image, so an image is the same on any device and batch.
            const auto noise = [&] {
                std::vector<torch::Tensor> parts;
                for (at::Generator &g : gens)
                    parts.push_back(torch::randn({C, H, W}, g));
                return torch::stack(parts).to(d.device);
            };
            const torch::Tensor y = torch::tensor(labels, torch::kInt64).to(d.device);
            const torch::Tensor yNull = torch::tensor(nulls, torch::kInt64).to(d.device);
            const EpsFn eps = [&](const torch::Tensor &x, int64_t t) {
                return guided(d, x, t, y, yNull, w);
            };
            const StepFn step = [&](int s, int steps, const torch::Tensor &x0) {
                if (onStep) {
                    SampleStep info{int(first), s, steps, int(n), C, H, W, {}};
                    const torch::Tensor cpu = x0.to(torch::kCPU, torch::kFloat32).contiguous();
                    info.x0.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
                    onStep(info);
                }
                return !isCancelled(cancel);
            };
            SamplerOptions options{*kind, request.steps, request.eta, true};
            const torch::Tensor out =
                diffusion::sample(d.schedule, eps, noise(), options, noise, step);
            if (!out.defined())
                return makeError("sampling cancelled");
            const torch::Tensor u8 = ((out.clamp(-1, 1) + 1) * 127.5)
                                         .round()
                                         .to(torch::kUInt8)
                                         .permute({0, 2, 3, 1})
                                         .to(torch::kCPU)
                                         .contiguous();
            for (size_t i = 0; i < n; ++i) {
                GeneratedImage img{W, H, C, {}};
                const uint8_t *p = u8[int64_t(i)].data_ptr<uint8_t>();
                img.pixels.assign(p, p + size_t(C) * H * W);
                images.push_back(std::move(img));
            }
        }
    } catch (const c10::Error &e) {
        return makeError(std::string("sampling failed: ") + e.what_without_backtrace());
    }
    return images;
}

} // namespace synset

namespace synset {

Result<std::vector<float>> DiffusionModel::guidedEps(const std::vector<float> &x, int t,
                                                     const std::vector<int> &classes,
                                                     double guidance)
{
    Impl &d = *m_impl;
    const int C = d.meta.config.channels, H = d.meta.config.height, W = d.meta.config.width;
    const int64_t b = int64_t(classes.size());
    if (int64_t(x.size()) != b * C * H * W)
        return makeError("guidedEps: x does not hold one image per class");
    try {
        torch::InferenceMode inference;
        std::vector<int64_t> labels, nulls(size_t(b), d.meta.config.numClasses);
        for (int c : classes)
            labels.push_back(c < 0 ? d.meta.config.numClasses : c);
        const torch::Tensor xt =
            torch::from_blob(const_cast<float *>(x.data()), {b, C, H, W}).to(d.device);
        const torch::Tensor y = torch::tensor(labels, torch::kInt64).to(d.device);
        const torch::Tensor yNull = torch::tensor(nulls, torch::kInt64).to(d.device);
        const torch::Tensor e = guided(d, xt, t, y, yNull, guidance).to(torch::kCPU).contiguous();
        return std::vector<float>(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
    } catch (const c10::Error &e) {
        return makeError(std::string("guidedEps failed: ") + e.what_without_backtrace());
    }
}

} // namespace synset
