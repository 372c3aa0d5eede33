#include "GenerationJob.h"
#include "GeneratedImage.h"
#include "GenerationStore.h"

#include "common/Json.h"
#include "common/Numbers.h"
#include "common/Seeds.h"
#include "common/TestHooks.h"
#include "data/ImageKind.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "diffusion/DiffusionModel.h"
#include "generation/Generator.h"
#include "project/ImageStore.h"
#include "project/Project.h"
#include "project/WorkLock.h"
#include "prompts/PromptContext.h"
#include "prompts/PromptTemplate.h"
#include "wordnet/WordNet.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synset {

namespace {

constexpr const char *kLockKind = "generation job";

} // namespace

Json generationConfigToJson(const GenerationConfig &c)
{
    Json j;
    j["wnids"] = c.wnids;
    j["per_class"] = c.perClass;
    j["guidance"] = c.guidance;
    j["sampler"] = c.sampler;
    j["steps"] = c.steps;
    j["eta"] = c.eta;
    j["seed"] = std::to_string(c.seed); // as text, as jobs made before wrote it
    j["batch_size"] = c.batchSize;
    j["model"] = c.model.string();
    j["model_hash"] = c.modelHash;
    j["negative_prompt"] = c.negativePrompt;
    j["width"] = c.width;
    j["height"] = c.height;
    j["karras"] = c.karras;
    j["convert_to_project_kind"] = c.convertToProjectKind;
    j["templates"] = Json::object();
    for (const auto &[w, t] : c.templates)
        j["templates"][w] = t;
    return j;
}

GenerationConfig generationConfigFromJson(const Json &j)
{
    GenerationConfig c;
    for (const Json &w : json::elements(json::member(j, "wnids")))
        c.wnids.push_back(json::stringOf(w));
    c.perClass = json::int32(j, "per_class", 100);
    c.guidance = json::number(j, "guidance", 2.0);
    c.sampler = json::string(j, "sampler", "ddim");
    c.steps = static_cast<int>(json::integer(j, "steps", 50));
    c.eta = json::number(j, "eta", 0);
    c.seed = json::seed(j, "seed");
    c.batchSize = static_cast<int>(json::integer(j, "batch_size", 64));
    c.model = json::string(j, "model");
    c.modelHash = json::string(j, "model_hash");
    c.negativePrompt = json::string(j, "negative_prompt");
    c.width = static_cast<int>(json::integer(j, "width", 0));
    c.height = static_cast<int>(json::integer(j, "height", 0));
    c.karras = json::boolean(j, "karras", false);
    c.convertToProjectKind = json::boolean(j, "convert_to_project_kind", false);
    for (const auto &[w, t] : json::members(json::member(j, "templates")))
        c.templates[w] = json::stringOf(t);
    return c;
}

namespace {

Result<std::pair<GenerationJobInfo, int64_t>> loadJob(Project &project, const std::string &name)
{
    Result<std::optional<StoredGenerationJob>> stored = storedGenerationJob(project, name);
    if (!stored)
        return makeError(stored.error());
    if (!*stored)
        return makeError("no generation job named '" + name + "' in project " + project.name());
    GenerationJobInfo info;
    info.id = (*stored)->id;
    info.name = name;
    info.status = (*stored)->status;
    info.error = (*stored)->error;
    Result<Json> config = parseStoredJson((*stored)->config);
    if (!config)
        return makeError("generation job '" + name + "': bad configuration (" + config.error() +
                         ")");
    info.config = generationConfigFromJson(*config);
    info.interrupted =
        info.status == "running" && !WorkLock::isHeld(project.directory(), kLockKind, info.name);
    const int64_t datasetId = (*stored)->datasetId;
    info.total = int64_t(info.config.perClass) * int64_t(info.config.wnids.size());
    for (const std::string &w : info.config.wnids)
        if (const ProjectClass *c = project.classByWnid(w))
            info.done += std::min<int64_t>(countImagesOfClass(project.database(), datasetId, c->id),
                                           info.config.perClass);
    return std::make_pair(info, datasetId);
}

// The project's kind when images of kind made must be converted to it (none when they fit, or the
// project has no real images yet); an error when they must be and convert is off. what: the
// images as the error names them ("model X makes 64x64 RGB images").
Result<std::optional<ImageKind>> conversionTo(Project &project, const ImageKind &made,
                                              const std::string &what, bool convert,
                                              const std::string &howToConvert)
{
    const std::optional<ImageKind> kind = projectImageKind(project);
    if (!kind || fitsImageKind(*kind, made.width, made.height, made.channels))
        return std::optional<ImageKind>();
    if (!convert)
        return makeError(what + ", but the images of project " + project.name() + " are " +
                         describeImageKind(*kind) + "; " + howToConvert);
    return kind;
}

} // namespace

