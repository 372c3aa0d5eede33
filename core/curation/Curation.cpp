#include "Curation.h"

#include "ScoreMath.h"

#include "common/Numbers.h"
#include "common/Seeds.h"
#include "data/TrainingData.h"
#include "project/Database.h"
#include "project/Project.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace synset {

namespace score {

const std::vector<std::string> &names()
{
    static const std::vector<std::string> list = {
        std::string(kSelfConfidence), std::string(kMargin),     std::string(kEntropy),
        std::string(kRealDistance),   std::string(kUniqueness), std::string(kDuplicate)};
    return list;
}

bool higherIsBetter(std::string_view name)
{
    return name != kEntropy && name != kRealDistance && name != kDuplicate;
}

} // namespace score

namespace {

constexpr int64_t kEmbedChunk = 8192;

std::string infoValue(Project &project, const std::string &key)
{
    Result<Statement> st =
        project.database().prepare("SELECT value FROM project_info WHERE key = ?");
    if (!st)
        return {};
    st->bind(1, key);
    return st->step() ? st->columnText(0) : std::string();
}

Result<void> setInfo(Database &db, const std::string &key, const std::string &value)
{
    Result<Statement> st = db.prepare("INSERT INTO project_info(key, value) VALUES(?, ?) "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st)
        return makeError(st.error());
    st->bind(1, key).bind(2, value);
    return st->exec();
}

constexpr const char *kImageQuery =
    "SELECT i.id, c.class_index, i.file, i.record, d.name, COALESCE(r.state, 'pending'), "
    "COALESCE(r.origin, ''), COALESCE(r.rule, ''), COALESCE(i.provenance, ''), "
    "s.image_id IS NOT NULL, COALESCE(s.predicted, -1), COALESCE(s.self_confidence, 0), "
    "COALESCE(s.margin, 0), COALESCE(s.entropy, 0), COALESCE(s.real_distance, 0), "
    "COALESCE(s.uniqueness, 0), COALESCE(s.duplicate_of, 0) "
    "FROM images i JOIN datasets d ON d.id = i.dataset_id JOIN classes c ON c.id = i.class_id "
    "LEFT JOIN reviews r ON r.image_id = i.id LEFT JOIN image_scores s ON s.image_id = i.id "
    "WHERE d.kind = 'synthetic' ";

ScoredImage readImage(Statement &st)
{
    ScoredImage s;
    s.imageId = st.columnInt(0);
    s.classIndex = int(st.columnInt(1));
    s.file = st.columnText(2);
    s.record = st.columnInt(3);
    s.dataset = st.columnText(4);
    s.state = st.columnText(5);
    s.origin = st.columnText(6);
    s.rule = st.columnText(7);
    s.provenance = st.columnText(8);
    s.scored = st.columnInt(9) != 0;
    s.predicted = int(st.columnInt(10));
    s.selfConfidence = st.columnDouble(11);
    s.margin = st.columnDouble(12);
    s.entropy = st.columnDouble(13);
    s.realDistance = st.columnDouble(14);
    s.uniqueness = st.columnDouble(15);
    s.duplicateOf = st.columnInt(16);
    return s;
}

// Embeds images by id in chunks, so that memory stays bounded whatever the set's size.
Result<ClassifierEmbedding> embedImages(const Classifier &classifier, Project &project,
                                        const std::vector<int64_t> &ids, double from, double to,
                                        const ProgressFn &progress, const CancelToken *cancel,
                                        const char *what)
{
    ClassifierEmbedding all;
    all.numClasses = classifier.numClasses();
    const double span = to - from;
    for (size_t b = 0; b < ids.size(); b += kEmbedChunk) {
        const size_t e = std::min(ids.size(), b + kEmbedChunk);
        const std::vector<int64_t> chunk(ids.begin() + long(b), ids.begin() + long(e));
        const double f0 = from + span * double(b) / double(ids.size());
        const double f1 = from + span * double(e) / double(ids.size());
        Result<GeneratorTrainData> data = loadImagesById(
            project, chunk,
            [&](double f, std::string_view) {
                reportProgress(progress, f0 + (f1 - f0) * 0.3 * f, what);
            },
            cancel);
        if (!data)
            return makeError(data.error());
        Result<ClassifierEmbedding> part = classifier.embed(
            *data,
            [&](double f, std::string_view) {
                reportProgress(progress, f0 + (f1 - f0) * (0.3 + 0.7 * f), what);
            },
            cancel);
        if (!part)
            return makeError(part.error());
        all.featureDim = part->featureDim;
        all.features.insert(all.features.end(), part->features.begin(), part->features.end());
        all.probabilities.insert(all.probabilities.end(), part->probabilities.begin(),
                                 part->probabilities.end());
    }
    return all;
}

std::vector<float> rowsOf(const std::vector<float> &all, const std::vector<size_t> &rows, int dim)
{
    std::vector<float> out;
    out.reserve(rows.size() * size_t(dim));
    for (size_t r : rows)
        out.insert(out.end(), all.begin() + long(r * size_t(dim)),
                   all.begin() + long((r + 1) * size_t(dim)));
    return out;
}

} // namespace

