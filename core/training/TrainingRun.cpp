#include "TrainingRun.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/Numbers.h"
#include "common/Seeds.h"
#include "common/TestHooks.h"
#include "common/TextUtil.h"
#include "data/TrainingData.h"
#include "generation/GenerationJob.h"
#include "project/Database.h"
#include "project/Project.h"
#include "project/WorkLock.h"
#include "training/RunStore.h"

#include <chrono>
#include <cmath>
#include <sstream>

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

Result<void> setStatus(Project &project, int64_t id, const std::string &status,
                       const std::string &error, std::optional<double> wallSeconds)
{
    Result<Statement> st = project.database().prepare(
        "UPDATE runs SET status = ?, error = ?, updated_at = ?, "
        "finished_at = CASE WHEN ? IN ('done', 'failed', 'cancelled') THEN ? ELSE finished_at END, "
        "wall_seconds = COALESCE(?, wall_seconds) WHERE id = ?");
    if (!st)
        return makeError(st.error());
    const std::string now = nowIso8601();
    st->bind(1, status).bind(3, now).bind(4, status).bind(5, now).bind(7, id);
    if (error.empty())
        st->bindNull(2);
    else
        st->bind(2, error);
    if (wallSeconds)
        st->bind(6, *wallSeconds);
    else
        st->bindNull(6);
    return st->exec();
}

// Inside a transaction of the caller's.
Result<void> writeMix(Project &project, int64_t runId, const DataMix &mix)
{
    Result<Statement> del = project.database().prepare("DELETE FROM run_images WHERE run_id = ?");
    if (!del)
        return makeError(del.error());
    if (Result<void> r = del->bind(1, runId).exec(); !r)
        return r;
    Result<Statement> ins = project.database().prepare(
        "INSERT OR IGNORE INTO run_images(run_id, image_id, label, synthetic) VALUES (?, ?, ?, ?)");
    if (!ins)
        return makeError(ins.error());
    for (size_t i = 0; i < mix.imageIds.size(); ++i) {
        ins->reset();
        ins->bind(1, runId)
            .bind(2, mix.imageIds[i])
            .bind(3, mix.labels[i])
            .bind(4, int64_t(mix.synthetic[i]));
        if (Result<void> r = ins->exec(); !r)
            return r;
    }
    return {};
}

Result<void> storeMix(Project &project, int64_t runId, const DataMix &mix)
{
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    if (Result<void> r = writeMix(project, runId, mix); !r)
        return r;
    return tx.commit();
}

std::vector<int64_t> storedMix(Project &project, int64_t runId)
{
    std::vector<int64_t> ids;
    Result<Statement> st = project.database().prepare(
        "SELECT image_id FROM run_images WHERE run_id = ? ORDER BY synthetic, label, image_id");
    if (!st)
        return ids;
    st->bind(1, runId);
    while (st->step())
        ids.push_back(st->columnInt(0));
    return ids;
}

RunInfo readRun(const Project &project, const Statement &st)
{
    RunInfo r;
    r.id = st.columnInt(0);
    r.name = st.columnText(1);
    if (Result<RunConfig> c = RunConfig::fromJson(st.columnText(2)))
        r.config = std::move(*c);
    r.status = st.columnText(3);
    r.createdAt = st.columnText(4);
    r.finishedAt = st.columnText(5);
    r.wallSeconds = st.columnDouble(6);
    r.updatedAt = st.columnText(7);
    r.error = st.columnText(8);
    r.epochsDone = int(st.columnInt(9));
    r.top1 = st.columnIsNull(10) ? -1 : st.columnDouble(10);
    r.top5 = st.columnIsNull(11) ? -1 : st.columnDouble(11);
    r.realImages = st.columnInt(12);
    r.syntheticImages = st.columnInt(13);
    // 'running' in the store but no live process holds its lock: killed or crashed.
    r.interrupted =
        r.status == "running" && !WorkLock::isHeld(project.directory(), kLockKind, r.name);
    return r;
}