std::string samplerDisplayName(const std::string &s)
{
    if (s == "ddpm")
        return "DDPM";
    if (s == "ddim")
        return "DDIM";
    if (s == "dpmpp2m")
        return "DPM++ 2M";
    if (s == "euler")
        return "Euler";
    if (s == "euler-a")
        return "Euler a";
    constexpr std::string_view karras = "-karras";
    if (s.size() > karras.size() && s.ends_with(karras))
        return samplerDisplayName(s.substr(0, s.size() - karras.size())) + " Karras";
    return s;
}

uint64_t imageSeed(uint64_t jobSeed, const std::string &wnid, int64_t index)
{
    uint64_t h = seeds::splitMix64Of(jobSeed);
    for (char c : wnid)
        h = seeds::splitMix64Of(h ^ static_cast<uint8_t>(c));
    return seeds::splitMix64Of(h ^ static_cast<uint64_t>(index)) &
           0xFFFFFFFFull; // 32-bit, easy to type back in
}

std::string a1111Parameters(const std::string &prompt, const std::string &negativePrompt, int steps,
                            const std::string &sampler, double guidance, uint64_t seed, int width,
                            int height, const std::string &modelHash, const std::string &wnid,
                            double eta)
{
    std::string out = prompt + "\n";
    if (!negativePrompt.empty())
        out += "Negative prompt: " + negativePrompt + "\n";
    out += "Steps: " + std::to_string(steps) + ", Sampler: " + samplerDisplayName(sampler) +
           ", CFG scale: " + numbers::format(guidance) + ", Seed: " + std::to_string(seed) +
           ", Size: " + std::to_string(width) + "x" + std::to_string(height) +
           ", Model hash: " + modelHash;
    if (!wnid.empty())
        out += ", Synset: " + wnid;
    if (ddimEta(sampler, eta) != 0)
        out += ", Eta DDIM: " + numbers::format(eta);
    return out;
}

Result<int64_t> createGenerationJob(Project &project, const std::string &name,
                                    GenerationConfig config)
{
    if (name.empty() || name.find_first_of("/\\") != std::string::npos)
        return makeError("a generation job needs a name without slashes");
    if (config.wnids.empty() || config.perClass < 1)
        return makeError("a generation job needs classes and at least one image per class");
    config.eta = ddimEta(config.sampler, config.eta);
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    for (const std::string &w : config.wnids) {
        if (!project.classByWnid(w))
            return makeError("'" + w + "' is not a class of project " + project.name());
        if (!config.templates.count(w))
            config.templates[w] = project.effectiveTemplate(w);
    }
    Result<int64_t> dataset =
        project.ensureDataset("gen-" + name, "synthetic", config.model.string());
    if (!dataset)
        return makeError(dataset.error());
    return insertGenerationJob(project, name, *dataset, dumpJson(generationConfigToJson(config)));
}

Result<GenerationJobInfo> generationJob(Project &project, const std::string &name)
{
    Result<std::pair<GenerationJobInfo, int64_t>> job = loadJob(project, name);
    if (!job)
        return makeError(job.error());
    return job->first;
}