double ScoredImage::value(std::string_view name) const
{
    if (name == score::kSelfConfidence)
        return selfConfidence;
    if (name == score::kMargin)
        return margin;
    if (name == score::kEntropy)
        return entropy;
    if (name == score::kRealDistance)
        return realDistance;
    if (name == score::kUniqueness)
        return uniqueness;
    if (name == score::kDuplicate)
        return duplicateOf != 0 ? 1.0 : 0.0;
    return std::nan("");
}

// ---- Scoring ----------------------------------------------------------------------------------

Result<std::string> pickReferenceRun(Project &project, const std::string &name)
{
    const auto realOnly = [](const RunInfo &r) {
        return r.config.synthetic == "none" && r.syntheticImages == 0;
    };
    if (!name.empty()) {
        Result<RunInfo> run = findRun(project, name);
        if (!run)
            return makeError(run.error());
        if (run->status != "done")
            return makeError("run '" + name + "' is " + run->status +
                             "; a reference must have finished training");
        if (!realOnly(*run))
            return makeError("run '" + name +
                             "' trained on synthetic images; a reference must be trained on real "
                             "images only, so that it never scores images it has seen");
        return name;
    }
    std::string best;
    double bestTop1 = -1;
    for (const RunInfo &r : listRuns(project))
        if (r.status == "done" && realOnly(r) && r.top1 > bestTop1) {
            best = r.name;
            bestTop1 = r.top1;
        }
    if (best.empty())
        return makeError("project " + project.name() +
                         " has no finished training run on real images only to score with; "
                         "train one (synset-cli train --synthetic none) or pass --reference");
    return best;
}

