#include "Curation.h"

#include "ScoreMath.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/Seeds.h"
#include "common/TextUtil.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "data/TrainingData.h"
#include "project/Database.h"
#include "project/Project.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

namespace synset {

using files::writeAtomically;
using text::join;
using text::replaceAll;
using text::split;
using text::toLower;
using text::trim;

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

std::string trimNumber(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

struct Decision
{
    int64_t imageId = 0;
    std::string state;
};

// The rule's verdict on every image in scope, and the counts per class.
Result<RuleOutcome> judge(Project &project, const FilterRule &rule,
                          std::vector<Decision> *decisions)
{
    for (const Condition &c : rule.conditions) {
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), c.score) == n.end())
            return makeError("unknown score '" + c.score + "'; the scores are " + join(n, ", "));
    }
    if (rule.keepTop > 0) {
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), rule.sortBy) == n.end())
            return makeError("unknown score '" + rule.sortBy + "' to keep the top images by");
    }
    std::vector<int> classIndices;
    for (const std::string &wnid : rule.classes) {
        const ProjectClass *c = project.classByWnid(wnid);
        if (!c)
            return makeError("project " + project.name() + " has no class " + wnid);
        classIndices.push_back(c->classIndex);
    }
    std::vector<ScoredImage> images = scoredImages(project, classIndices);
    if (!rule.datasets.empty()) {
        for (const std::string &d : rule.datasets) {
            Result<Statement> st = project.database().prepare(
                "SELECT 1 FROM datasets WHERE name = ? AND kind = 'synthetic'");
            if (!st)
                return makeError(st.error());
            st->bind(1, d);
            if (!st->step())
                return makeError("project " + project.name() + " has no generated dataset '" + d +
                                 "'");
        }
        std::erase_if(images, [&](const ScoredImage &s) {
            return std::find(rule.datasets.begin(), rule.datasets.end(), s.dataset) ==
                   rule.datasets.end();
        });
    }
    bool anyScored = false;
    for (const ScoredImage &s : images)
        anyScored = anyScored || s.scored;
    const bool needsScores = !rule.conditions.empty() || rule.keepTop > 0 || rule.dropDuplicates;
    if (needsScores && !images.empty() && !anyScored)
        return makeError("the images of project " + project.name() +
                         " have no scores yet; score them first (synset-cli score)");
    const std::string text = rule.text();
    RuleOutcome outcome;
    std::map<int, ClassOutcome> perClass;
    if (classIndices.empty())
        for (const ProjectClass &c : project.classes())
            perClass[c.classIndex] = ClassOutcome{c.classIndex, c.wnid};
    else
        for (int ci : classIndices)
            perClass[ci] = ClassOutcome{ci, project.classes()[size_t(ci)].wnid};

    size_t begin = 0;
    while (begin < images.size()) {
        size_t end = begin;
        while (end < images.size() && images[end].classIndex == images[begin].classIndex)
            ++end;
        ClassOutcome &co = perClass[images[begin].classIndex];
        std::vector<const ScoredImage *> passing;
        std::vector<const ScoredImage *> failing;
        for (size_t i = begin; i < end; ++i) {
            const ScoredImage &s = images[i];
            ++co.images;
            if (s.origin == "manual" || s.origin == "repair") {
                ++co.untouched;
                continue;
            }
            if (!s.scored && needsScores) {
                ++co.unscored;
                continue;
            }
            bool pass = !(rule.dropDuplicates && s.duplicateOf != 0);
            for (const Condition &c : rule.conditions)
                pass = pass && c.test(s.value(c.score));
            (pass ? passing : failing).push_back(&s);
        }
        if (rule.keepTop > 0 && int64_t(passing.size()) > rule.keepTop) {
            const bool higher = score::higherIsBetter(rule.sortBy);
            std::stable_sort(passing.begin(), passing.end(),
                             [&](const ScoredImage *a, const ScoredImage *b) {
                                 const double va = a->value(rule.sortBy);
                                 const double vb = b->value(rule.sortBy);
                                 return higher ? va > vb : va < vb;
                             });
            failing.insert(failing.end(), passing.begin() + rule.keepTop, passing.end());
            passing.resize(size_t(rule.keepTop));
        }
        const auto decide = [&](const ScoredImage *s, const char *state) {
            const bool changed = s->state != state || s->origin != "rule" || s->rule != text;
            if (changed) {
                ++co.changed;
                if (decisions)
                    decisions->push_back({s->imageId, state});
            }
        };
        for (const ScoredImage *s : passing)
            decide(s, "accepted");
        for (const ScoredImage *s : failing)
            decide(s, "rejected");
        co.kept += int64_t(passing.size());
        co.dropped += int64_t(failing.size());
        begin = end;
    }
    for (auto &[index, co] : perClass) {
        outcome.kept += co.kept;
        outcome.dropped += co.dropped;
        outcome.untouched += co.untouched;
        outcome.unscored += co.unscored;
        outcome.changed += co.changed;
        outcome.classes.push_back(co);
    }
    return outcome;
}