bool sameImages(const GenerationConfig &a, const GenerationConfig &b)
{
    return a.wnids == b.wnids && a.perClass == b.perClass && a.guidance == b.guidance &&
           a.sampler == b.sampler && a.steps == b.steps &&
           ddimEta(a.sampler, a.eta) == ddimEta(b.sampler, b.eta) && a.seed == b.seed &&
           a.modelHash == b.modelHash && a.negativePrompt == b.negativePrompt &&
           a.width == b.width && a.height == b.height && a.karras == b.karras &&
           a.convertToProjectKind == b.convertToProjectKind && a.templates == b.templates;
}

std::vector<GenerationJobInfo> unfinishedGenerationJobs(Project &project)
{
    std::vector<GenerationJobInfo> out;
    for (GenerationJobInfo &j : generationJobs(project))
        if (j.done < j.total &&
            (j.interrupted || j.status == "paused" || j.status == "queued" || j.status == "failed"))
            out.push_back(std::move(j));
    return out;
}

std::optional<GenerationJobInfo> resumableGenerationJob(Project &project, GenerationConfig config)
{
    config.eta = ddimEta(config.sampler, config.eta);
    for (const std::string &w : config.wnids)
        if (!config.templates.count(w))
            config.templates[w] = project.effectiveTemplate(w);
    for (GenerationJobInfo &j : unfinishedGenerationJobs(project))
        if (sameImages(j.config, config))
            return std::move(j);
    return std::nullopt;
}

std::vector<GenerationJobInfo> generationJobs(Project &project)
{
    std::vector<GenerationJobInfo> out;
    for (const std::string &n : generationJobNames(project))
        if (Result<GenerationJobInfo> j = generationJob(project, n); j)
            out.push_back(std::move(*j));
    return out;
}

Result<void> setGenerationJobStatus(Project &project, int64_t id, const std::string &status,
                                    const std::string &error)
{
    return updateGenerationJobStatus(project, id, status, error);
}

Result<void> removeGenerationJob(Project &project, const std::string &name)
{
    // Holding the job's lock keeps it from starting while it is removed.
    Result<WorkLock> lock = WorkLock::acquire(project.directory(), kLockKind, name);
    if (!lock)
        return makeError("generation job '" + name + "' is running; pause or cancel it first");
    Result<bool> removed = deleteGenerationJob(project, name);
    if (!removed)
        return makeError(removed.error());
    if (!*removed)
        return makeError("project " + project.name() + " has no generation job '" + name + "'");
    return {};
}

ImageKind generatedImageKind(const GenerationConfig &config, const GeneratorDescription &info)
{
    return {info.textPrompts && config.width > 0 ? config.width : info.width,
            info.textPrompts && config.height > 0 ? config.height : info.height, info.channels};
}

Result<std::optional<ImageKind>> jobConversion(Project &project, const GenerationConfig &config,
                                               const GeneratorDescription &info)
{
    const ImageKind made = generatedImageKind(config, info);
    return conversionTo(project, made,
                        "model " + info.path.string() + " makes " + describeImageKind(made) +
                            " images",
                        config.convertToProjectKind,
                        "make a job that converts them (synset-cli generate --convert)");
}

namespace {

// One run of a job: what it was set up with, and how far it got.
struct JobRun
{
    JobRun(Project &p, Generator &g, GenerationJobInfo j, int64_t dataset)
        : project(p)
        , generator(g)
        , info(g.description())
        , job(std::move(j))
        , datasetId(dataset)
    {}

    Project &project;
    Generator &generator;
    const GeneratorDescription &info;
    GenerationJobInfo job;
    int64_t datasetId = 0;
    ImageKind made;
    std::optional<ImageKind> convertTo;
    std::shared_ptr<const WordNet> wordnet;
    WordLists lists;
    fs::path root; // data/synthetic/<job>
    std::function<void(const GenerationProgress &)> progress;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    int64_t madeThisRun = 0;

