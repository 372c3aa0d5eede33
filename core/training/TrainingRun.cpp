#include "TrainingRun.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/Numbers.h"
#include "common/Seeds.h"
#include "common/TestHooks.h"
#include "common/TextUtil.h"
#include "data/TrainingData.h"
#include "generation/GenerationJob.h"
#include "project/Project.h"
#include "project/WorkLock.h"
#include "training/RunStore.h"

#include <chrono>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

namespace synset {

namespace {

constexpr const char *kKind = "classifier";
constexpr const char *kLockKind = "run";

// Fisher-Yates with our own generator, so the pick is the same on every platform and library.
void shuffle(std::vector<int64_t> &v, uint64_t seed)
{
    uint64_t state = seed;
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[size_t(seeds::splitMix64(state) % i)]);
}

bool validName(const std::string &name)
{
    if (name.empty() || name.size() > 100 || name[0] == '.')
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

std::string percent(double f)
{
    std::ostringstream s;
    s << f * 100;
    return s.str() + "%";
}

// 'running' in the store but no live process holds its lock: killed or crashed.
RunInfo withLiveness(const Project &project, RunInfo run)
{
    run.interrupted =
        run.status == "running" && !WorkLock::isHeld(project.directory(), kLockKind, run.name);
    return run;
}

// The images of each class the mix draws from: real training images, a seeded fraction of them;
// generated ones, not rejected (or accepted only), capped by the ratio and the per-class limit.
Result<std::vector<int64_t>> realForClass(Project &project, const RunConfig &config,
                                          const ProjectClass &cls, uint64_t classSeed)
{
    if (config.realFraction <= 0)
        return std::vector<int64_t>();
    Result<std::vector<int64_t>> real = realTrainImagesOfClass(project, cls.id);
    if (!real || config.realFraction >= 1)
        return real;
    shuffle(*real, classSeed);
    const size_t keep = std::max<size_t>(real->empty() ? 0 : 1,
                                         size_t(std::llround(config.realFraction * real->size())));
    real->resize(std::min(real->size(), keep));
    std::sort(real->begin(), real->end());
    return real;
}

Result<std::vector<int64_t>> syntheticForClass(Project &project, const RunConfig &config,
                                               const ProjectClass &cls, uint64_t classSeed,
                                               const std::vector<int64_t> &datasetIds,
                                               size_t realCount)
{
    if (config.synthetic == "none")
        return std::vector<int64_t>();
    Result<std::vector<int64_t>> synth =
        syntheticImagesOfClass(project, cls.id, config.synthetic == "accepted", datasetIds);
    if (!synth)
        return synth;
    size_t cap = synth->size();
    if (config.syntheticRatio > 0 && realCount > 0)
        cap = std::min(cap, size_t(std::llround(config.syntheticRatio * realCount)));
    if (config.syntheticPerClass > 0)
        cap = std::min(cap, size_t(config.syntheticPerClass));
    if (cap < synth->size()) {
        shuffle(*synth, classSeed ^ 0x5157u);
        synth->resize(cap);
        std::sort(synth->begin(), synth->end());
    }
    return synth;
}

Result<std::vector<int64_t>> syntheticDatasetIds(Project &project, const RunConfig &config)
{
    std::vector<int64_t> ids;
    for (const std::string &name : config.syntheticDatasets) {
        Result<std::optional<int64_t>> id = syntheticDatasetId(project, name);
        if (!id)
            return makeError(id.error());
        if (!*id)
            return makeError("project " + project.name() + " has no synthetic dataset '" + name +
                             "'");
        ids.push_back(**id);
    }
    return ids;
}

// A finished run's note on the images it could not read (they were left out, the run went on).
std::string describeSkipped(const std::vector<std::string> &skipped)
{
    if (skipped.empty())
        return {};
    std::string text = std::to_string(skipped.size()) +
                       (skipped.size() == 1 ? " image could not be read and was left out: "
                                            : " images could not be read and were left out: ");
    const size_t shown = std::min<size_t>(skipped.size(), 5);
    for (size_t i = 0; i < shown; ++i)
        text += (i ? "; " : "") + skipped[i];
    if (shown < skipped.size())
        text += "; …";
    return text;
}

} // namespace

// ---- Configuration ---------------------------------------------------------------------------

std::string RunConfig::toJson() const
{
    Json j;
    j["model"] = train.model;
    j["width"] = train.width;
    j["epochs"] = train.epochs;
    j["batch_size"] = train.batchSize;
    j["optimizer"] = train.optimizer;
    j["learning_rate"] = train.learningRate;
    j["momentum"] = train.momentum;
    j["weight_decay"] = train.weightDecay;
    j["warmup_epochs"] = train.warmupEpochs;
    j["label_smoothing"] = train.labelSmoothing;
    j["augmentation"] = train.augmentation;
    j["seed"] = train.seed;
    j["device"] = train.device;
    j["evaluate_every"] = train.evaluateEvery;
    if (train.decodeThreads > 0)
        j["decode_threads"] = train.decodeThreads;
    if (train.checkpointSteps > 0)
        j["checkpoint_steps"] = train.checkpointSteps;
    if (imageSize > 0)
        j["image_size"] = imageSize;
    j["real_fraction"] = realFraction;
    j["synthetic"] = synthetic;
    j["synthetic_datasets"] = syntheticDatasets;
    j["synthetic_ratio"] = syntheticRatio;
    j["synthetic_per_class"] = syntheticPerClass;
    j["parent"] = parent;
    return dumpJson(j);
}

Result<RunConfig> RunConfig::fromJson(const std::string &text)
{
    Result<Json> parsed = parseStoredJson(text);
    if (!parsed)
        return makeError("run configuration: " + parsed.error());
    const Json &j = *parsed;
    RunConfig c;
    ClassifierTrainOptions &t = c.train;
    t.model = json::string(j, "model", t.model);
    t.width = json::int32(j, "width", t.width);
    t.epochs = json::int32(j, "epochs", t.epochs);
    t.batchSize = json::int32(j, "batch_size", t.batchSize);
    t.optimizer = json::string(j, "optimizer", t.optimizer);
    t.learningRate = json::number(j, "learning_rate", t.learningRate);
    t.momentum = json::number(j, "momentum", t.momentum);
    t.weightDecay = json::number(j, "weight_decay", t.weightDecay);
    t.warmupEpochs = json::number(j, "warmup_epochs", t.warmupEpochs);
    t.labelSmoothing = json::number(j, "label_smoothing", t.labelSmoothing);
    t.augmentation = json::string(j, "augmentation", t.augmentation);
    t.seed = json::seed(j, "seed");
    t.device = json::string(j, "device", t.device);
    t.evaluateEvery = json::int32(j, "evaluate_every", 1);
    t.decodeThreads = json::int32(j, "decode_threads", 0);
    t.checkpointSteps = json::int32(j, "checkpoint_steps", 0);
    c.imageSize = json::int32(j, "image_size", 0);
    c.realFraction = json::number(j, "real_fraction", c.realFraction);
    c.synthetic = json::string(j, "synthetic", c.synthetic);
    for (const Json &s : json::elements(json::member(j, "synthetic_datasets")))
        c.syntheticDatasets.push_back(json::stringOf(s));
    c.syntheticRatio = json::number(j, "synthetic_ratio", 0);
    c.syntheticPerClass = json::int32(j, "synthetic_per_class", 0);
    c.parent = json::string(j, "parent");
    return c;
}

Result<void> RunConfig::check() const
{
    if (Result<void> r = checkClassifierOptions(train); !r)
        return r;
    if (realFraction < 0 || realFraction > 1)
        return makeError("the real fraction must be between 0 and 1");
    if (synthetic != "none" && synthetic != "all" && synthetic != "accepted")
        return makeError("synthetic must be none, all or accepted, not '" + synthetic + "'");
    if (realFraction == 0 && synthetic == "none")
        return makeError("the data mix is empty: no real images and no synthetic ones");
    if (syntheticRatio < 0 || syntheticPerClass < 0)
        return makeError("the synthetic ratio and the per-class cap cannot be negative");
    if (imageSize != 0 && (imageSize < 32 || imageSize > 1024))
        return makeError("the image size must be between 32 and 1024 pixels, not " +
                         std::to_string(imageSize));
    return {};
}

std::string RunConfig::describeData() const
{
    std::string real = realFraction > 0 ? percent(realFraction) + " real" : "";
    std::string synth;
    if (synthetic != "none") {
        synth = synthetic == "accepted" ? "accepted synthetic" : "synthetic";
        if (!syntheticDatasets.empty()) {
            synth += " (";
            for (size_t i = 0; i < syntheticDatasets.size(); ++i)
                synth += (i ? ", " : "") + syntheticDatasets[i];
            synth += ")";
        }
    }
    if (real.empty())
        return synth;
    if (synth.empty())
        return real;
    return real + " + " + synth;
}

// ---- Data mix --------------------------------------------------------------------------------

Result<DataMix> selectTrainingImages(Project &project, const RunConfig &config)
{
    if (Result<void> ok = config.check(); !ok)
        return makeError(ok.error());
    Result<std::vector<int64_t>> datasetIds = syntheticDatasetIds(project, config);
    if (!datasetIds)
        return makeError(datasetIds.error());

    DataMix mix;
    const size_t k = project.classes().size();
    mix.realPerClass.assign(k, 0);
    mix.syntheticPerClass.assign(k, 0);
    for (const ProjectClass &cls : project.classes()) {
        const uint64_t classSeed = config.train.seed * 1000003ull + uint64_t(cls.classIndex);
        Result<std::vector<int64_t>> real = realForClass(project, config, cls, classSeed);
        if (!real)
            return makeError(real.error());
        Result<std::vector<int64_t>> synth =
            syntheticForClass(project, config, cls, classSeed, *datasetIds, real->size());
        if (!synth)
            return makeError(synth.error());
        for (int64_t id : *real) {
            mix.imageIds.push_back(id);
            mix.labels.push_back(cls.classIndex);
            mix.synthetic.push_back(false);
        }
        for (int64_t id : *synth) {
            mix.imageIds.push_back(id);
            mix.labels.push_back(cls.classIndex);
            mix.synthetic.push_back(true);
        }
        mix.realPerClass[size_t(cls.classIndex)] = int64_t(real->size());
        mix.syntheticPerClass[size_t(cls.classIndex)] = int64_t(synth->size());
    }
    if (mix.imageIds.empty())
        return makeError("the data mix " + config.describeData() +
                         " selects no images in project " + project.name() +
                         (config.synthetic == "none" ? "" : "; generate or accept some first"));
    return mix;
}

// ---- Runs ------------------------------------------------------------------------------------

std::filesystem::path runDirectory(const Project &project, const std::string &name)
{
    return project.directory() / "runs" / name;
}

Result<int64_t> createRun(Project &project, const std::string &name, const RunConfig &config)
{
    if (!validName(name))
        return makeError("run name '" + name +
                         "' is not valid: use letters, digits, '-', '_' and '.'");
    if (Result<void> ok = config.check(); !ok)
        return makeError(ok.error());
    if (Result<RunInfo> existing = findRun(project, name)) {
        const bool unfinished = existing->interrupted || existing->status == "cancelled" ||
                                existing->status == "failed" || existing->status == "queued";
        return makeError("project " + project.name() + " already has a run named '" + name + "'" +
                         (unfinished
                              ? std::string(" (") +
                                    (existing->interrupted ? "interrupted" : existing->status) +
                                    " after epoch " + std::to_string(existing->epochsDone) +
                                    "): continue it with --resume " + name
                              : std::string()));
    }
    // The data mix is chosen when the run is made and kept with it: the run trains on the images
    // its configuration selected then, even if images are generated or reviewed before it starts.
    Result<DataMix> mix = selectTrainingImages(project, config);
    if (!mix)
        return makeError(mix.error());
    return insertRun(project, name, kKind, config.toJson(), *mix);
}

std::vector<RunInfo> listRuns(Project &project)
{
    std::vector<RunInfo> runs = storedRuns(project);
    for (RunInfo &r : runs)
        r = withLiveness(project, std::move(r));
    return runs;
}

Result<RunInfo> findRun(Project &project, const std::string &name)
{
    Result<std::optional<RunInfo>> run = storedRun(project, name);
    if (!run)
        return makeError(run.error());
    if (!*run)
        return makeError("project " + project.name() + " has no training run named '" + name + "'");
    return withLiveness(project, std::move(**run));
}

std::string freeRunName(Project &project, const std::string &base)
{
    if (!findRun(project, base))
        return base;
    for (int i = 2;; ++i) {
        const std::string name = base + "-" + std::to_string(i);
        if (!findRun(project, name))
            return name;
    }
}

Result<void> deleteRun(Project &project, const std::string &name)
{
    Result<RunInfo> run = findRun(project, name);
    if (!run)
        return makeError(run.error());
    if (run->status == "running" && !run->interrupted)
        return makeError("run '" + name + "' is running; cancel it first");
    if (Result<void> r = deleteRunRow(project, run->id); !r)
        return r;
    std::error_code ec;
    std::filesystem::remove_all(runDirectory(project, name), ec);
    return {};
}

namespace {

// A rank's device: NCCL ranks each take their node's GPU of their local rank.
std::string rankDevice(const std::string &device, const DistributedOptions &d)
{
    if (d.enabled() && d.backend == "nccl" && (device == "auto" || device == "cuda"))
        return "cuda:" + std::to_string(d.localRank);
    return device;
}

// Rank 0 makes a new run; the other ranks wait for it (and its stored mix), within the
// distributed timeout.
Result<std::pair<RunInfo, std::vector<int64_t>>> awaitRun(Project &project, const std::string &name,
                                                          const DistributedOptions &d)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(d.timeoutSeconds);
    for (;;) {
        Result<RunInfo> run = findRun(project, name);
        if (run) {
            std::vector<int64_t> ids = storedRunMix(project, run->id);
            if (!ids.empty())
                return std::make_pair(std::move(*run), std::move(ids));
        }
        if (std::chrono::steady_clock::now() > deadline)
            return makeError("rank " + std::to_string(d.rank) + ": run '" + name +
                             "' with its training images did not appear in project " +
                             project.name() + " within " + std::to_string(d.timeoutSeconds) +
                             " s (rank 0 makes it)");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

// A rank other than 0 trains its part of every batch and writes nothing to the project: rank 0
// keeps the run's status, metrics, checkpoints and model.
Result<RunInfo> followRun(Project &project, const std::string &name, bool resume,
                          const DistributedOptions &distributed, const CancelToken *cancel)
{
    Result<std::pair<RunInfo, std::vector<int64_t>>> found = awaitRun(project, name, distributed);
    if (!found)
        return makeError(found.error());
    const RunInfo &run = found->first;
    const std::optional<ImageShape> realShape = commonRealImageShape(project);
    const int streamSize = streamedImageSize(realShape, run.config.imageSize);
    Result<ImageSet> train =
        streamSize > 0 ? listImagesById(project, found->second, streamSize, realShape->channels)
                       : loadImagesById(project, found->second, {}, cancel);
    if (!train)
        return makeError(train.error());
    const std::filesystem::path dir = runDirectory(project, name);
    ClassifierTrainOptions options = run.config.train;
    options.checkpoint = dir / "checkpoint.safetensors";
    options.output = dir / "model.safetensors";
    options.resume = resume;
    options.distributed = distributed;
    options.device = rankDevice(options.device, distributed);
    Result<ClassifierTrainReport> report = trainClassifier(*train, nullptr, options, {}, cancel);
    if (!report)
        return makeError(report.error());
    return run;
}

} // namespace

Result<RunInfo> executeRun(Project &project, const std::string &name, bool resume,
                           const RunCallbacks &callbacks, const CancelToken *cancel,
                           const DistributedOptions &distributed)
{
    if (distributed.enabled() && !distributed.leader())
        return followRun(project, name, resume, distributed, cancel);
    Result<RunInfo> run = findRun(project, name);
    if (!run)
        return makeError(run.error());
    // Held until this function returns; a process that dies drops it at once.
    Result<WorkLock> lock = WorkLock::acquire(project.directory(), kLockKind, name);
    if (!lock)
        return makeError(lock.error());
    if (run->status == "done")
        return makeError("run '" + name + "' is finished; start a new run to train again");
    const int64_t runId = run->id;
    const auto fail = [&](const std::string &message) -> Result<RunInfo> {
        (void)updateRunStatus(project, runId, "failed", message, std::nullopt);
        return makeError(message);
    };
    if (Result<void> r = updateRunStatus(project, runId, "running", {}, std::nullopt); !r)
        return makeError(r.error());

    // The mix was chosen when the run was made and is kept, so that a run (resumed or not)
    // trains on the same images even if more were generated or reviewed since. Runs made before
    // mixes were stored at creation choose theirs now.
    std::vector<int64_t> ids = storedRunMix(project, runId);
    if (ids.empty()) {
        Result<DataMix> mix = selectTrainingImages(project, run->config);
        if (!mix)
            return fail(mix.error());
        if (Result<void> r = replaceRunMix(project, runId, *mix); !r)
            return fail(r.error());
        ids = storedRunMix(project, runId); // in the stored order, as a resume reads it
    }
    if (ids.empty()) {
        return fail("run '" + name + "' has no stored training images in project " +
                    project.name());
    }
    const auto stage = [&](double from, double to) {
        return [&, from, to](double f, std::string_view message) {
            if (callbacks.progress)
                callbacks.progress(from + (to - from) * f, message);
        };
    };
    const std::optional<ImageShape> realShape = commonRealImageShape(project);
    const int streamSize = streamedImageSize(realShape, run->config.imageSize);
    Result<ImageSet> train = streamSize > 0
                                 ? listImagesById(project, ids, streamSize, realShape->channels)
                                 : loadImagesById(project, ids, stage(0, 0.02), cancel);
    if (!train) {
        if (isCancelled(cancel)) {
            (void)updateRunStatus(project, runId, "cancelled", {}, std::nullopt);
            return findRun(project, name);
        }
        return fail(train.error());
    }
    Result<ImageSet> test = streamSize > 0
                                ? listRealImages(project, "test", streamSize)
                                : loadRealImages(project, "test", stage(0.02, 0.04), cancel);
    const bool haveTest = bool(test);

    const std::filesystem::path dir = runDirectory(project, name);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return fail("cannot create " + dir.string() + ": " + ec.message());
    ClassifierTrainOptions options = run->config.train;
    options.checkpoint = dir / "checkpoint.safetensors";
    options.output = dir / "model.safetensors";
    options.resume = resume;
    options.distributed = distributed;
    options.device = rankDevice(options.device, distributed);
    if (!resume)
        std::filesystem::remove(options.checkpoint, ec);

    MetricWriter writer(project, runId);
    bool firstStep = true;
    std::string writeError;
    ClassifierTrainCallbacks cb;
    cb.onStep = [&](const ClassifierStep &s) {
        if (firstStep) {
            // A resumed run repeats the steps after its checkpoint: drop what it had written.
            firstStep = false;
            dropRunMetricsFrom(project, runId, s.epoch, s.step);
        }
        writer.add("loss", s.step, s.epoch, s.loss);
        writer.add("lr", s.step, s.epoch, s.learningRate);
        if (writer.due())
            if (Result<void> r = writer.flush(); !r && writeError.empty())
                writeError = r.error();
    };
    cb.onEpoch = [&](const ClassifierEpoch &e) {
        const int epoch = e.epoch - 1;
        writer.add("train_loss", e.step, epoch, e.trainLoss);
        writer.add("train_acc", e.step, epoch, e.trainAccuracy);
        writer.add("images_per_second", e.step, epoch, e.imagesPerSecond);
        writer.add("data_wait", e.step, epoch, e.dataWaitShare);
        // The world each epoch ran in: a run resumes on another number of ranks.
        const int world = distributed.enabled() ? distributed.worldSize : 1;
        writer.add("world_size", e.step, epoch, world);
        writer.add("rank_batch", e.step, epoch, (options.batchSize + world - 1) / world);
        if (e.evaluated) {
            writer.add("test_acc", e.step, epoch, e.test.top1);
            writer.add("test_top5", e.step, epoch, e.test.top5);
        }
        if (Result<void> r = writer.flush(); !r && writeError.empty())
            writeError = r.error();
        updateRunWallSeconds(project, runId, e.seconds);
        if (e.evaluated && haveTest)
            if (Result<void> r = storePredictions(project, runId, *test, e.test);
                !r && writeError.empty())
                writeError = r.error();
        if (callbacks.epoch)
            callbacks.epoch(e);
        hooks::reach("training epoch stored");
    };
    std::vector<std::string> skipped; // each unreadable image once, though every epoch meets it
    std::set<std::string> seen;
    cb.onSkipped = [&](const std::string &error) {
        if (seen.insert(error).second)
            skipped.push_back(error);
    };
    cb.onProgress = stage(0.04, 1.0);
    Result<ClassifierTrainReport> report =
        trainClassifier(*train, haveTest ? &*test : nullptr, options, cb, cancel);
    if (!report)
        return fail(report.error());
    if (Result<void> r = writer.flush(); !r && writeError.empty())
        writeError = r.error();
    if (!writeError.empty())
        return fail("cannot write the run's metrics: " + writeError);
    if (Result<void> r = updateRunStatus(project, runId, report->cancelled ? "cancelled" : "done",
                                         describeSkipped(skipped), report->seconds);
        !r)
        return makeError(r.error());
    return findRun(project, name);
}

Result<ClassifierEvaluation> evaluateRun(Project &project, const std::string &name,
                                         const ProgressFn &progress, const CancelToken *cancel)
{
    Result<RunInfo> run = findRun(project, name);
    if (!run)
        return makeError(run.error());
    const std::filesystem::path model = runDirectory(project, name) / "model.safetensors";
    if (!std::filesystem::exists(model))
        return makeError("run '" + name + "' has no final model yet (" + model.string() +
                         "); finish or resume it first");
    Result<std::unique_ptr<Classifier>> classifier =
        Classifier::load(model, run->config.train.device);
    if (!classifier)
        return makeError(classifier.error());
    const int streamSize = streamedImageSize(project, run->config.imageSize);
    Result<ImageSet> test = streamSize > 0 ? listRealImages(project, "test", streamSize)
                                           : loadRealImages(project, "test", {}, cancel);
    if (!test)
        return makeError(test.error());
    if (int(test->classWnids.size()) != (*classifier)->numClasses())
        return makeError(model.string() + ": the model has " +
                         std::to_string((*classifier)->numClasses()) + " classes, the project " +
                         std::to_string(test->classWnids.size()));
    Result<ClassifierEvaluation> ev = (*classifier)->evaluate(*test, progress, cancel);
    if (!ev)
        return makeError(ev.error());
    if (Result<void> r = storePredictions(project, run->id, *test, *ev); !r)
        return makeError(r.error());
    return ev;
}

} // namespace synset
