#include "Curation.h"

#include "CurationStore.h"
#include "ScoreMath.h"

#include "common/Numbers.h"
#include "common/Seeds.h"
#include "data/TrainingData.h"
#include "project/Database.h"
#include "project/ImageStore.h"
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

namespace {

// The reference classifier: a finished run on real images only, with the project's classes,
// that never saw a generated image.
struct Reference
{
    RunInfo run;
    std::unique_ptr<Classifier> model;
};

Result<Reference> loadReference(Project &project, const ScoreOptions &options)
{
    Result<std::string> name = pickReferenceRun(project, options.reference);
    if (!name)
        return makeError(name.error());
    Result<RunInfo> run = findRun(project, *name);
    if (!run)
        return makeError(run.error());
    Result<int64_t> seen = syntheticImagesOfRun(project, run->id);
    if (!seen)
        return makeError(seen.error());
    if (*seen > 0)
        return makeError("run '" + *name + "' trained on " + std::to_string(*seen) +
                         " generated images; it cannot score them");
    const std::filesystem::path modelFile = runDirectory(project, *name) / "model.safetensors";
    Result<std::unique_ptr<Classifier>> model = Classifier::load(modelFile, options.device);
    if (!model)
        return makeError(model.error());
    const int numClasses = int(project.classes().size());
    if ((*model)->numClasses() != numClasses)
        return makeError(modelFile.string() + ": the model has " +
                         std::to_string((*model)->numClasses()) + " classes, the project " +
                         std::to_string(numClasses));
    return Reference{std::move(*run), std::move(*model)};
}

// Images by id with their class index.
struct ImageList
{
    std::vector<int64_t> ids;
    std::vector<int> classes;

    void add(int64_t id, int classIndex)
    {
        ids.push_back(id);
        classes.push_back(classIndex);
    }
    std::vector<size_t> rowsOfClass(int classIndex) const
    {
        std::vector<size_t> rows;
        for (size_t i = 0; i < classes.size(); ++i)
            if (classes[i] == classIndex)
                rows.push_back(i);
        return rows;
    }
};

Result<ImageList> generatedImages(Project &project)
{
    ImageList out;
    for (const ScoredImage &s : scoredImages(project))
        out.add(s.imageId, s.classIndex);
    if (out.ids.empty())
        return makeError("project " + project.name() + " has no generated images to score");
    return out;
}

// Real training images of each class, a seeded sample of at most perClass (0: all).
Result<ImageList> sampleRealImages(Project &project, int64_t perClass)
{
    const int numClasses = int(project.classes().size());
    Result<std::vector<ImageRow>> real = realImageRows(project.database(), "train");
    if (!real)
        return makeError(real.error());
    std::vector<std::vector<int64_t>> byClass(static_cast<size_t>(numClasses));
    for (const ImageRow &r : *real)
        if (r.classIndex >= 0 && r.classIndex < numClasses)
            byClass[size_t(r.classIndex)].push_back(r.id);
    ImageList out;
    for (int ci = 0; ci < numClasses; ++ci) {
        std::vector<int64_t> &ids = byClass[size_t(ci)];
        if (perClass > 0 && int64_t(ids.size()) > perClass) {
            uint64_t state = seeds::mix(0x5c0e, uint64_t(ci));
            for (size_t i = ids.size() - 1; i > 0; --i)
                std::swap(ids[i], ids[seeds::splitMix64(state) % (i + 1)]);
            ids.resize(size_t(perClass));
            std::sort(ids.begin(), ids.end());
        }
        for (int64_t id : ids)
            out.add(id, ci);
    }
    return out;
}

// Both sets' features and the generated images' class probabilities, with unit-length copies of
// the features for the distance scores.
struct Embeddings
{
    ClassifierEmbedding synth, real;
    std::vector<float> synthUnit, realUnit;
    int dim = 0;
};

Result<Embeddings> embedBoth(const Classifier &model, Project &project, const ImageList &synth,
                             const ImageList &real, const ProgressFn &progress,
                             const CancelToken *cancel)
{
    Embeddings e;
    reportProgress(progress, 0, "Scoring generated images");
    Result<ClassifierEmbedding> s = embedImages(model, project, synth.ids, 0, 0.7, progress, cancel,
                                                "Scoring generated images");
    if (!s)
        return makeError(s.error());
    e.synth = std::move(*s);
    if (!real.ids.empty()) {
        Result<ClassifierEmbedding> r = embedImages(model, project, real.ids, 0.7, 0.85, progress,
                                                    cancel, "Embedding real images");
        if (!r)
            return makeError(r.error());
        e.real = std::move(*r);
    }
    e.dim = e.synth.featureDim;
    e.synthUnit = e.synth.features;
    e.realUnit = e.real.features;
    curation::normalizeRows(e.synthUnit, e.dim);
    curation::normalizeRows(e.realUnit, e.dim);
    return e;
}

// Self-confidence, margin, entropy and the predicted class of every generated image.
std::vector<ImageScoreRow> probabilityRows(const Embeddings &e, const ImageList &synth)
{
    const int numClasses = e.synth.numClasses;
    std::vector<ImageScoreRow> rows(synth.ids.size());
    for (size_t i = 0; i < synth.ids.size(); ++i) {
        const float *p = e.synth.probabilities.data() + i * size_t(numClasses);
        const curation::ProbabilityScores s =
            curation::probabilityScores(p, numClasses, synth.classes[i]);
        rows[i].imageId = synth.ids[i];
        rows[i].predicted = int(std::max_element(p, p + numClasses) - p);
        rows[i].selfConfidence = s.selfConfidence;
        rows[i].margin = s.margin;
        rows[i].entropy = s.entropy;
    }
    return rows;
}

// One class: each generated image's distance to the real images, its uniqueness and its
// near-duplicate, then the class's FID, KID and diversity. The number of duplicates found.
int64_t scoreClass(int ci, const Embeddings &e, const ImageList &synth, const ImageList &real,
                   const ScoreOptions &options, std::vector<ImageScoreRow> &rows, ClassScoreRow &cr)
{
    const std::vector<size_t> sRows = synth.rowsOfClass(ci), rRows = real.rowsOfClass(ci);
    cr.images = int64_t(sRows.size());
    cr.realImages = int64_t(rRows.size());
    if (sRows.empty())
        return 0;
    const int dim = e.dim;
    const std::vector<float> sUnit = rowsOf(e.synthUnit, sRows, dim);
    const std::vector<float> rUnit = rowsOf(e.realUnit, rRows, dim);
    const std::vector<float> knn = curation::meanKnnDistance(sUnit, rUnit, dim, options.neighbours);
    const curation::Neighbours nb = curation::neighbourScores(sUnit, dim);
    const double threshold = options.duplicateFactor * curation::medianNearestDistance(rUnit, dim);
    int64_t duplicates = 0;
    for (size_t j = 0; j < sRows.size(); ++j) {
        ImageScoreRow &row = rows[sRows[j]];
        row.realDistance = rUnit.empty() ? 0.0 : double(knn[j]);
        row.uniqueness = double(nb.uniqueness[j]);
        const int twin = nb.nearest[j];
        // Of two near-copies, the later image is the duplicate of the earlier one.
        if (twin >= 0 && threshold > 0 && nb.nearestDistance[j] < threshold &&
            synth.ids[sRows[size_t(twin)]] < synth.ids[sRows[j]]) {
            row.duplicateOf = synth.ids[sRows[size_t(twin)]];
            ++duplicates;
        }
    }
    cr.diversity = curation::meanPairwiseDistance(sUnit, dim);
    if (rRows.size() >= 2)
        cr.realDiversity = curation::meanPairwiseDistance(rUnit, dim);
    if (sRows.size() >= 2 && rRows.size() >= 2) {
        const std::vector<float> sRaw = rowsOf(e.synth.features, sRows, dim);
        const std::vector<float> rRaw = rowsOf(e.real.features, rRows, dim);
        cr.fid = curation::frechetDistance(sRaw, rRaw, dim);
        double kidStd = 0;
        cr.kid =
            curation::kernelInceptionDistance(sRaw, rRaw, dim, 10, 1000, uint64_t(ci), &kidStd);
        cr.kidStd = kidStd;
    }
    return duplicates;
}

// One transaction replaces every earlier score and records which model gave them.
Result<void> storeScores(Project &project, const std::vector<ImageScoreRow> &rows,
                         const std::vector<ClassScoreRow> &classRows, const RunInfo &reference,
                         int featureDim)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    if (Result<void> r = replaceScores(db, rows, classRows); !r)
        return r;
    const std::pair<const char *, std::string> info[] = {
        {"scores.reference", reference.name},
        {"scores.model", reference.config.train.model},
        {"scores.feature_dim", std::to_string(featureDim)},
        {"scores.scored_at", nowIso8601()}};
    for (const auto &[key, value] : info)
        if (Result<void> r = writeProjectInfo(db, key, value); !r)
            return r;
    return tx.commit();
}

} // namespace