    const GenerationConfig &config() const { return job.config; }
    Result<GenerationJobInfo> fail(const std::string &error)
    {
        (void)setGenerationJobStatus(project, job.id, "failed", error);
        return makeError(error);
    }
    // Rate and ETA count only the images written in this run (a resumed job starts afresh).
    void report(const std::string &wnid, double inFlight) const
    {
        if (!progress)
            return;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double rate = madeThisRun / std::max(1e-9, seconds);
        progress({job.done, job.total, rate, rate > 0 ? (job.total - job.done) / rate : -1, wnid,
                  inFlight});
    }
};

// A class of the job: its row, the model's index for it, its prompt template and context.
struct JobClass
{
    std::string wnid;
    const ProjectClass *cls = nullptr;
    int classIndex = -1; // class models; text models make any class
    PromptTemplate tmpl;
    PromptContext context;
};

Result<JobClass> prepareClass(JobRun &run, const std::string &wnid)
{
    JobClass c;
    c.wnid = wnid;
    c.cls = run.project.classByWnid(wnid);
    if (!c.cls)
        return makeError("'" + wnid + "' is no longer a class of the project");
    if (!run.info.textPrompts) {
        const auto it = std::find(run.info.classWnids.begin(), run.info.classWnids.end(), wnid);
        if (it == run.info.classWnids.end())
            return makeError(run.info.path.string() + " has no class " + wnid);
        c.classIndex = int(it - run.info.classWnids.begin());
    }
    const auto templateIt = run.config().templates.find(wnid);
    Result<PromptTemplate> tmpl = PromptTemplate::parse(templateIt == run.config().templates.end()
                                                            ? run.project.effectiveTemplate(wnid)
                                                            : templateIt->second);
    if (!tmpl)
        return makeError("template of " + wnid + ": " + tmpl.error());
    c.tmpl = std::move(*tmpl);
    c.context = makePromptContext(*run.wordnet, wnid, c.cls->name, run.lists);
    std::error_code ec;
    fs::create_directories(run.project.directory() / run.root / wnid, ec);
    return c;
}

// Images next .. next + count - 1 of the class: their prompts and seeds.
std::vector<ImageRecipe> classRecipes(const JobRun &run, const JobClass &c, int64_t next,
                                      int64_t count)
{
    const GenerationConfig &cfg = run.config();
    std::vector<ImageRecipe> recipes;
    for (int64_t i = 0; i < count; ++i)
        recipes.push_back({c.wnid, next + i, imageSeed(cfg.seed, c.wnid, next + i),
                           c.tmpl.render(c.context, cfg.seed, uint64_t(next + i))});
    return recipes;
}

// Writes each image as a PNG with A1111 parameters; the rows that will record them.
Result<std::vector<NewImage>> writeBatchFiles(const JobRun &run, const JobClass &c,
                                              const std::vector<ImageRecipe> &recipes,
                                              const std::vector<ImageData> &images)
{
    const GeneratedImageContext context{run.config(), run.info, run.convertTo, run.job.name,
                                        c.classIndex};
    std::vector<NewImage> rows;
    for (size_t i = 0; i < recipes.size(); ++i) {
        const fs::path rel = run.root / c.wnid / generatedFileName(c.wnid, recipes[i].index);
        Result<WrittenImage> written =
            writeGeneratedImage(run.project.directory() / rel, context, recipes[i], images[i]);
        if (!written)
            return makeError(written.error());
        NewImage row;
        row.classId = c.cls->id;
        row.file = rel.string();
        row.width = written->width;
        row.height = written->height;
        row.channels = written->channels;
        row.provenance = std::move(written->provenance);
        rows.push_back(std::move(row));
    }
    return rows;
}

// The rows of a batch in one transaction; the last one's id.
Result<int64_t> storeImages(Project &project, int64_t datasetId, const std::vector<NewImage> &rows)
{
    Transaction tx(project.database());
    Result<ImageWriter> writer = ImageWriter::prepare(project.database(), datasetId);
    if (!writer)
        return makeError(writer.error());
    const std::string now = nowIso8601();
    int64_t id = 0;
    for (const NewImage &r : rows) {
        Result<int64_t> added = writer->add(r, now);
        if (!added)
            return makeError(added.error());
        id = *added;
    }
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return id;
}

std::string rateKey(const std::string &modelHash)
{
    return "generation.rate." + modelHash;
}

// The run's speed, for the time estimates of later plans; a failure to write it is not the
// job's failure.
void recordRate(const JobRun &run)
{
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - run.started).count();
    if (run.madeThisRun <= 0 || seconds <= 0 || run.info.hash.empty())
        return;
    const double rate = double(run.madeThisRun) * std::max(1, run.config().steps) / seconds;
    Database &db = run.project.database();
    Transaction tx(db);
    if (tx.active() && writeProjectInfo(db, rateKey(run.info.hash), numbers::format(rate)))
        (void)tx.commit();
}