constexpr const char *kRunQuery =
    "SELECT r.id, r.name, r.config, r.status, r.created_at, COALESCE(r.finished_at, ''), "
    "COALESCE(r.wall_seconds, 0), COALESCE(r.updated_at, r.created_at), COALESCE(r.error, ''), "
    "(SELECT COUNT(*) FROM run_metrics m WHERE m.run_id = r.id AND m.key = 'train_acc'), "
    "(SELECT value FROM run_metrics m WHERE m.run_id = r.id AND m.key = 'test_acc' "
    " ORDER BY step DESC LIMIT 1), "
    "(SELECT value FROM run_metrics m WHERE m.run_id = r.id AND m.key = 'test_top5' "
    " ORDER BY step DESC LIMIT 1), "
    "(SELECT COUNT(*) FROM run_images i WHERE i.run_id = r.id AND i.synthetic = 0), "
    "(SELECT COUNT(*) FROM run_images i WHERE i.run_id = r.id AND i.synthetic = 1) "
    "FROM runs r WHERE r.kind = 'classifier' ";

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
    Database &db = project.database();
    std::vector<int64_t> datasetIds;
    for (const std::string &name : config.syntheticDatasets) {
        Result<Statement> st =
            db.prepare("SELECT id FROM datasets WHERE name = ? AND kind = 'synthetic'");
        if (!st)
            return makeError(st.error());
        st->bind(1, name);
        if (!st->step())
            return makeError("project " + project.name() + " has no synthetic dataset '" + name +
                             "'");
        datasetIds.push_back(st->columnInt(0));
    }
    std::string inDatasets;
    for (int64_t id : datasetIds)
        inDatasets += (inDatasets.empty() ? "" : ",") + std::to_string(id);

    DataMix mix;
    const size_t k = project.classes().size();
    mix.realPerClass.assign(k, 0);
    mix.syntheticPerClass.assign(k, 0);
    for (const ProjectClass &cls : project.classes()) {
        const uint64_t classSeed = config.train.seed * 1000003ull + uint64_t(cls.classIndex);
        std::vector<int64_t> real;
        if (config.realFraction > 0) {
            Result<Statement> st = db.prepare(
                "SELECT i.id FROM images i JOIN datasets d ON d.id = i.dataset_id "
                "WHERE d.kind = 'real' AND i.split = 'train' AND i.class_id = ? ORDER BY i.id");
            if (!st)
                return makeError(st.error());
            st->bind(1, cls.id);
            while (st->step())
                real.push_back(st->columnInt(0));
            if (config.realFraction < 1) {
                shuffle(real, classSeed);
                const size_t keep = std::max<size_t>(
                    real.empty() ? 0 : 1, size_t(std::llround(config.realFraction * real.size())));
                real.resize(std::min(real.size(), keep));
                std::sort(real.begin(), real.end());
            }
        }
        std::vector<int64_t> synth;
        if (config.synthetic != "none") {
            std::string sql = "SELECT i.id FROM images i JOIN datasets d ON d.id = i.dataset_id "
                              "LEFT JOIN reviews r ON r.image_id = i.id "
                              "WHERE d.kind = 'synthetic' AND i.class_id = ? ";
            sql += config.synthetic == "accepted" ? "AND r.state = 'accepted' "
                                                  : "AND COALESCE(r.state, '') <> 'rejected' ";
            if (!inDatasets.empty())
                sql += "AND i.dataset_id IN (" + inDatasets + ") ";
            sql += "ORDER BY i.id";
            Result<Statement> st = db.prepare(sql);
            if (!st)
                return makeError(st.error());
            st->bind(1, cls.id);
            while (st->step())
                synth.push_back(st->columnInt(0));
            size_t cap = synth.size();
            if (config.syntheticRatio > 0 && !real.empty())
                cap = std::min(cap, size_t(std::llround(config.syntheticRatio * real.size())));
            if (config.syntheticPerClass > 0)
                cap = std::min(cap, size_t(config.syntheticPerClass));
            if (cap < synth.size()) {
                shuffle(synth, classSeed ^ 0x5157u);
                synth.resize(cap);
                std::sort(synth.begin(), synth.end());
            }
        }
        for (int64_t id : real) {
            mix.imageIds.push_back(id);
            mix.labels.push_back(cls.classIndex);
            mix.synthetic.push_back(false);
        }
        for (int64_t id : synth) {
            mix.imageIds.push_back(id);
            mix.labels.push_back(cls.classIndex);
            mix.synthetic.push_back(true);
        }
        mix.realPerClass[size_t(cls.classIndex)] = int64_t(real.size());
        mix.syntheticPerClass[size_t(cls.classIndex)] = int64_t(synth.size());
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
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    Result<Statement> st = project.database().prepare(
        "INSERT INTO runs(name, kind, config, status, created_at, updated_at) "
        "VALUES (?, ?, ?, 'queued', ?, ?)");
    if (!st)
        return makeError(st.error());
    const std::string now = nowIso8601();
    st->bind(1, name).bind(2, kKind).bind(3, config.toJson()).bind(4, now).bind(5, now);
    if (Result<void> r = st->exec(); !r)
        return makeError(r.error());
    const int64_t id = project.database().lastInsertId();
    if (Result<void> r = writeMix(project, id, *mix); !r)
        return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return id;
}