Result<ScoreReport> scoreProject(Project &project, const ScoreOptions &options,
                                 const ProgressFn &progress, const CancelToken *cancel)
{
    const auto started = std::chrono::steady_clock::now();
    Result<std::string> refName = pickReferenceRun(project, options.reference);
    if (!refName)
        return makeError(refName.error());
    Result<RunInfo> ref = findRun(project, *refName);
    if (!ref)
        return makeError(ref.error());
    const std::filesystem::path modelFile = runDirectory(project, *refName) / "model.safetensors";
    Result<std::unique_ptr<Classifier>> classifier = Classifier::load(modelFile, options.device);
    if (!classifier)
        return makeError(classifier.error());
    const int numClasses = int(project.classes().size());
    if ((*classifier)->numClasses() != numClasses)
        return makeError(modelFile.string() + ": the model has " +
                         std::to_string((*classifier)->numClasses()) + " classes, the project " +
                         std::to_string(numClasses));

    // The synthetic images, class by class, and a check that the reference never saw one.
    std::vector<int64_t> synthIds;
    std::vector<int> synthClass;
    for (const ScoredImage &s : scoredImages(project)) {
        synthIds.push_back(s.imageId);
        synthClass.push_back(s.classIndex);
    }
    if (synthIds.empty())
        return makeError("project " + project.name() + " has no generated images to score");
    {
        Result<Statement> st = project.database().prepare(
            "SELECT COUNT(*) FROM run_images ri JOIN images i ON i.id = ri.image_id "
            "JOIN datasets d ON d.id = i.dataset_id WHERE ri.run_id = ? AND d.kind = 'synthetic'");
        if (!st)
            return makeError(st.error());
        st->bind(1, ref->id);
        if (st->step() && st->columnInt(0) > 0)
            return makeError("run '" + *refName + "' trained on " +
                             std::to_string(st->columnInt(0)) +
                             " generated images; it cannot score them");
    }

    // Real training images of each class, a seeded sample of at most realPerClass.
    std::vector<std::vector<int64_t>> realByClass(static_cast<size_t>(numClasses));
    {
        Result<Statement> st = project.database().prepare(
            "SELECT i.id, c.class_index FROM images i JOIN datasets d ON d.id = i.dataset_id "
            "JOIN classes c ON c.id = i.class_id WHERE d.kind = 'real' AND i.split = 'train' "
            "ORDER BY i.id");
        if (!st)
            return makeError(st.error());
        while (st->step()) {
            const int ci = int(st->columnInt(1));
            if (ci >= 0 && ci < numClasses)
                realByClass[size_t(ci)].push_back(st->columnInt(0));
        }
    }
    std::vector<int64_t> realIds;
    std::vector<int> realClass;
    for (int ci = 0; ci < numClasses; ++ci) {
        std::vector<int64_t> &ids = realByClass[size_t(ci)];
        if (options.realPerClass > 0 && int64_t(ids.size()) > options.realPerClass) {
            uint64_t state = seeds::mix(0x5c0e, uint64_t(ci));
            for (size_t i = ids.size() - 1; i > 0; --i)
                std::swap(ids[i], ids[seeds::splitMix64(state) % (i + 1)]);
            ids.resize(size_t(options.realPerClass));
            std::sort(ids.begin(), ids.end());
        }
        for (int64_t id : ids) {
            realIds.push_back(id);
            realClass.push_back(ci);
        }
    }

    reportProgress(progress, 0, "Scoring generated images");
    Result<ClassifierEmbedding> synth = embedImages(**classifier, project, synthIds, 0, 0.7,
                                                    progress, cancel, "Scoring generated images");
    if (!synth)
        return makeError(synth.error());
    ClassifierEmbedding real;
    if (!realIds.empty()) {
        Result<ClassifierEmbedding> r = embedImages(**classifier, project, realIds, 0.7, 0.85,
                                                    progress, cancel, "Embedding real images");
        if (!r)
            return makeError(r.error());
        real = std::move(*r);
    }
    const int dim = synth->featureDim;
    std::vector<float> synthUnit = synth->features, realUnit = real.features;
    curation::normalizeRows(synthUnit, dim);
    curation::normalizeRows(realUnit, dim);

    struct Row
    {
        int predicted = 0;
        curation::ProbabilityScores p;
        float realDistance = 0, uniqueness = 0;
        int64_t duplicateOf = 0;
    };
    std::vector<Row> rows(synthIds.size());
    for (size_t i = 0; i < synthIds.size(); ++i) {
        const float *p = synth->probabilities.data() + i * size_t(numClasses);
        rows[i].p = curation::probabilityScores(p, numClasses, synthClass[i]);
        rows[i].predicted = int(std::max_element(p, p + numClasses) - p);
    }
    struct ClassRow
    {
        int64_t images = 0, realImages = 0;
        std::optional<double> fid, kid, kidStd, diversity, realDiversity;
    };
    std::vector<ClassRow> classRows(static_cast<size_t>(numClasses));
    ScoreReport report;
    report.reference = *refName;
    report.featureDim = dim;
    for (int ci = 0; ci < numClasses; ++ci) {
        if (isCancelled(cancel))
            return makeError("scoring cancelled");
        std::vector<size_t> sRows, rRows;
        for (size_t i = 0; i < synthClass.size(); ++i)
            if (synthClass[i] == ci)
                sRows.push_back(i);
        for (size_t i = 0; i < realClass.size(); ++i)
            if (realClass[i] == ci)
                rRows.push_back(i);
        ClassRow &cr = classRows[size_t(ci)];
        cr.images = int64_t(sRows.size());
        cr.realImages = int64_t(rRows.size());
        if (sRows.empty())
            continue;
        ++report.classes;
        const std::vector<float> sUnit = rowsOf(synthUnit, sRows, dim);
        const std::vector<float> rUnit = rowsOf(realUnit, rRows, dim);
        const std::vector<float> knn =
            curation::meanKnnDistance(sUnit, rUnit, dim, options.neighbours);
        const curation::Neighbours nb = curation::neighbourScores(sUnit, dim);
        const double threshold =
            options.duplicateFactor * curation::medianNearestDistance(rUnit, dim);
        for (size_t j = 0; j < sRows.size(); ++j) {
            Row &row = rows[sRows[j]];
            row.realDistance = rUnit.empty() ? 0.0f : knn[j];
            row.uniqueness = nb.uniqueness[j];
            const int twin = nb.nearest[j];
            // Of two near-copies, the later image is the duplicate of the earlier one.
            if (twin >= 0 && threshold > 0 && nb.nearestDistance[j] < threshold &&
                synthIds[sRows[size_t(twin)]] < synthIds[sRows[j]]) {
                row.duplicateOf = synthIds[sRows[size_t(twin)]];
                ++report.duplicates;
            }
        }
        cr.diversity = curation::meanPairwiseDistance(sUnit, dim);
        if (rRows.size() >= 2)
            cr.realDiversity = curation::meanPairwiseDistance(rUnit, dim);
        if (sRows.size() >= 2 && rRows.size() >= 2) {
            const std::vector<float> sRaw = rowsOf(synth->features, sRows, dim);
            const std::vector<float> rRaw = rowsOf(real.features, rRows, dim);
            cr.fid = curation::frechetDistance(sRaw, rRaw, dim);
            double kidStd = 0;
            cr.kid =
                curation::kernelInceptionDistance(sRaw, rRaw, dim, 10, 1000, uint64_t(ci), &kidStd);
            cr.kidStd = kidStd;
        }
        reportProgress(progress, 0.85 + 0.1 * double(ci + 1) / numClasses, "Class scores");
    }

    // One transaction replaces every earlier score.
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    if (Result<void> r = db.exec("DELETE FROM image_scores; DELETE FROM class_scores;"); !r)
        return makeError(r.error());
    {
        Result<Statement> st = db.prepare(
            "INSERT INTO image_scores(image_id, predicted, self_confidence, margin, entropy, "
            "real_distance, uniqueness, duplicate_of) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st)
            return makeError(st.error());
        for (size_t i = 0; i < rows.size(); ++i) {
            const Row &r = rows[i];
            st->reset();
            st->bind(1, synthIds[i])
                .bind(2, r.predicted)
                .bind(3, r.p.selfConfidence)
                .bind(4, r.p.margin)
                .bind(5, r.p.entropy)
                .bind(6, double(r.realDistance))
                .bind(7, double(r.uniqueness));
            if (r.duplicateOf)
                st->bind(8, r.duplicateOf);
            else
                st->bindNull(8);
            if (Result<void> e = st->exec(); !e)
                return makeError(e.error());
        }
    }
    {
        Result<Statement> st = db.prepare(
            "INSERT INTO class_scores(class_id, images, real_images, fid, kid, kid_std, diversity, "
            "real_diversity) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st)
            return makeError(st.error());
        for (int ci = 0; ci < numClasses; ++ci) {
            const ClassRow &cr = classRows[size_t(ci)];
            st->reset();
            st->bind(1, project.classes()[size_t(ci)].id).bind(2, cr.images).bind(3, cr.realImages);
            const std::optional<double> values[5] = {cr.fid, cr.kid, cr.kidStd, cr.diversity,
                                                     cr.realDiversity};
            for (int k = 0; k < 5; ++k) {
                if (values[k])
                    st->bind(4 + k, *values[k]);
                else
                    st->bindNull(4 + k);
            }
            if (Result<void> e = st->exec(); !e)
                return makeError(e.error());
        }
    }
    const std::pair<const char *, std::string> info[] = {
        {"scores.reference", *refName},
        {"scores.model", ref->config.train.model},
        {"scores.feature_dim", std::to_string(dim)},
        {"scores.scored_at", nowIso8601()}};
    for (const auto &[key, value] : info)
        if (Result<void> r = setInfo(db, key, value); !r)
            return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());

    report.images = int64_t(synthIds.size());
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.imagesPerSecond = report.seconds > 0 ? double(report.images) / report.seconds : 0;
    reportProgress(progress, 1, "Scored");
    return report;
}

ScoringInfo scoringInfo(Project &project)
{
    ScoringInfo s;
    s.reference = infoValue(project, "scores.reference");
    s.model = infoValue(project, "scores.model");
    s.scoredAt = infoValue(project, "scores.scored_at");
    s.featureDim = int(numbers::parseInteger(infoValue(project, "scores.feature_dim")).value_or(0));
    return s;
}

std::vector<ScoredImage> scoredImages(Project &project, const std::vector<int> &classIndices)
{
    std::string sql = kImageQuery;
    if (!classIndices.empty()) {
        sql += "AND c.class_index IN (";
        for (size_t i = 0; i < classIndices.size(); ++i)
            sql += (i ? "," : "") + std::to_string(classIndices[i]);
        sql += ") ";
    }
    sql += "ORDER BY c.class_index, i.id";
    std::vector<ScoredImage> out;
    Result<Statement> st = project.database().prepare(sql);
    if (!st)
        return out;
    while (st->step())
        out.push_back(readImage(*st));
    return out;
}

Result<ScoredImage> scoredImage(Project &project, int64_t imageId)
{
    Result<Statement> st = project.database().prepare(std::string(kImageQuery) + "AND i.id = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, imageId);
    if (!st->step())
        return makeError("project " + project.name() + " has no generated image " +
                         std::to_string(imageId));
    return readImage(*st);
}

std::vector<ClassSummary> classSummaries(Project &project)
{
    std::vector<ClassSummary> out;
    for (const ProjectClass &c : project.classes()) {
        ClassSummary s;
        s.classIndex = c.classIndex;
        s.wnid = c.wnid;
        s.name = c.name;
        out.push_back(std::move(s));
    }
    Result<Statement> st = project.database().prepare(
        "SELECT c.class_index, COUNT(i.id), "
        "SUM(r.state = 'accepted'), SUM(r.state = 'rejected'), "
        "SUM(s.duplicate_of IS NOT NULL), COUNT(s.image_id), AVG(s.self_confidence), "
        "AVG(s.margin), AVG(s.entropy), AVG(s.real_distance), AVG(s.uniqueness) "
        "FROM images i JOIN datasets d ON d.id = i.dataset_id JOIN classes c ON c.id = i.class_id "
        "LEFT JOIN reviews r ON r.image_id = i.id LEFT JOIN image_scores s ON s.image_id = i.id "
        "WHERE d.kind = 'synthetic' GROUP BY c.class_index");
    if (st) {
        while (st->step()) {
            const size_t ci = size_t(st->columnInt(0));
            if (ci >= out.size())
                continue;
            ClassSummary &s = out[ci];
            s.images = st->columnInt(1);
            s.accepted = st->columnInt(2);
            s.rejected = st->columnInt(3);
            s.pending = s.images - s.accepted - s.rejected;
            s.duplicates = st->columnInt(4);
            s.scoredImages = st->columnInt(5);
            s.meanSelfConfidence = st->columnDouble(6);
            s.meanMargin = st->columnDouble(7);
            s.meanEntropy = st->columnDouble(8);
            s.meanRealDistance = st->columnDouble(9);
            s.meanUniqueness = st->columnDouble(10);
        }
    }
    Result<Statement> cs = project.database().prepare(
        "SELECT c.class_index, s.real_images, s.fid, s.kid, s.kid_std, s.diversity, "
        "s.real_diversity FROM class_scores s JOIN classes c ON c.id = s.class_id");
    if (cs) {
        while (cs->step()) {
            const size_t ci = size_t(cs->columnInt(0));
            if (ci >= out.size())
                continue;
            ClassSummary &s = out[ci];
            s.realImages = cs->columnInt(1);
            std::optional<double> *fields[5] = {&s.fid, &s.kid, &s.kidStd, &s.diversity,
                                                &s.realDiversity};
            for (int k = 0; k < 5; ++k)
                if (!cs->columnIsNull(2 + k))
                    *fields[k] = cs->columnDouble(2 + k);
        }
    }
    return out;
}

} // namespace synset