enum class Stop
{
    No,
    Cancelled
};

// Generates the class's missing images batch by batch. Files first, then the rows in one
// transaction: a crash in between leaves files that the next run overwrites with the same pixels.
Result<Stop> generateClass(JobRun &run, const JobClass &c, const CancelToken *cancel)
{
    const GenerationConfig &cfg = run.config();
    int64_t next = countImagesOfClass(run.project.database(), run.datasetId, c.cls->id);
    while (next < cfg.perClass) {
        if (isCancelled(cancel))
            return Stop::Cancelled;
        const int64_t count = std::min<int64_t>(cfg.batchSize, cfg.perClass - next);
        const std::vector<ImageRecipe> recipes = classRecipes(run, c, next, count);
        const GeneratorBatch request = batchRequest(cfg, run.made, recipes);
        GeneratorStepFn onStep;
        if (run.progress)
            onStep = [&](const GeneratorStep &s) {
                run.report(c.wnid, double(count) * s.step / std::max(1, s.steps));
            };
        Result<std::vector<ImageData>> images = run.generator.generate(request, onStep, cancel);
        if (!images) {
            if (isCancelled(cancel))
                return Stop::Cancelled;
            return makeError(images.error());
        }
        Result<std::vector<NewImage>> rows = writeBatchFiles(run, c, recipes, *images);
        if (!rows)
            return makeError(rows.error());
        if (Result<int64_t> r = storeImages(run.project, run.datasetId, *rows); !r)
            return makeError(r.error());
        next += count;
        run.madeThisRun += count;
        run.job.done += count;
        run.report(c.wnid, 0);
        hooks::reach("generation batch stored");
    }
    return Stop::No;
}

} // namespace

Result<GenerationJobInfo>
runGenerationJob(Project &project, const std::string &name, Generator &generator,
                 const std::function<void(const GenerationProgress &)> &progress,
                 const CancelToken *cancel, bool pauseOnCancel)
{
    Result<std::pair<GenerationJobInfo, int64_t>> loaded = loadJob(project, name);
    if (!loaded)
        return makeError(loaded.error());
    const GeneratorDescription &info = generator.description();
    JobRun run(project, generator, loaded->first, loaded->second);
    const GenerationConfig &cfg = run.config();
    if (!cfg.modelHash.empty() && cfg.modelHash != info.hash)
        return makeError("generation job '" + name + "' was made with model " + cfg.modelHash +
                         ", not " + info.path.string() + " (" + info.hash + ")");
    run.made = generatedImageKind(cfg, info);
    // Held until this function returns; a process that dies drops it at once.
    Result<WorkLock> lock = WorkLock::acquire(project.directory(), kLockKind, name);
    if (!lock)
        return makeError(lock.error());
    Result<std::optional<ImageKind>> convertTo = jobConversion(project, cfg, info);
    if (!convertTo)
        return run.fail(convertTo.error());
    run.convertTo = *convertTo;
    if (Result<void> r = setGenerationJobStatus(project, run.job.id, "running"); !r)
        return makeError(r.error());
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    if (!wordnet)
        return makeError(wordnet.error());
    run.wordnet = *wordnet;
    run.lists = project.wordLists();
    run.root = fs::path("data") / "synthetic" / name;
    run.progress = progress;

    for (const std::string &wnid : cfg.wnids) {
        Result<JobClass> c = prepareClass(run, wnid);
        if (!c)
            return run.fail(c.error());
        Result<Stop> stop = generateClass(run, *c, cancel);
        if (!stop)
            return run.fail(stop.error());
        if (*stop == Stop::Cancelled) {
            recordRate(run);
            (void)setGenerationJobStatus(project, run.job.id,
                                         pauseOnCancel ? "paused" : "cancelled");
            return generationJob(project, name);
        }
    }
    recordRate(run);
    if (Result<void> r = setGenerationJobStatus(project, run.job.id, "done"); !r)
        return makeError(r.error());
    return generationJob(project, name);
}