// Records the old review of each image under a new action and writes the new one (state
// "pending" by a person removes the review). Must run inside a transaction.
Result<int64_t> writeReviews(Database &db, const std::vector<Decision> &decisions,
                             const std::string &origin, const std::string &rule,
                             const std::string &description)
{
    const std::string now = nowIso8601();
    {
        Result<Statement> st = db.prepare("INSERT INTO review_actions(description, origin, "
                                          "created_at, images) VALUES(?, ?, ?, ?)");
        if (!st)
            return makeError(st.error());
        st->bind(1, description).bind(2, origin).bind(3, now).bind(4, int64_t(decisions.size()));
        if (Result<void> r = st->exec(); !r)
            return makeError(r.error());
    }
    const int64_t action = db.lastInsertId();
    Result<Statement> save = db.prepare(
        "INSERT INTO review_changes(action_id, image_id, old_state, old_origin, old_rule, "
        "old_updated_at) SELECT ?, ?, r.state, r.origin, r.rule, r.updated_at FROM "
        "(SELECT 1) LEFT JOIN reviews r ON r.image_id = ?");
    Result<Statement> put = db.prepare(
        "INSERT INTO reviews(image_id, state, origin, rule, updated_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(image_id) DO UPDATE SET state = excluded.state, origin = excluded.origin, "
        "rule = excluded.rule, updated_at = excluded.updated_at");
    Result<Statement> remove = db.prepare("DELETE FROM reviews WHERE image_id = ?");
    if (!save || !put || !remove)
        return makeError(!save ? save.error() : !put ? put.error() : remove.error());
    for (const Decision &d : decisions) {
        save->reset();
        save->bind(1, action).bind(2, d.imageId).bind(3, d.imageId);
        if (Result<void> r = save->exec(); !r)
            return makeError(r.error());
        if (d.state == "pending") {
            remove->reset();
            remove->bind(1, d.imageId);
            if (Result<void> r = remove->exec(); !r)
                return makeError(r.error());
            continue;
        }
        put->reset();
        put->bind(1, d.imageId).bind(2, d.state).bind(3, origin);
        if (rule.empty())
            put->bindNull(4);
        else
            put->bind(4, rule);
        put->bind(5, now);
        if (Result<void> r = put->exec(); !r)
            return makeError(r.error());
    }
    return action;
}

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    return "\"" + replaceAll(s, "\"", "\"\"") + "\"";
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
    s.featureDim = std::atoi(infoValue(project, "scores.feature_dim").c_str());
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

// ---- Rules ------------------------------------------------------------------------------------

bool Condition::test(double v) const
{
    if (std::isnan(v))
        return false;
    if (op == ">=")
        return v >= value;
    if (op == "<=")
        return v <= value;
    if (op == ">")
        return v > value;
    if (op == "<")
        return v < value;
    if (op == "==")
        return v == value;
    if (op == "!=")
        return v != value;
    return false;
}

std::string FilterRule::text() const
{
    std::vector<std::string> parts;
    for (const Condition &c : conditions)
        parts.push_back(c.score + c.op + trimNumber(c.value));
    std::string s = join(parts, " and ");
    if (dropDuplicates)
        s += std::string(s.empty() ? "" : "; ") + "no near-duplicates";
    if (keepTop > 0)
        s +=
            std::string(s.empty() ? "" : "; ") + "top " + std::to_string(keepTop) + " by " + sortBy;
    if (!classes.empty())
        s += " [" + join(classes, ",") + "]";
    if (!datasets.empty())
        s += " in " + join(datasets, ",");
    return s.empty() ? "keep all" : s;
}