std::vector<RunInfo> listRuns(Project &project)
{
    std::vector<RunInfo> runs;
    Result<Statement> st = project.database().prepare(std::string(kRunQuery) + "ORDER BY r.id");
    if (!st)
        return runs;
    while (st->step())
        runs.push_back(readRun(project, *st));
    return runs;
}

Result<RunInfo> findRun(Project &project, const std::string &name)
{
    Result<Statement> st = project.database().prepare(std::string(kRunQuery) + "AND r.name = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return makeError("project " + project.name() + " has no training run named '" + name + "'");
    return readRun(project, *st);
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
    Result<Statement> st = project.database().prepare("DELETE FROM runs WHERE id = ?");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, run->id).exec(); !r)
        return r;
    std::error_code ec;
    std::filesystem::remove_all(runDirectory(project, name), ec);
    return {};
}

Result<RunInfo> executeRun(Project &project, const std::string &name, bool resume,
                           const RunCallbacks &callbacks, const CancelToken *cancel)
{
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
        (void)setStatus(project, runId, "failed", message, std::nullopt);
        return makeError(message);
    };
    if (Result<void> r = setStatus(project, runId, "running", {}, std::nullopt); !r)
        return makeError(r.error());

    // The mix was chosen when the run was made and is kept, so that a run (resumed or not)
    // trains on the same images even if more were generated or reviewed since. Runs made before
    // mixes were stored at creation choose theirs now.
    std::vector<int64_t> ids = storedMix(project, runId);
    if (ids.empty()) {
        Result<DataMix> mix = selectTrainingImages(project, run->config);
        if (!mix)
            return fail(mix.error());
        if (Result<void> r = storeMix(project, runId, *mix); !r)
            return fail(r.error());
        ids = storedMix(project, runId); // in the stored order, as a resume reads it
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
    Result<ImageSet> train = loadImagesById(project, ids, stage(0, 0.02), cancel);
    if (!train) {
        if (isCancelled(cancel)) {
            (void)setStatus(project, runId, "cancelled", {}, std::nullopt);
            return findRun(project, name);
        }
        return fail(train.error());
    }
    Result<ImageSet> test = loadRealImages(project, "test", stage(0.02, 0.04), cancel);
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
    if (!resume)
        std::filesystem::remove(options.checkpoint, ec);

    MetricWriter writer(project, runId);
    bool firstStep = true;
    std::string writeError;
    ClassifierTrainCallbacks cb;
    cb.onStep = [&](const ClassifierStep &s) {
        if (firstStep) {
            // A resumed run repeats the epoch that was under way: drop what it had written.
            firstStep = false;
            Result<Statement> del = project.database().prepare(
                "DELETE FROM run_metrics WHERE run_id = ? AND epoch >= ?");
            if (del)
                (void)del->bind(1, runId).bind(2, s.epoch).exec();
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
        if (e.evaluated) {
            writer.add("test_acc", e.step, epoch, e.test.top1);
            writer.add("test_top5", e.step, epoch, e.test.top5);
        }
        if (Result<void> r = writer.flush(); !r && writeError.empty())
            writeError = r.error();
        Result<Statement> wall =
            project.database().prepare("UPDATE runs SET wall_seconds = ? WHERE id = ?");
        if (wall)
            (void)wall->bind(1, e.seconds).bind(2, runId).exec();
        if (e.evaluated && haveTest)
            if (Result<void> r = storePredictions(project, runId, *test, e.test);
                !r && writeError.empty())
                writeError = r.error();
        if (callbacks.epoch)
            callbacks.epoch(e);
        hooks::reach("training epoch stored");
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
    if (Result<void> r = setStatus(project, runId, report->cancelled ? "cancelled" : "done", {},
                                   report->seconds);
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
    Result<ImageSet> test = loadRealImages(project, "test", {}, cancel);
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