Result<GenerationJobInfo>
runGenerationJob(Project &project, const std::string &name, DiffusionModel &model,
                 const std::function<void(const GenerationProgress &)> &progress,
                 const CancelToken *cancel, bool pauseOnCancel)
{
    std::unique_ptr<Generator> generator = Generator::wrap(model);
    return runGenerationJob(project, name, *generator, progress, cancel, pauseOnCancel);
}

Result<int64_t> addGeneratedImage(Project &project, const std::string &wnid, const ImageData &made,
                                  const SampleProvenance &p, bool convert)
{
    const ProjectClass *cls = project.classByWnid(wnid);
    if (!cls)
        return makeError("'" + wnid + "' is not a class of project " + project.name());
    const ImageKind madeKind{made.width, made.height, made.channels};
    Result<std::optional<ImageKind>> convertTo =
        conversionTo(project, madeKind, "the sample is a " + describeImageKind(madeKind) + " image",
                     convert, "add it converted to the project's kind");
    if (!convertTo)
        return makeError(convertTo.error());
    const ImageData image = *convertTo ? convertToImageKind(made, **convertTo) : made;
    Result<int64_t> dataset = project.ensureDataset("samples", "synthetic", "Samples panel");
    if (!dataset)
        return makeError(dataset.error());
    const std::string name = wnid + "_s" + std::to_string(p.seed) + "_w" +
                             numbers::format(p.guidance) + "_" + p.sampler +
                             std::to_string(p.steps) + ".png";
    const fs::path rel = fs::path("data") / "synthetic" / "samples" / wnid / name;
    std::error_code ec;
    fs::create_directories((project.directory() / rel).parent_path(), ec);
    const std::string parameters =
        a1111Parameters(p.prompt, p.negativePrompt, p.steps, p.sampler, p.guidance, p.seed,
                        made.width, made.height, p.modelHash, wnid, p.eta);
    if (Result<void> r =
            writePngWithText(project.directory() / rel, image, "parameters", parameters);
        !r)
        return makeError(r.error());
    Json prov = provenanceJson(p);
    if (*convertTo)
        noteConversion(prov, made, **convertTo);
    NewImage row;
    row.classId = cls->id;
    row.file = rel.string();
    row.width = image.width;
    row.height = image.height;
    row.channels = image.channels;
    row.provenance = dumpJson(prov);
    return storeImages(project, *dataset, {row});
}

std::optional<double> measuredGenerationRate(Project &project, const std::string &modelHash)
{
    const std::optional<double> rate = numbers::parseReal(project.info(rateKey(modelHash)));
    return rate && *rate > 0 ? rate : std::nullopt;
}

fs::path defaultGeneratorPath()
{
    if (const char *env = std::getenv("SYNSET_GENERATOR"); env && *env)
        return env;
    constexpr const char *kFile = "fashion-mnist-cfg.safetensors";
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        const fs::path installed = fs::path(exe).parent_path().parent_path() / "share" /
                                   "synset-studio" / "models" / kFile;
        std::error_code ec;
        if (fs::exists(installed, ec))
            return installed;
    }
    return fs::path(SYNSET_SOURCE_RESOURCES) / "models" / kFile;
}

} // namespace synset