Result<FilterRule> parseRuleConditions(std::string_view text)
{
    FilterRule rule;
    std::string normalized = replaceAll(std::string(text), " AND ", ",");
    normalized = replaceAll(normalized, " and ", ",");
    normalized = replaceAll(normalized, "&&", ",");
    for (std::string_view part : split(normalized, ',')) {
        part = trim(part);
        if (part.empty())
            continue;
        size_t pos = part.find_first_of("<>=!");
        if (pos == std::string_view::npos || pos == 0)
            return makeError("rule '" + std::string(text) + "': '" + std::string(part) +
                             "' is not SCORE OP VALUE (for example self_confidence>=0.5)");
        size_t opEnd = pos;
        while (opEnd < part.size() &&
               std::string_view("<>=!").find(part[opEnd]) != std::string_view::npos)
            ++opEnd;
        Condition c;
        c.score = std::string(trim(part.substr(0, pos)));
        c.op = std::string(part.substr(pos, opEnd - pos));
        if (c.op == "=")
            c.op = "==";
        static const std::set<std::string> ops = {">=", "<=", ">", "<", "==", "!="};
        if (!ops.count(c.op))
            return makeError("rule '" + std::string(text) + "': unknown comparison '" + c.op +
                             "' (use >=, <=, >, <, == or !=)");
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), c.score) == n.end())
            return makeError("rule '" + std::string(text) + "': unknown score '" + c.score +
                             "'; the scores are " + join(n, ", "));
        const std::string number(trim(part.substr(opEnd)));
        char *end = nullptr;
        c.value = std::strtod(number.c_str(), &end);
        if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(c.value))
            return makeError("rule '" + std::string(text) + "': '" + number + "' is not a number");
        rule.conditions.push_back(c);
    }
    return rule;
}

Result<RuleOutcome> dryRunRule(Project &project, const FilterRule &rule)
{
    return judge(project, rule, nullptr);
}

Result<RuleOutcome> applyRule(Project &project, const FilterRule &rule)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    std::vector<Decision> decisions;
    Result<RuleOutcome> outcome = judge(project, rule, &decisions);
    if (!outcome)
        return outcome;
    if (decisions.empty())
        return outcome;
    Result<int64_t> action =
        writeReviews(db, decisions, "rule", rule.text(), "rule " + rule.text());
    if (!action)
        return makeError(action.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    outcome->actionId = *action;
    return outcome;
}

// ---- Reviews ----------------------------------------------------------------------------------

Result<int64_t> reviewImages(Project &project, const std::vector<int64_t> &imageIds,
                             std::string_view state)
{
    if (state != "accepted" && state != "rejected" && state != "pending")
        return makeError("unknown review state '" + std::string(state) +
                         "' (accepted, rejected or pending)");
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    std::vector<Decision> decisions;
    Result<Statement> st = db.prepare(
        "SELECT COALESCE(r.state, 'pending'), COALESCE(r.origin, ''), d.kind FROM images i "
        "JOIN datasets d ON d.id = i.dataset_id LEFT JOIN reviews r ON r.image_id = i.id "
        "WHERE i.id = ?");
    if (!st)
        return makeError(st.error());
    std::set<int64_t> seen;
    for (int64_t id : imageIds) {
        if (!seen.insert(id).second)
            continue;
        st->reset();
        st->bind(1, id);
        if (!st->step())
            return makeError("project " + project.name() + " has no image " + std::to_string(id));
        if (st->columnText(2) != "synthetic")
            return makeError("image " + std::to_string(id) +
                             " is a real image; only generated images are reviewed");
        const std::string current = st->columnText(0), origin = st->columnText(1);
        const bool unchanged =
            state == "pending" ? origin.empty() : (current == state && origin == "manual");
        if (!unchanged)
            decisions.push_back({id, std::string(state)});
    }
    if (decisions.empty())
        return int64_t(0);
    const std::string verb = state == "accepted"   ? "accept"
                             : state == "rejected" ? "reject"
                                                   : "clear the review of";
    const std::string description =
        verb + " " +
        (decisions.size() == 1 ? "image " + std::to_string(decisions[0].imageId)
                               : std::to_string(decisions.size()) + " images");
    Result<int64_t> action = writeReviews(db, decisions, "manual", "", description);
    if (!action)
        return action;
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return action;
}

