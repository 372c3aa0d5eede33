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

} // namespace synset
