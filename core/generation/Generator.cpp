#include "Generator.h"

#include "common/TextUtil.h"
#include "diffusion/DiffusionModel.h"
#include "sd/StableDiffusion.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace fs = std::filesystem;

namespace synset {

namespace {

GeneratorDescription describeClassModel(const GeneratorInfo &info)
{
    GeneratorDescription d;
    d.path = info.path;
    d.hash = info.hash;
    d.format = "class-conditional model";
    d.width = info.width;
    d.height = info.height;
    d.channels = info.channels;
    d.classWnids = info.classWnids;
    d.samplers = {"ddim", "dpmpp2m", "ddpm"};
    d.defaultGuidance = info.defaultGuidance;
    d.defaultSampler = info.defaultSampler;
    d.defaultSteps = info.defaultSteps;
    d.defaultEta = info.defaultEta;
    d.defaultBatch = 64;
    d.device = info.device;
    d.parameters = info.parameters;
    d.summary = std::to_string(info.classWnids.size()) + " classes, " + std::to_string(info.width) +
                "×" + std::to_string(info.height) + ", " + std::to_string(info.channels) +
                " channel(s), " + text::shortNumber(double(info.parameters)) + " parameters";
    return d;
}

GeneratorDescription describeTextModel(const sd::ModelInfo &info)
{
    GeneratorDescription d;
    d.path = info.path;
    d.textPrompts = true;
    d.hash = info.hash;
    d.format = info.format;
    d.width = info.defaultWidth;
    d.height = info.defaultHeight;
    d.channels = 3;
    d.samplers = {"dpmpp2m", "euler-a", "euler", "ddim"};
    // Sariyildiz et al. found guidance 2 better than 7.5 for training data; the user can raise it
    // for pictures that follow the prompt more closely.
    d.defaultGuidance = 2.0;
    d.defaultSampler = "dpmpp2m";
    d.defaultSteps = 25;
    d.defaultBatch = 1;
    d.device = info.device;
    d.architecture = info.architecture;
    d.summary = "Stable Diffusion, " + info.format + ", " + std::to_string(info.defaultWidth) +
                "×" + std::to_string(info.defaultHeight) + " (" + info.architecture + ")";
    return d;
}

bool isTextModel(const fs::path &path)
{
    std::error_code ec;
    return fs::is_directory(path, ec) || sd::StableDiffusion::looksLikeModel(path);
}

std::string checkBatch(const GeneratorBatch &b, bool text)
{
    const size_t n = b.seeds.size();
    if (n == 0)
        return "a batch needs at least one image";
    if (text ? b.prompts.size() != n : b.wnids.size() != n)
        return text ? "a batch needs one prompt per seed" : "a batch needs one class per seed";
    return {};
}

class ClassGenerator : public Generator
{
public:
    ClassGenerator(std::unique_ptr<DiffusionModel> owned, DiffusionModel &model)
        : m_owned(std::move(owned))
        , m_model(model)
    {
        m_description = describeClassModel(model.info());
    }

    Result<std::vector<ImageData>> generate(const GeneratorBatch &b, const GeneratorStepFn &onStep,
                                            const CancelToken *cancel) override
    {
        if (const std::string e = checkBatch(b, false); !e.empty())
            return makeError(e);
        const GeneratorInfo &info = m_model.info();
        SampleRequest r;
        r.guidance = b.guidance;
        r.sampler = b.sampler;
        r.steps = b.steps;
        r.eta = b.eta;
        r.batchSize = b.batchSize;
        r.seeds = b.seeds;
        for (const std::string &wnid : b.wnids) {
            const auto it = std::find(info.classWnids.begin(), info.classWnids.end(), wnid);
            if (it == info.classWnids.end())
                return makeError(info.path.string() + " has no class " + wnid);
            r.classes.push_back(int(it - info.classWnids.begin()));
        }
        // The sampler reports each forward batch's steps; previews are kept per image so that
        // a step of a later batch still shows the images finished before it.
        std::vector<ImageData> previews(b.seeds.size());
        SampleStepFn step;
        if (onStep)
            step = [&](const SampleStep &s) {
                const size_t size = size_t(s.channels) * s.height * s.width;
                for (int i = 0; i < s.batch; ++i) {
                    ImageData &p = previews[size_t(s.firstImage + i)];
                    p.width = s.width;
                    p.height = s.height;
                    p.channels = s.channels;
                    p.pixels.resize(size);
                    const float *x0 = s.x0.data() + size * size_t(i);
                    const size_t plane = size_t(s.height) * s.width;
                    for (size_t px = 0; px < plane; ++px)
                        for (int c = 0; c < s.channels; ++c)
                            p.pixels[px * s.channels + c] = uint8_t(std::clamp(
                                int((x0[c * plane + px] + 1.f) * 127.5f + 0.5f), 0, 255));
                }
                onStep({s.step, s.steps, previews});
            };
        Result<std::vector<GeneratedImage>> images = m_model.sample(r, step, cancel);
        if (!images)
            return makeError(images.error());
        std::vector<ImageData> out;
        for (GeneratedImage &g : *images)
            out.push_back({g.width, g.height, g.channels, std::move(g.pixels)});
        return out;
    }

private:
    std::unique_ptr<DiffusionModel> m_owned;
    DiffusionModel &m_model;
};

class TextGenerator : public Generator
{
public:
    explicit TextGenerator(std::unique_ptr<sd::StableDiffusion> model)
        : m_model(std::move(model))
    {
        m_description = describeTextModel(m_model->info());
    }

