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
// How images reach the reference: streamed at size (0: loaded whole) with these channels.
struct Streaming
{
    int size = 0, channels = 0;
};

// ImageNet-sized images (stream.size > 0) are decoded batch by batch at the reference's evaluation
// view (resize, centre crop) on the decode threads; small ones are loaded a chunk at a time.
Result<ClassifierEmbedding> embedImages(const Classifier &classifier, Project &project,
                                        const std::vector<int64_t> &ids, const Streaming &stream,
                                        double from, double to, const ProgressFn &progress,
                                        const CancelToken *cancel, const char *what)
{
    ClassifierEmbedding all;
    all.numClasses = classifier.numClasses();
    const double span = to - from;
    for (size_t b = 0; b < ids.size(); b += kEmbedChunk) {
        const size_t e = std::min(ids.size(), b + kEmbedChunk);
        const std::vector<int64_t> chunk(ids.begin() + long(b), ids.begin() + long(e));
        const double f0 = from + span * double(b) / double(ids.size());
        const double f1 = from + span * double(e) / double(ids.size());
        Result<GeneratorTrainData> data =
            stream.size > 0 ? listImagesById(project, chunk, stream.size, stream.channels)
                            : loadImagesById(
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

} // namespace

namespace {

bool isDuplicate(const ScoredImage &s)
{
    return s.duplicateOf != 0;
}
bool isDuplicate(const ReviewEntry &e)
{
    return e.duplicate;
}

// A score of an image by its name, for the full rows and the review grid's lean ones alike.
template<typename Row> double scoreOf(const Row &s, std::string_view name)
{
    if (name == score::kSelfConfidence)
        return s.selfConfidence;
    if (name == score::kMargin)
        return s.margin;
    if (name == score::kEntropy)
        return s.entropy;
    if (name == score::kRealDistance)
        return s.realDistance;
    if (name == score::kUniqueness)
        return s.uniqueness;
    if (name == score::kDuplicate)
        return isDuplicate(s) ? 1.0 : 0.0;
    return std::nan("");
}

} // namespace

double ScoredImage::value(std::string_view name) const
{
    return scoreOf(*this, name);
}

std::string_view reviewStateName(ReviewState state)
{
    switch (state) {
    case ReviewState::Accepted:
        return "accepted";
    case ReviewState::Rejected:
        return "rejected";
    case ReviewState::Pending:
        break;
    }
    return "pending";
}

ReviewState reviewStateFromName(std::string_view name)
{
    if (name == "accepted")
        return ReviewState::Accepted;
    if (name == "rejected")
        return ReviewState::Rejected;
    return ReviewState::Pending;
}

double ReviewEntry::value(std::string_view name) const
{
    return scoreOf(*this, name);
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

// Image ids of each class (index: the project's class index).
using IdsByClass = std::vector<std::vector<int64_t>>;

Result<IdsByClass> generatedImages(Project &project)
{
    Result<std::vector<ReviewEntry>> entries = reviewEntries(project);
    if (!entries)
        return makeError(entries.error());
    if (entries->empty())
        return makeError("project " + project.name() + " has no generated images to score");
    IdsByClass out(project.classes().size());
    for (const ReviewEntry &e : *entries)
        if (e.classIndex >= 0 && size_t(e.classIndex) < out.size())
            out[size_t(e.classIndex)].push_back(e.imageId);
    return out;
}

// Real training images of each class, a seeded sample of at most perClass (0: all).
Result<IdsByClass> sampleRealImages(Project &project, int64_t perClass)
{
    Result<std::vector<ImageRow>> real = realImageRows(project.database(), "train");
    if (!real)
        return makeError(real.error());
    IdsByClass byClass(project.classes().size());
    for (const ImageRow &r : *real)
        if (r.classIndex >= 0 && size_t(r.classIndex) < byClass.size())
            byClass[size_t(r.classIndex)].push_back(r.id);
    for (size_t ci = 0; ci < byClass.size(); ++ci) {
        std::vector<int64_t> &ids = byClass[ci];
        if (perClass > 0 && int64_t(ids.size()) > perClass) {
            uint64_t state = seeds::mix(0x5c0e, uint64_t(ci));
            for (size_t i = ids.size() - 1; i > 0; --i)
                std::swap(ids[i], ids[seeds::splitMix64(state) % (i + 1)]);
            ids.resize(size_t(perClass));
            std::sort(ids.begin(), ids.end());
        }
    }
    return byClass;
}

// One class's images through the reference: the generated ones' features and class
// probabilities, the real ones' features, and unit-length copies for the distance scores.
struct Embeddings
{
    ClassifierEmbedding synth, real;
    std::vector<float> synthUnit, realUnit;
    int dim = 0;
};

Result<Embeddings> embedClass(const Classifier &model, Project &project,
                              const std::vector<int64_t> &synth, const std::vector<int64_t> &real,
                              const Streaming &stream, double from, double to,
                              const ProgressFn &progress, const CancelToken *cancel)
{
    Embeddings e;
    const double mid = from + (to - from) * double(synth.size()) /
                                  double(std::max<size_t>(1, synth.size() + real.size()));
    Result<ClassifierEmbedding> s = embedImages(model, project, synth, stream, from, mid, progress,
                                                cancel, "Scoring generated images");
    if (!s)
        return makeError(s.error());
    e.synth = std::move(*s);
    if (!real.empty()) {
        Result<ClassifierEmbedding> r = embedImages(model, project, real, stream, mid, to, progress,
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

// One class: each generated image's probabilities (self-confidence, margin, entropy, the class
// predicted), its distance to the real images, its uniqueness and its near-duplicate, then the
// class's FID, KID and diversity. The number of duplicates found.
int64_t scoreClass(int ci, const Embeddings &e, const std::vector<int64_t> &synth,
                   const ScoreOptions &options, std::vector<ImageScoreRow> &rows, ClassScoreRow &cr)
{
    const int dim = e.dim, numClasses = e.synth.numClasses;
    const std::vector<float> &sUnit = e.synthUnit, &rUnit = e.realUnit;
    const size_t nReal = dim > 0 ? rUnit.size() / size_t(dim) : 0;
    const std::vector<float> knn = curation::meanKnnDistance(sUnit, rUnit, dim, options.neighbours);
    const curation::Neighbours nb = curation::neighbourScores(sUnit, dim);
    const double threshold = options.duplicateFactor * curation::medianNearestDistance(rUnit, dim);
    int64_t duplicates = 0;
    for (size_t j = 0; j < synth.size(); ++j) {
        const float *p = e.synth.probabilities.data() + j * size_t(numClasses);
        const curation::ProbabilityScores ps = curation::probabilityScores(p, numClasses, ci);
        ImageScoreRow row;
        row.imageId = synth[j];
        row.predicted = int(std::max_element(p, p + numClasses) - p);
        row.selfConfidence = ps.selfConfidence;
        row.margin = ps.margin;
        row.entropy = ps.entropy;
        row.realDistance = nReal == 0 ? 0.0 : double(knn[j]);
        row.uniqueness = double(nb.uniqueness[j]);
        const int twin = nb.nearest[j];
        // Of two near-copies, the later image is the duplicate of the earlier one.
        if (twin >= 0 && threshold > 0 && nb.nearestDistance[j] < threshold &&
            synth[size_t(twin)] < synth[j]) {
            row.duplicateOf = synth[size_t(twin)];
            ++duplicates;
        }
        rows.push_back(row);
    }
    cr.diversity = curation::meanPairwiseDistance(sUnit, dim);
    if (nReal >= 2)
        cr.realDiversity = curation::meanPairwiseDistance(rUnit, dim);
    if (synth.size() >= 2 && nReal >= 2) {
        cr.fid = curation::frechetDistance(e.synth.features, e.real.features, dim);
        double kidStd = 0;
        cr.kid = curation::kernelInceptionDistance(e.synth.features, e.real.features, dim, 10, 1000,
                                                   uint64_t(ci), &kidStd);
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
    Result<IdsByClass> synth = generatedImages(project);
    if (!synth)
        return makeError(synth.error());
    Result<IdsByClass> real = sampleRealImages(project, options.realPerClass);
    if (!real)
        return makeError(real.error());
    const std::optional<ImageShape> realShape = commonRealImageShape(project);
    const Streaming stream{streamedImageSize(realShape, ref->run.config.imageSize),
                           realShape ? realShape->channels : 0};

    // Class by class, so that memory holds one class's features whatever the project's size.
    ScoreReport report;
    report.reference = ref->run.name;
    std::vector<ImageScoreRow> rows;
    const int numClasses = int(project.classes().size());
    std::vector<ClassScoreRow> classRows(static_cast<size_t>(numClasses));
    int64_t total = 0, done = 0;
    for (int ci = 0; ci < numClasses; ++ci)
        if (!(*synth)[size_t(ci)].empty())
            total += int64_t((*synth)[size_t(ci)].size() + (*real)[size_t(ci)].size());
    for (int ci = 0; ci < numClasses; ++ci) {
        if (isCancelled(cancel))
            return makeError("scoring cancelled");
        const std::vector<int64_t> &s = (*synth)[size_t(ci)], &r = (*real)[size_t(ci)];
        ClassScoreRow &cr = classRows[size_t(ci)];
        cr.classId = project.classes()[size_t(ci)].id;
        cr.images = int64_t(s.size());
        cr.realImages = int64_t(r.size());
        if (s.empty())
            continue;
        const double from = 0.95 * double(done) / double(total);
        done += int64_t(s.size() + r.size());
        Result<Embeddings> e = embedClass(*ref->model, project, s, r, stream, from,
                                          0.95 * double(done) / double(total), progress, cancel);
        if (!e)
            return makeError(e.error());
        report.featureDim = e->dim;
        report.duplicates += scoreClass(ci, *e, s, options, rows, cr);
        ++report.classes;
    }
    if (Result<void> r = storeScores(project, rows, classRows, ref->run, report.featureDim); !r)
        return makeError(r.error());

    report.images = int64_t(rows.size());
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