Result<ReviewAction> undoLastReview(Project &project)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    ReviewAction action;
    {
        Result<Statement> st =
            db.prepare("SELECT id, description, origin, created_at, images FROM review_actions "
                       "WHERE undone = 0 ORDER BY id DESC LIMIT 1");
        if (!st)
            return makeError(st.error());
        if (!st->step())
            return makeError("nothing to undo: project " + project.name() +
                             " has no review left to take back");
        action = {st->columnInt(0),  st->columnText(1), st->columnText(2),
                  st->columnText(3), st->columnInt(4),  true};
    }
    Result<Statement> changes = db.prepare(
        "SELECT image_id, old_state, old_origin, old_rule, old_updated_at FROM review_changes "
        "WHERE action_id = ?");
    Result<Statement> put = db.prepare(
        "INSERT INTO reviews(image_id, state, origin, rule, updated_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(image_id) DO UPDATE SET state = excluded.state, origin = excluded.origin, "
        "rule = excluded.rule, updated_at = excluded.updated_at");
    Result<Statement> remove = db.prepare("DELETE FROM reviews WHERE image_id = ?");
    if (!changes || !put || !remove)
        return makeError(!changes ? changes.error() : !put ? put.error() : remove.error());
    changes->bind(1, action.id);
    while (changes->step()) {
        const int64_t id = changes->columnInt(0);
        if (changes->columnIsNull(1)) {
            remove->reset();
            remove->bind(1, id);
            if (Result<void> r = remove->exec(); !r)
                return makeError(r.error());
            continue;
        }
        put->reset();
        put->bind(1, id).bind(2, changes->columnText(1)).bind(3, changes->columnText(2));
        if (changes->columnIsNull(3))
            put->bindNull(4);
        else
            put->bind(4, changes->columnText(3));
        put->bind(5, changes->columnText(4));
        if (Result<void> r = put->exec(); !r)
            return makeError(r.error());
    }
    if (changes->failed())
        return makeError(changes->error());
    Result<Statement> mark = db.prepare("UPDATE review_actions SET undone = 1 WHERE id = ?");
    if (!mark)
        return makeError(mark.error());
    mark->bind(1, action.id);
    if (Result<void> r = mark->exec(); !r)
        return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return action;
}

std::vector<ReviewAction> reviewActions(Project &project, int limit)
{
    std::vector<ReviewAction> out;
    Result<Statement> st =
        project.database().prepare("SELECT id, description, origin, created_at, images, undone "
                                   "FROM review_actions ORDER BY id DESC LIMIT ?");
    if (!st)
        return out;
    st->bind(1, limit);
    while (st->step())
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3),
                       st->columnInt(4), st->columnInt(5) != 0});
    return out;
}

// ---- Export -----------------------------------------------------------------------------------

std::string sanitizeFileName(std::string_view name)
{
    std::string out;
    for (char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        out += (std::isalnum(c) && c < 128) || c == '-' || c == '_' || c == '.' ? ch : '_';
    }
    while (!out.empty() && out.front() == '.')
        out.front() = '_';
    if (out.empty())
        out = "_";
    return out;
}