    Result<std::vector<ImageData>> generate(const GeneratorBatch &b, const GeneratorStepFn &onStep,
                                            const CancelToken *cancel) override
    {
        if (const std::string e = checkBatch(b, true); !e.empty())
            return makeError(e);
        sd::GenerateRequest r;
        r.prompts = b.prompts;
        r.seeds = b.seeds;
        r.negativePrompt = b.negativePrompt;
        r.steps = b.steps;
        r.guidance = b.guidance;
        r.sampler = b.sampler;
        r.karras = b.karras;
        r.eta = b.eta;
        r.width = b.width > 0 ? b.width : m_description.width;
        r.height = b.height > 0 ? b.height : m_description.height;
        sd::PreviewFn preview;
        if (onStep)
            preview = [&](int step, int steps, const std::vector<sd::RgbImage> &images) {
                GeneratorStep s{step, steps, {}};
                for (const sd::RgbImage &img : images)
                    s.previews.push_back({img.width, img.height, 3, img.rgb});
                onStep(s);
                return !isCancelled(cancel);
            };
        Result<sd::GenerateResult> result = m_model->generate(r, preview, {}, cancel);
        if (!result)
            return makeError(result.error());
        std::vector<ImageData> out;
        for (sd::RgbImage &img : result->images)
            out.push_back({img.width, img.height, 3, std::move(img.rgb)});
        return out;
    }

private:
    std::unique_ptr<sd::StableDiffusion> m_model;
};

} // namespace

Generator::~Generator() = default;

Result<GeneratorDescription> describeGenerator(const fs::path &path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return makeError(path.string() + ": no such file or folder");
    if (isTextModel(path)) {
        Result<sd::ModelInfo> info = sd::StableDiffusion::inspect(path);
        if (!info)
            return makeError(info.error());
        return describeTextModel(*info);
    }
    Result<GeneratorInfo> info = DiffusionModel::inspect(path);
    if (!info)
        return makeError(info.error());
    return describeClassModel(*info);
}

Result<std::unique_ptr<Generator>> Generator::open(const fs::path &path, const std::string &device,
                                                   const ProgressFn &progress,
                                                   const CancelToken *cancel)
{
    if (isTextModel(path)) {
        sd::LoadOptions options;
        options.device = device;
        Result<std::unique_ptr<sd::StableDiffusion>> model =
            sd::StableDiffusion::load(path, options, progress, cancel);
        if (!model)
            return makeError(model.error());
        return std::unique_ptr<Generator>(new TextGenerator(std::move(*model)));
    }
    Result<std::unique_ptr<DiffusionModel>> model = DiffusionModel::load(path, device);
    if (!model)
        return makeError(model.error());
    DiffusionModel &ref = **model;
    return std::unique_ptr<Generator>(new ClassGenerator(std::move(*model), ref));
}

Result<std::shared_ptr<Generator>> Generator::openShared(const fs::path &path,
                                                         const std::string &device,
                                                         const ProgressFn &progress,
                                                         const CancelToken *cancel)
{
    const auto openFresh = [&]() -> Result<std::shared_ptr<Generator>> {
        Result<std::unique_ptr<Generator>> g = open(path, device, progress, cancel);
        if (!g)
            return makeError(g.error());
        return std::shared_ptr<Generator>(std::move(*g));
    };
    if (!isTextModel(path))
        return openFresh();
    // Keyed by where the weights are, a sample of their content and the device asked for.
    Result<std::string> hash = sd::quickHash(path);
    if (!hash)
        return openFresh(); // it says what is wrong with the files
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    const std::string key = (ec ? path : canonical).string() + '\n' + *hash + '\n' + device;

    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<Generator>> held;
    {
        std::lock_guard lock(mutex);
        std::erase_if(held, [](const auto &kv) { return kv.second.expired(); });
        if (auto it = held.find(key); it != held.end())
            if (std::shared_ptr<Generator> g = it->second.lock())
                return g;
    }
    // Loaded outside the lock: it takes seconds, and other models may be asked for meanwhile.
    // Two callers racing for the same model both load it; the first one stored is kept.
    Result<std::shared_ptr<Generator>> loaded = openFresh();
    if (!loaded)
        return loaded;
    std::lock_guard lock(mutex);
    std::weak_ptr<Generator> &slot = held[key];
    if (std::shared_ptr<Generator> first = slot.lock())
        return first;
    slot = *loaded;
    return loaded;
}

std::unique_ptr<Generator> Generator::wrap(DiffusionModel &model)
{
    return std::unique_ptr<Generator>(new ClassGenerator(nullptr, model));
}

} // namespace synset
