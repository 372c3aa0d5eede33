#include "RunStore.h"

#include "TrainingRun.h"
#include "common/Json.h"
#include "common/Numbers.h"
#include "common/TextUtil.h"
#include "project/Database.h"
#include "project/Project.h"

namespace synset {

namespace {

Result<Statement> prepareMetricInsert(Database &db)
{
    return db.prepare("INSERT OR REPLACE INTO run_metrics(run_id, key, step, epoch, value) "
                      "VALUES (?, ?, ?, ?, ?)");
}

Result<void> insertMetric(Statement &ins, int64_t runId, const std::string &key, int64_t step,
                          int epoch, double value)
{
    ins.reset();
    ins.bind(1, runId).bind(2, key).bind(3, step).bind(4, epoch).bind(5, value);
    return ins.exec();
}

std::string top5Text(const std::vector<int> &top5, size_t row)
{
    std::string s;
    for (size_t j = 0; j < 5; ++j) {
        const int c = top5[row * 5 + j];
        if (c < 0)
            break;
        if (!s.empty())
            s += ',';
        s += std::to_string(c);
    }
    return s;
}

} // namespace

// ---- Writing ---------------------------------------------------------------------------------

MetricWriter::MetricWriter(Project &project, int64_t runId)
    : m_project(project)
    , m_runId(runId)
{}

void MetricWriter::add(const std::string &key, int64_t step, int epoch, double value)
{
    m_pending.push_back({key, step, epoch, value});
}

bool MetricWriter::due() const
{
    return std::chrono::steady_clock::now() - m_lastFlush > std::chrono::seconds(1);
}

Result<void> MetricWriter::flush()
{
    m_lastFlush = std::chrono::steady_clock::now();
    Database &db = m_project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    Result<Statement> ins = prepareMetricInsert(db);
    if (!ins)
        return makeError(ins.error());
    for (const Row &p : m_pending)
        if (Result<void> r = insertMetric(*ins, m_runId, p.key, p.step, p.epoch, p.value); !r)
            return r;
    m_pending.clear();
    Result<Statement> beat = db.prepare("UPDATE runs SET updated_at = ? WHERE id = ?");
    if (!beat)
        return makeError(beat.error());
    if (Result<void> r = beat->bind(1, nowIso8601()).bind(2, m_runId).exec(); !r)
        return r;
    return tx.commit();
}

Result<void> storeRunMetrics(Project &project, int64_t runId, const std::string &key,
                             const std::vector<MetricPoint> &points)
{
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    Result<Statement> ins = prepareMetricInsert(project.database());
    if (!ins)
        return makeError(ins.error());
    for (const MetricPoint &p : points)
        if (Result<void> r = insertMetric(*ins, runId, key, p.step, p.epoch, p.value); !r)
            return r;
    return tx.commit();
}

Result<void> storePredictions(Project &project, int64_t runId, const ImageSet &test,
                              const ClassifierEvaluation &ev)
{
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    {
        Result<Statement> del =
            project.database().prepare("DELETE FROM run_predictions WHERE run_id = ?");
        if (!del)
            return makeError(del.error());
        if (Result<void> r = del->bind(1, runId).exec(); !r)
            return r;
    }
    Result<Statement> ins = project.database().prepare(
        "INSERT INTO run_predictions(run_id, image_id, label, predicted, confidence, top5) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!ins)
        return makeError(ins.error());
    for (size_t i = 0; i < test.count(); ++i) {
        ins->reset();
        ins->bind(1, runId)
            .bind(2, test.imageIds[i])
            .bind(3, test.labels[i])
            .bind(4, ev.predicted[i])
            .bind(5, double(ev.confidence[i]))
            .bind(6, top5Text(ev.top5Classes, i));
        if (Result<void> r = ins->exec(); !r)
            return r;
    }
    return tx.commit();
}

// ---- Reading back ----------------------------------------------------------------------------

std::map<std::string, std::vector<MetricPoint>> runMetrics(Project &project, int64_t runId,
                                                           int64_t afterStep)
{
    std::map<std::string, std::vector<MetricPoint>> out;
    Result<Statement> st =
        project.database().prepare("SELECT key, step, COALESCE(epoch, 0), value FROM run_metrics "
                                   "WHERE run_id = ? AND step > ? ORDER BY key, step");
    if (!st)
        return out;
    st->bind(1, runId).bind(2, afterStep);
    while (st->step())
        out[st->columnText(0)].push_back(
            {st->columnInt(1), int(st->columnInt(2)), st->columnDouble(3)});
    return out;
}

std::vector<StoredPrediction> runPredictions(Project &project, int64_t runId)
{
    std::vector<StoredPrediction> out;
    Result<Statement> st = project.database().prepare(
        "SELECT p.image_id, p.label, p.predicted, p.confidence, p.top5, i.file, i.record "
        "FROM run_predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ? "
        "ORDER BY p.image_id");
    if (!st)
        return out;
    st->bind(1, runId);
    while (st->step()) {
        StoredPrediction p;
        p.imageId = st->columnInt(0);
        p.label = int(st->columnInt(1));
        p.predicted = int(st->columnInt(2));
        p.confidence = st->columnDouble(3);
        const std::string top5 = st->columnText(4);
        for (std::string_view c : text::split(top5, ','))
            if (std::optional<int64_t> k = numbers::parseInteger(c))
                p.top5.push_back(int(*k));
        p.file = st->columnText(5);
        p.record = st->columnInt(6);
        out.push_back(std::move(p));
    }
    return out;
}

ClassifierEvaluation storedEvaluation(Project &project, int64_t runId)
{
    std::vector<int> labels, predicted;
    for (const StoredPrediction &p : runPredictions(project, runId)) {
        labels.push_back(p.label);
        predicted.push_back(p.predicted);
    }
    return summarizePredictions(labels, predicted, int(project.classes().size()));
}

std::vector<TrainingImage> runTrainingImages(Project &project, int64_t runId, int classIndex,
                                             const std::string &kind, int limit)
{
    std::vector<TrainingImage> out;
    Result<Statement> st = project.database().prepare(
        "SELECT i.id, i.file, i.record, COALESCE(i.provenance, ''), d.name FROM run_images r "
        "JOIN images i ON i.id = r.image_id JOIN datasets d ON d.id = i.dataset_id "
        "WHERE r.run_id = ? AND r.label = ? AND r.synthetic = ? ORDER BY r.image_id LIMIT ?");
    if (!st)
        return out;
    st->bind(1, runId).bind(2, classIndex).bind(3, int64_t(kind == "synthetic")).bind(4, limit);
    while (st->step()) {
        TrainingImage t;
        t.imageId = st->columnInt(0);
        t.file = st->columnText(1);
        t.record = st->columnInt(2);
        if (Result<Json> prov = parseStoredJson(st->columnText(3)))
            t.prompt = json::string(*prov, "prompt");
        t.dataset = st->columnText(4);
        out.push_back(std::move(t));
    }
    return out;
}

// ---- Runs -------------------------------------------------------------------------------------

namespace {

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

RunInfo readRun(const Statement &st)
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
    return r;
}

// Inside a transaction of the caller's.
Result<void> writeMix(Database &db, int64_t runId, const DataMix &mix)
{
    Result<Statement> del = db.prepare("DELETE FROM run_images WHERE run_id = ?");
    if (!del)
        return makeError(del.error());
    if (Result<void> r = del->bind(1, runId).exec(); !r)
        return r;
    Result<Statement> ins = db.prepare(
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

Result<std::vector<int64_t>> readIds(Statement &st)
{
    std::vector<int64_t> ids;
    while (st.step())
        ids.push_back(st.columnInt(0));
    if (st.failed())
        return makeError(st.error());
    return ids;
}

} // namespace

std::vector<RunInfo> storedRuns(Project &project)
{
    std::vector<RunInfo> runs;
    Result<Statement> st = project.database().prepare(std::string(kRunQuery) + "ORDER BY r.id");
    if (!st)
        return runs;
    while (st->step())
        runs.push_back(readRun(*st));
    return runs;
}

Result<std::optional<RunInfo>> storedRun(Project &project, const std::string &name)
{
    Result<Statement> st = project.database().prepare(std::string(kRunQuery) + "AND r.name = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return st->failed() ? Result<std::optional<RunInfo>>(makeError(st->error()))
                            : std::optional<RunInfo>();
    return std::optional<RunInfo>(readRun(*st));
}

Result<int64_t> insertRun(Project &project, const std::string &name, const std::string &kind,
                          const std::string &config, const DataMix &mix)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    Result<Statement> st = db.prepare("INSERT INTO runs(name, kind, config, status, created_at, "
                                      "updated_at) VALUES (?, ?, ?, 'queued', ?, ?)");
    if (!st)
        return makeError(st.error());
    const std::string now = nowIso8601();
    st->bind(1, name).bind(2, kind).bind(3, config).bind(4, now).bind(5, now);
    if (Result<void> r = st->exec(); !r)
        return makeError(r.error());
    const int64_t id = db.lastInsertId();
    if (Result<void> r = writeMix(db, id, mix); !r)
        return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return id;
}

Result<void> updateRunStatus(Project &project, int64_t runId, const std::string &status,
                             const std::string &error, std::optional<double> wallSeconds)
{
    Result<Statement> st = project.database().prepare(
        "UPDATE runs SET status = ?, error = ?, updated_at = ?, "
        "finished_at = CASE WHEN ? IN ('done', 'failed', 'cancelled') THEN ? ELSE finished_at END, "
        "wall_seconds = COALESCE(?, wall_seconds) WHERE id = ?");
    if (!st)
        return makeError(st.error());
    const std::string now = nowIso8601();
    st->bind(1, status).bind(3, now).bind(4, status).bind(5, now).bind(7, runId);
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

void updateRunWallSeconds(Project &project, int64_t runId, double seconds)
{
    Result<Statement> st =
        project.database().prepare("UPDATE runs SET wall_seconds = ? WHERE id = ?");
    if (st)
        (void)st->bind(1, seconds).bind(2, runId).exec();
}

Result<void> deleteRunRow(Project &project, int64_t runId)
{
    Result<Statement> st = project.database().prepare("DELETE FROM runs WHERE id = ?");
    if (!st)
        return makeError(st.error());
    return st->bind(1, runId).exec();
}

void dropRunMetricsFrom(Project &project, int64_t runId, int epoch, int64_t step)
{
    Result<Statement> del = project.database().prepare(
        "DELETE FROM run_metrics WHERE run_id = ? AND epoch >= ? AND step >= ?");
    if (del)
        (void)del->bind(1, runId).bind(2, epoch).bind(3, step).exec();
}

// ---- The data mix -----------------------------------------------------------------------------

Result<void> replaceRunMix(Project &project, int64_t runId, const DataMix &mix)
{
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    if (Result<void> r = writeMix(project.database(), runId, mix); !r)
        return r;
    return tx.commit();
}

std::vector<int64_t> storedRunMix(Project &project, int64_t runId)
{
    Result<Statement> st = project.database().prepare(
        "SELECT image_id FROM run_images WHERE run_id = ? ORDER BY synthetic, label, image_id");
    if (!st)
        return {};
    st->bind(1, runId);
    Result<std::vector<int64_t>> ids = readIds(*st);
    return ids ? std::move(*ids) : std::vector<int64_t>();
}

Result<std::optional<int64_t>> syntheticDatasetId(Project &project, const std::string &name)
{
    Result<Statement> st =
        project.database().prepare("SELECT id FROM datasets WHERE name = ? AND kind = 'synthetic'");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return st->failed() ? Result<std::optional<int64_t>>(makeError(st->error()))
                            : std::optional<int64_t>();
    return std::optional<int64_t>(st->columnInt(0));
}

Result<std::vector<int64_t>> realTrainImagesOfClass(Project &project, int64_t classId)
{
    Result<Statement> st = project.database().prepare(
        "SELECT i.id FROM images i JOIN datasets d ON d.id = i.dataset_id "
        "WHERE d.kind = 'real' AND i.split = 'train' AND i.class_id = ? ORDER BY i.id");
    if (!st)
        return makeError(st.error());
    st->bind(1, classId);
    return readIds(*st);
}

Result<std::vector<int64_t>> syntheticImagesOfClass(Project &project, int64_t classId,
                                                    bool acceptedOnly,
                                                    const std::vector<int64_t> &datasetIds)
{
    std::string sql = "SELECT i.id FROM images i JOIN datasets d ON d.id = i.dataset_id "
                      "LEFT JOIN reviews r ON r.image_id = i.id "
                      "WHERE d.kind = 'synthetic' AND i.class_id = ? ";
    sql += acceptedOnly ? "AND r.state = 'accepted' " : "AND COALESCE(r.state, '') <> 'rejected' ";
    if (!datasetIds.empty()) {
        std::string in;
        for (int64_t id : datasetIds)
            in += (in.empty() ? "" : ",") + std::to_string(id);
        sql += "AND i.dataset_id IN (" + in + ") ";
    }
    sql += "ORDER BY i.id";
    Result<Statement> st = project.database().prepare(sql);
    if (!st)
        return makeError(st.error());
    st->bind(1, classId);
    return readIds(*st);
}

Result<std::vector<std::pair<std::string, int64_t>>>
runSyntheticSources(Project &project, int64_t runId, int classIndex)
{
    Result<Statement> st = project.database().prepare(
        "SELECT d.name, COUNT(*) FROM run_images r JOIN images i ON i.id = r.image_id "
        "JOIN datasets d ON d.id = i.dataset_id WHERE r.run_id = ? AND r.synthetic = 1 "
        "AND r.label = ? GROUP BY d.id ORDER BY 2 DESC");
    if (!st)
        return makeError(st.error());
    st->bind(1, runId).bind(2, classIndex);
    std::vector<std::pair<std::string, int64_t>> out;
    while (st->step())
        out.emplace_back(st->columnText(0), st->columnInt(1));
    if (st->failed())
        return makeError(st->error());
    return out;
}

} // namespace synset