Result<ExportReport> exportImageFolder(Project &project, const std::filesystem::path &out,
                                       const ExportOptions &options, const ProgressFn &progress,
                                       const CancelToken *cancel)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec))
            return makeError(out.string() + ": exists and is not a folder");
        if (!fs::is_empty(out, ec))
            return makeError(out.string() + ": the folder is not empty; export into a new one");
    }
    struct Item
    {
        int64_t id = 0;
        int classIndex = 0;
        std::string file;
        int64_t record = -1;
        bool synthetic = true;
        const ScoredImage *scored = nullptr;
        std::string name;
    };
    const std::vector<ScoredImage> synth = scoredImages(project);
    std::vector<Item> items;
    for (const ScoredImage &s : synth) {
        if (options.acceptedOnly ? s.state != "accepted" : s.state == "rejected")
            continue;
        items.push_back({s.imageId, s.classIndex, s.file, s.record, true, &s,
                         sanitizeFileName(s.dataset) + "_" + std::to_string(s.imageId) + ".png"});
    }
    if (options.withReal) {
        Result<Statement> st = project.database().prepare(
            "SELECT i.id, c.class_index, i.file, i.record FROM images i "
            "JOIN datasets d ON d.id = i.dataset_id JOIN classes c ON c.id = i.class_id "
            "WHERE d.kind = 'real' AND i.split = ? ORDER BY c.class_index, i.id");
        if (!st)
            return makeError(st.error());
        st->bind(1, options.realSplit);
        while (st->step())
            items.push_back({st->columnInt(0), int(st->columnInt(1)), st->columnText(2),
                             st->columnInt(3), false, nullptr,
                             "real_" + std::to_string(st->columnInt(0)) + ".png"});
    }
    if (items.empty())
        return makeError(std::string("nothing to export: project ") + project.name() + " has no " +
                         (options.acceptedOnly ? "accepted " : "") + "generated images" +
                         (options.withReal ? " and no real " + options.realSplit + " images" : ""));

    const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    fs::create_directories(parent, ec);
    const fs::path staging = parent / ("." + out.filename().string() + ".partial");
    fs::remove_all(staging, ec);
    if (!fs::create_directories(staging, ec))
        return makeError(staging.string() + ": cannot create the folder (" + ec.message() + ")");
    const auto fail = [&](const std::string &message) -> Result<ExportReport> {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        return makeError(message);
    };

    ExportReport report;
    std::set<int> classesSeen;
    std::ostringstream csv;
    csv << "path,wnid,class_index,source,prompt,seed,guidance,sampler,self_confidence,margin,"
           "entropy,real_distance,uniqueness,duplicate_of,review\n";
    for (size_t k = 0; k < items.size(); ++k) {
        if (isCancelled(cancel))
            return fail("export cancelled");
        const Item &it = items[k];
        const ProjectClass &c = project.classes()[size_t(it.classIndex)];
        const std::string folder = sanitizeFileName(c.wnid);
        const fs::path dir = staging / folder;
        if (classesSeen.insert(it.classIndex).second && !fs::create_directories(dir, ec) && ec)
            return fail(dir.string() + ": cannot create the folder (" + ec.message() + ")");
        const fs::path source = project.resolve(it.file);
        const fs::path target = dir / it.name;
        if (it.record < 0 && toLower(source.extension().string()) == ".png") {
            fs::copy_file(source, target, ec);
            if (ec)
                return fail(source.string() + ": cannot copy (" + ec.message() + ")");
        } else {
            Result<ImageData> image = loadImage(source, it.record);
            if (!image)
                return fail(image.error());
            if (Result<void> r = writePngWithText(target, *image, "Comment", "synset-studio"); !r)
                return fail(r.error());
        }
        csv << csvField(folder + "/" + it.name) << ',' << c.wnid << ',' << c.classIndex << ','
            << (it.synthetic ? "synthetic" : "real") << ',';
        if (const ScoredImage *s = it.scored) {
            Json p;
            if (Result<Json> prov = Json::parse(s->provenance); prov)
                p = std::move(*prov);
            csv << csvField(p["prompt"].asString()) << ',' << csvField(p["seed"].asString()) << ','
                << (p["guidance"].isNumber() ? trimNumber(p["guidance"].asDouble()) : "") << ','
                << csvField(p["sampler"].asString()) << ',';
            if (s->scored)
                csv << trimNumber(s->selfConfidence) << ',' << trimNumber(s->margin) << ','
                    << trimNumber(s->entropy) << ',' << trimNumber(s->realDistance) << ','
                    << trimNumber(s->uniqueness) << ','
                    << (s->duplicateOf ? std::to_string(s->duplicateOf) : "") << ',';
            else
                csv << ",,,,,,";
            csv << s->state << '\n';
            ++report.synthetic;
        } else {
            csv << ",,,,,,,,,,\n";
            ++report.real;
        }
        if (k % 64 == 0 || k + 1 == items.size())
            reportProgress(progress, double(k + 1) / double(items.size()), "Exporting");
    }
    if (Result<void> r = writeAtomically(staging / "manifest.csv", csv.str()); !r)
        return fail(r.error());
    if (fs::exists(out, ec))
        fs::remove(out, ec); // the empty folder checked above
    fs::rename(staging, out, ec);
    if (ec)
        return fail(out.string() + ": cannot move the export into place (" + ec.message() + ")");
    report.classes = int(classesSeen.size());
    report.manifest = out / "manifest.csv";
    return report;
}

} // namespace synset