Result<ScoreReport> scoreProject(Project &project, const ScoreOptions &options,
                                 const ProgressFn &progress, const CancelToken *cancel)
{
    const auto started = std::chrono::steady_clock::now();
    Result<Reference> ref = loadReference(project, options);
    if (!ref)
        return makeError(ref.error());
    Result<ImageList> synth = generatedImages(project);
    if (!synth)
        return makeError(synth.error());
    Result<ImageList> real = sampleRealImages(project, options.realPerClass);
    if (!real)
        return makeError(real.error());
    Result<Embeddings> e = embedBoth(*ref->model, project, *synth, *real, progress, cancel);
    if (!e)
        return makeError(e.error());

    ScoreReport report;
    report.reference = ref->run.name;
    report.featureDim = e->dim;
    std::vector<ImageScoreRow> rows = probabilityRows(*e, *synth);
    const int numClasses = int(project.classes().size());
    std::vector<ClassScoreRow> classRows(static_cast<size_t>(numClasses));
    for (int ci = 0; ci < numClasses; ++ci) {
        if (isCancelled(cancel))
            return makeError("scoring cancelled");
        ClassScoreRow &cr = classRows[size_t(ci)];
        cr.classId = project.classes()[size_t(ci)].id;
        report.duplicates += scoreClass(ci, *e, *synth, *real, options, rows, cr);
        report.classes += cr.images > 0;
        reportProgress(progress, 0.85 + 0.1 * double(ci + 1) / numClasses, "Class scores");
    }
    if (Result<void> r = storeScores(project, rows, classRows, ref->run, e->dim); !r)
        return makeError(r.error());

    report.images = int64_t(synth->ids.size());
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report.imagesPerSecond = report.seconds > 0 ? double(report.images) / report.seconds : 0;
    reportProgress(progress, 1, "Scored");
    return report;
}

ScoringInfo scoringInfo(Project &project)
{
    ScoringInfo s;
    s.reference = project.info("scores.reference");
    s.model = project.info("scores.model");
    s.scoredAt = project.info("scores.scored_at");
    s.featureDim = int(numbers::parseInteger(project.info("scores.feature_dim")).value_or(0));
    return s;
}

} // namespace synset
