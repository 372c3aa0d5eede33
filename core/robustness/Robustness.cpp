#include "Robustness.h"

#include "Corruptions.h"
#include "Representation.h"
#include "RobustnessStore.h"

#include "common/Numbers.h"
#include "common/Seeds.h"
#include "data/Idx.h"
#include "data/ImageLoader.h"
#include "data/ImageSets.h"
#include "data/TrainingData.h"
#include "project/Project.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace synset {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The first perClass images of each class, in their order (0: all): the same images for every
// run of the project, so that runs are compared on identical inputs. A streamed set stays
// streamed.
GeneratorTrainData firstPerClass(const GeneratorTrainData &all, int perClass)
{
    if (perClass <= 0)
        return all;
    std::vector<size_t> indices;
    std::map<int, int> taken;
    for (size_t i = 0; i < all.count(); ++i)
        if (taken[all.labels[i]]++ < perClass)
            indices.push_back(i);
    return subsetOf(all, indices);
}

// Images go through the suites that need pixels (corruptions, attacks) a slice at a time: an
// ImageNet-sized test subset decoded whole would not fit in memory.
constexpr size_t kPixelSlice = 512;

size_t correctOf(const ClassifierEvaluation &e, const std::vector<int> &labels)
{
    size_t correct = 0;
    for (size_t i = 0; i < e.predicted.size() && i < labels.size(); ++i)
        correct += e.predicted[i] == labels[i];
    return correct;
}

// An IDX image file and its label file (train-images-idx3-ubyte -> train-labels-idx1-ubyte).
Result<GeneratorTrainData> loadIdxPair(const std::filesystem::path &dir, const std::string &prefix,
                                       int channels, int height, int width, int perClass)
{
    std::filesystem::path images, labels;
    for (const char *ext : {".gz", ""}) {
        const auto i = dir / (prefix + "-images-idx3-ubyte" + ext);
        const auto l = dir / (prefix + "-labels-idx1-ubyte" + ext);
        if (std::filesystem::exists(i) && std::filesystem::exists(l)) {
            images = i;
            labels = l;
            break;
        }
    }
    if (images.empty())
        return makeError(dir.string() + ": no " + prefix + "-images-idx3-ubyte[.gz] with its " +
                         prefix + "-labels-idx1-ubyte[.gz]");
    Result<idx::IdxFile> im = idx::read(images);
    if (!im)
        return makeError(im.error());
    Result<idx::IdxFile> lb = idx::read(labels);
    if (!lb)
        return makeError(lb.error());
    if (im->dims.size() != 3 || lb->dims.size() != 1 || im->dims[0] != lb->dims[0])
        return makeError(images.string() + ": expected N*H*W images with N labels in " +
                         labels.filename().string());
    GeneratorTrainData out;
    out.channels = channels;
    out.height = height;
    out.width = width;
    const int h = int(im->dims[1]), w = int(im->dims[2]);
    std::map<int, int> taken;
    int maxLabel = 0;
    for (uint32_t i = 0; i < im->dims[0]; ++i) {
        const int label = lb->data[lb->headerSize + i];
        if (perClass > 0 && taken[label]++ >= perClass)
            continue;
        ImageData img;
        img.width = w;
        img.height = h;
        img.channels = 1;
        const auto first = im->data.begin() + std::ptrdiff_t(im->headerSize);
        img.pixels.assign(first + std::ptrdiff_t(size_t(i) * h * w),
                          first + std::ptrdiff_t(size_t(i + 1) * h * w));
        appendPlanarImage(img, channels, height, width, out.pixels);
        out.labels.push_back(label);
        maxLabel = std::max(maxLabel, label);
    }
    for (int c = 0; c <= maxLabel; ++c) {
        out.classNames.push_back(std::to_string(c));
        out.classWnids.push_back(std::to_string(c));
    }
    return out;
}

// Progress over the suites that run, each weighted by its usual share of the time.
class StagedProgress
{
public:
    StagedProgress(const ProgressFn &progress, std::vector<double> weights)
        : m_progress(progress)
        , m_weights(std::move(weights))
    {
        for (double w : m_weights)
            m_total += w;
    }
    void report(double fraction, std::string_view message) const
    {
        reportProgress(m_progress, (m_done + m_weights[m_stage] * fraction) / m_total, message);
    }
    // The current stage's progress from `from` to `from + span` of it.
    ProgressFn part(double from, double span) const
    {
        return [this, from, span](double f, std::string_view m) { report(from + span * f, m); };
    }
    ProgressFn whole() const { return part(0, 1); }
    void next() { m_done += m_weights[m_stage++]; }

private:
    const ProgressFn &m_progress;
    std::vector<double> m_weights;
    double m_total = 0, m_done = 0;
    size_t m_stage = 0;
};

// What one evaluation shares between its suites: the model, the real test images, the figures
// measured so far and the stored prefixes they replace.
struct Evaluation
{
    const Classifier &model;
    const GeneratorTrainData &test;
    const RobustnessOptions &options;
    StagedProgress &stages;
    const CancelToken *cancel;
    MetricMap metrics;
    std::vector<std::string> replaced;

    bool runs(const char *suite) const
    {
        return std::find(options.suites.begin(), options.suites.end(), suite) !=
               options.suites.end();
    }
};

Result<void> checkOptions(const RobustnessOptions &options)
{
    static const std::set<std::string> known{"corruptions", "adversarial", "representation",
                                             "probe"};
    for (const std::string &s : options.suites)
        if (!known.count(s))
            return makeError("unknown suite '" + s +
                             "' (corruptions, adversarial, representation, probe, domain:DIR)");
    for (const std::string &c : options.corruptions)
        if (corruptionIndex(c) < 0)
            return makeError("unknown corruption '" + c + "'");
    if (options.suites.empty() && options.domainSets.empty())
        return makeError("no suite to run");
    return {};
}

Result<std::unique_ptr<Classifier>> loadFinalModel(Project &project, const RunInfo &run,
                                                   const std::string &device)
{
    const std::filesystem::path modelFile = runDirectory(project, run.name) / "model.safetensors";
    if (run.status != "done" || !std::filesystem::exists(modelFile))
        return makeError("run '" + run.name + "' has no final model yet (status " + run.status +
                         ")");
    Result<std::unique_ptr<Classifier>> model = Classifier::load(modelFile, device);
    if (!model)
        return makeError(model.error());
    if ((*model)->numClasses() != int(project.classes().size()))
        return makeError(modelFile.string() + ": the model has " +
                         std::to_string((*model)->numClasses()) + " classes, the project " +
                         std::to_string(project.classes().size()));
    return model;
}

std::vector<double> stageWeights(const RobustnessOptions &options)
{
    const auto has = [&](const char *suite) {
        return std::find(options.suites.begin(), options.suites.end(), suite) !=
               options.suites.end();
    };
    std::vector<double> weights{0.03}; // loading and the clean accuracy
    if (has("corruptions"))
        weights.push_back(0.5);
    if (has("adversarial"))
        weights.push_back(0.2);
    if (has("representation"))
        weights.push_back(0.05);
    if (has("probe"))
        weights.push_back(0.15);
    weights.insert(weights.end(), options.domainSets.size(), 0.07);
    return weights;
}

Result<void> measureClean(Evaluation &ev)
{
    Result<ClassifierEvaluation> clean = ev.model.evaluate(ev.test, {}, ev.cancel);
    if (!clean)
        return makeError(clean.error());
    ev.metrics["clean"] = clean->top1;
    ev.replaced.push_back("clean");
    return {};
}

std::vector<int> chosenCorruptions(const RobustnessOptions &options)
{
    std::vector<int> which;
    if (options.corruptions.empty())
        for (size_t i = 0; i < corruptionList().size(); ++i)
            which.push_back(int(i));
    else
        for (const std::string &c : options.corruptions)
            which.push_back(corruptionIndex(c));
    return which;
}

// Accuracy on each chosen corruption at severities 1-5, on the same subset of the test images,
// corrupted at the evaluation size (ImageNet-C corrupts the 224 px centre crops). A streamed
// subset is decoded and corrupted a slice at a time; image i always gets the same corruption
// seed, so slicing does not change the figures.
Result<void> runCorruptions(Evaluation &ev)
{
    const GeneratorTrainData subset = firstPerClass(ev.test, ev.options.corruptionPerClass);
    const std::vector<int> which = chosenCorruptions(ev.options);
    const size_t slice = subset.streamed() ? kPixelSlice : std::max<size_t>(1, subset.count());
    const size_t slices = (subset.count() + slice - 1) / slice;
    std::map<std::string, size_t> correct;
    size_t images = 0, clean = 0;
    std::vector<std::string> unreadable;
    const double jobs = double(slices * which.size() * 5);
    int job = 0;
    for (size_t begin = 0; begin < subset.count(); begin += slice) {
        Result<GeneratorTrainData> pixels =
            evaluationPixels(subset, begin, begin + slice, &unreadable, 0, ev.cancel);
        if (!pixels)
            return makeError(pixels.error());
        Result<ClassifierEvaluation> base = ev.model.evaluate(*pixels, {}, ev.cancel);
        if (!base)
            return makeError(base.error());
        images += pixels->count();
        clean += correctOf(*base, pixels->labels);
        for (int c : which) {
            const CorruptionInfo &info = corruptionList()[size_t(c)];
            for (int s = 1; s <= 5; ++s, ++job) {
                if (isCancelled(ev.cancel))
                    return makeError("cancelled");
                ev.stages.report(job / jobs,
                                 "Corruption: " + info.label + ", severity " + std::to_string(s));
                Result<GeneratorTrainData> corrupted =
                    corruptImages(*pixels, info.name, s, ev.options.seed, {}, ev.cancel, begin);
                if (!corrupted)
                    return makeError(corrupted.error());
                Result<ClassifierEvaluation> r = ev.model.evaluate(*corrupted, {}, ev.cancel);
                if (!r)
                    return makeError(r.error());
                correct["corruption/" + info.name + "/" + std::to_string(s)] +=
                    correctOf(*r, corrupted->labels);
            }
        }
    }
    if (images == 0)
        return makeError("no test image could be read for the corruptions" +
                         (unreadable.empty() ? std::string() : ": " + unreadable.front()));
    ev.metrics["corruption/clean"] = double(clean) / double(images);
    ev.metrics["corruption/images"] = double(images);
    for (const auto &[key, n] : correct)
        ev.metrics[key] = double(n) / double(images);
    ev.replaced.push_back("corruption");
    return {};
}

// Accuracy under FGSM and PGD over the epsilon sweep. A streamed subset is attacked a slice at a
// time (each slice's random starts seeded by its place), the accuracies weighted by its images.
Result<void> runAdversarial(Evaluation &ev)
{
    const GeneratorTrainData subset = firstPerClass(ev.test, ev.options.adversarialPerClass);
    const size_t slice = subset.streamed() ? kPixelSlice : std::max<size_t>(1, subset.count());
    const double fgsmShare = 1.0 / (2 + ev.options.pgdSteps);
    std::map<std::string, double> correct;
    size_t images = 0;
    std::vector<std::string> unreadable;
    for (size_t begin = 0; begin < subset.count(); begin += slice) {
        Result<GeneratorTrainData> pixels =
            evaluationPixels(subset, begin, begin + slice, &unreadable, 0, ev.cancel);
        if (!pixels)
            return makeError(pixels.error());
        const double from = double(begin) / double(subset.count());
        const double span = double(pixels->count()) / double(subset.count());
        for (const std::string method : {"fgsm", "pgd"}) {
            AdversarialOptions a;
            a.method = method;
            a.epsilons = ev.options.epsilons;
            a.steps = ev.options.pgdSteps;
            a.stepSize = ev.options.pgdStepSize;
            a.randomStart = ev.options.pgdRandomStart;
            a.seed = begin == 0 ? ev.options.seed : seeds::mix(ev.options.seed, begin);
            const ProgressFn progress =
                method == "fgsm" ? ev.stages.part(from, span * fgsmShare)
                                 : ev.stages.part(from + span * fgsmShare, span * (1 - fgsmShare));
            Result<std::vector<AdversarialPoint>> points =
                ev.model.attack(*pixels, a, progress, ev.cancel);
            if (!points)
                return makeError(points.error());
            for (const AdversarialPoint &p : *points)
                correct["adversarial/" + method + "/" + epsilonKey(p.epsilon)] +=
                    p.accuracy * double(pixels->count());
        }
        images += pixels->count();
    }
    if (images == 0)
        return makeError("no test image could be read for the attacks" +
                         (unreadable.empty() ? std::string() : ": " + unreadable.front()));
    for (const auto &[key, n] : correct)
        ev.metrics[key] = n / double(images);
    ev.metrics["adversarial/images"] = double(images);
    ev.metrics["adversarial/pgd_steps"] = ev.options.pgdSteps;
    ev.replaced.push_back("adversarial");
    return {};
}

// The penultimate features' geometry on the test images.
Result<void> runRepresentation(Evaluation &ev)
{
    Result<ClassifierEmbedding> e = ev.model.embed(ev.test, ev.stages.whole(), ev.cancel);
    if (!e)
        return makeError(e.error());
    Result<RepresentationMetrics> r =
        representationMetrics(e->features, e->featureDim, ev.test.labels, ev.model.numClasses());
    if (!r)
        return makeError(r.error());
    ev.metrics["representation/sparsity"] = r->sparsity;
    ev.metrics["representation/intra_class"] = r->intraClass;
    ev.metrics["representation/separation"] = r->separation;
    ev.metrics["representation/redundancy"] = r->redundancy;
    ev.metrics["representation/coding_rate"] = r->codingRate;
    ev.metrics["representation/coding_rate_classes"] = r->codingRateClasses;
    ev.metrics["representation/coding_rate_gain"] = r->codingRateGain();
    ev.metrics["representation/dim"] = r->dim;
    ev.replaced.push_back("representation");
    return {};
}

std::string folderName(const std::filesystem::path &dir)
{
    return dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
}

struct ProbeSet
{
    std::string name;
    GeneratorTrainData train, test;
};

// The probe's images: the project's real ones, an ImageFolder with train/ and test/, or IDX files.
Result<ProbeSet> loadProbeSet(Project &project, const Evaluation &ev)
{
    const RobustnessOptions &o = ev.options;
    const GeneratorTrainData &t = ev.test;
    if (o.probeSet.empty()) {
        Result<GeneratorTrainData> train = t.streamed()
                                               ? listRealImages(project, "train", t.width)
                                               : loadRealImages(project, "train", {}, ev.cancel);
        if (!train)
            return makeError(train.error());
        return ProbeSet{"real", firstPerClass(*train, o.probePerClass), t};
    }
    const std::filesystem::path &dir = o.probeSet;
    if (std::filesystem::is_directory(dir / "train")) {
        Result<GeneratorTrainData> train = loadImageFolder(
            dir / "train", t.channels, t.height, t.width, {}, {}, ev.cancel, t.streamed());
        if (!train)
            return makeError(train.error());
        Result<GeneratorTrainData> test =
            loadImageFolder(dir / "test", t.channels, t.height, t.width, train->classNames, {},
                            ev.cancel, t.streamed());
        if (!test)
            return makeError(test.error());
        return ProbeSet{folderName(dir), firstPerClass(*train, o.probePerClass), std::move(*test)};
    }
    Result<GeneratorTrainData> train =
        loadIdxPair(dir, "train", t.channels, t.height, t.width, o.probePerClass);
    if (!train)
        return makeError(train.error());
    Result<GeneratorTrainData> test = loadIdxPair(dir, "t10k", t.channels, t.height, t.width, 0);
    if (!test)
        return makeError(test.error());
    return ProbeSet{folderName(dir), std::move(*train), std::move(*test)};
}

// A linear classifier on the frozen encoder's features.
Result<void> runProbe(Project &project, Evaluation &ev)
{
    Result<ProbeSet> set = loadProbeSet(project, ev);
    if (!set)
        return makeError(set.error());
    const int classes = int(std::max(set->train.classNames.size(), set->test.classNames.size()));
    ev.stages.report(0.05, "Linear probe: features");
    Result<ClassifierEmbedding> ft = ev.model.embed(set->train, {}, ev.cancel);
    if (!ft)
        return makeError(ft.error());
    Result<ClassifierEmbedding> fv = ev.model.embed(set->test, {}, ev.cancel);
    if (!fv)
        return makeError(fv.error());
    LinearProbeOptions po;
    po.epochs = ev.options.probeEpochs;
    po.seed = ev.options.seed;
    Result<LinearProbeResult> probe = trainLinearProbe(
        ft->features, set->train.labels, fv->features, set->test.labels, ft->featureDim,
        std::max(classes, 2), po, ev.stages.part(0.3, 0.7), ev.cancel);
    if (!probe)
        return makeError(probe.error());
    const std::string key = "probe/" + set->name;
    ev.metrics[key] = probe->testAccuracy;
    ev.metrics[key + "/train"] = probe->trainAccuracy;
    ev.metrics[key + "/images"] = double(set->train.count());
    ev.replaced.push_back(key);
    return {};
}

// Accuracy on an ImageFolder of the model's classes, predictions restricted to the classes the
// set covers (ImageNet-R / -A style subsets).
Result<void> runDomainSet(Evaluation &ev, const std::filesystem::path &dir)
{
    const GeneratorTrainData &t = ev.test;
    Result<GeneratorTrainData> set =
        loadImageFolder(dir, t.channels, t.height, t.width, ev.model.classWnids(),
                        ev.stages.whole(), ev.cancel, t.streamed());
    if (!set)
        return makeError(set.error());
    Result<ClassifierEmbedding> e = ev.model.embed(*set, {}, ev.cancel);
    if (!e)
        return makeError(e.error());
    std::vector<bool> present(size_t(ev.model.numClasses()), false);
    for (int l : set->labels)
        present[size_t(l)] = true;
    int64_t correct = 0;
    for (size_t i = 0; i < set->count(); ++i) {
        const float *p = e->probabilities.data() + i * size_t(e->numClasses);
        int best = -1;
        for (int c = 0; c < e->numClasses; ++c)
            if (present[size_t(c)] && (best < 0 || p[c] > p[best]))
                best = c;
        correct += best == set->labels[i];
    }
    const std::string key = "domain/" + folderName(dir);
    ev.metrics[key] = double(correct) / double(set->count());
    ev.metrics[key + "/images"] = double(set->count());
    ev.metrics[key + "/classes"] = double(std::count(present.begin(), present.end(), true));
    ev.replaced.push_back(key);
    return {};
}

// Runs the chosen suites in their order, one stage each.
Result<void> runSuites(Project &project, Evaluation &ev)
{
    const std::pair<const char *, std::function<Result<void>()>> suites[] = {
        {"corruptions", [&] { return runCorruptions(ev); }},
        {"adversarial", [&] { return runAdversarial(ev); }},
        {"representation", [&] { return runRepresentation(ev); }},
        {"probe", [&] { return runProbe(project, ev); }},
    };
    for (const auto &[suite, run] : suites) {
        if (!ev.runs(suite))
            continue;
        if (Result<void> r = run(); !r)
            return r;
        ev.stages.next();
    }
    for (const std::filesystem::path &dir : ev.options.domainSets) {
        if (Result<void> r = runDomainSet(ev, dir); !r)
            return r;
        ev.stages.next();
    }
    return {};
}

} // namespace

std::string epsilonKey(double epsilon)
{
    return numbers::format(std::round(epsilon * 255.0 * 1000.0) / 1000.0);
}

Result<RobustnessReport> evaluateRobustness(Project &project, const std::string &runName,
                                            const RobustnessOptions &options,
                                            const ProgressFn &progress, const CancelToken *cancel)
{
    const auto started = std::chrono::steady_clock::now();
    if (Result<void> r = checkOptions(options); !r)
        return makeError(r.error());
    Result<RunInfo> run = findRun(project, runName);
    if (!run)
        return makeError(run.error());
    Result<std::unique_ptr<Classifier>> model = loadFinalModel(project, *run, options.device);
    if (!model)
        return makeError(model.error());
    StagedProgress stages(progress, stageWeights(options));
    // ImageNet-sized test images are streamed at the run's evaluation size, not loaded whole.
    const int streamSize = streamedImageSize(project, run->config.imageSize);
    Result<GeneratorTrainData> test = streamSize > 0
                                          ? listRealImages(project, "test", streamSize)
                                          : loadRealImages(project, "test", stages.whole(), cancel);
    if (!test)
        return makeError(test.error());

    Evaluation ev{**model, *test, options, stages, cancel, {}, {}};
    if (Result<void> r = measureClean(ev); !r)
        return makeError(r.error());
    stages.next();
    if (Result<void> r = runSuites(project, ev); !r)
        return makeError(r.error());
    if (Result<void> r = replaceRobustnessMetrics(project, run->id, ev.replaced, ev.metrics); !r)
        return makeError(r.error());

    reportProgress(progress, 1.0, "Robustness evaluated");
    RobustnessReport report;
    report.run = runName;
    report.metrics = std::move(ev.metrics);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

MetricMap robustnessMetrics(Project &project, const std::string &runName)
{
    Result<RunInfo> run = findRun(project, runName);
    return run ? storedRobustnessMetrics(project, run->id) : MetricMap{};
}

Result<CorruptionErrors> corruptionErrors(const MetricMap &run, const MetricMap &baseline)
{
    CorruptionErrors out;
    const auto value = [](const MetricMap &m, const std::string &key) {
        const auto it = m.find(key);
        return it == m.end() ? kNaN : it->second;
    };
    const double clean = value(run, "corruption/clean");
    const double baseClean = value(baseline, "corruption/clean");
    double accSum = 0;
    int accCount = 0;
    for (const CorruptionInfo &c : corruptionList()) {
        double e = 0, eb = 0, rel = 0, relBase = 0;
        bool complete = true, baseComplete = true;
        for (int s = 1; s <= 5; ++s) {
            const std::string key = "corruption/" + c.name + "/" + std::to_string(s);
            const double a = value(run, key), b = value(baseline, key);
            if (std::isnan(a)) {
                complete = false;
                continue;
            }
            accSum += a;
            ++accCount;
            if (std::isnan(b)) {
                baseComplete = false;
                continue;
            }
            e += 1 - a;
            eb += 1 - b;
            rel += (1 - a) - (1 - clean);
            relBase += (1 - b) - (1 - baseClean);
        }
        if (!complete || !baseComplete)
            continue;
        out.ce[c.name] = eb > 0 ? e / eb : kNaN;
        out.relativeCe[c.name] = relBase != 0 ? rel / relBase : kNaN;
    }
    if (accCount == 0)
        return makeError("the run has no corruption figures; run the corruptions suite first");
    out.meanAccuracy = accSum / accCount;
    if (out.ce.empty())
        return makeError("the baseline has no corruption figures for the run's corruptions");
    double sum = 0, relSum = 0;
    int n = 0, relN = 0;
    for (const auto &[name, ce] : out.ce) {
        if (!std::isnan(ce)) {
            sum += ce;
            ++n;
        }
        const double r = out.relativeCe[name];
        if (!std::isnan(r)) {
            relSum += r;
            ++relN;
        }
    }
    out.corruptions = int(out.ce.size());
    out.mce = n ? sum / n : kNaN;
    out.relativeMce = relN ? relSum / relN : kNaN;
    return out;
}

double axisValue(const MetricMap &metrics, const std::string &axisKey)
{
    const auto direct = metrics.find(axisKey);
    if (direct != metrics.end() && axisKey.rfind("family/", 0) != 0)
        return direct->second;
    // Means over severities (corruption/NAME) or over a family's corruptions (family/NAME).
    std::vector<std::string> names;
    if (axisKey.rfind("family/", 0) == 0) {
        for (const CorruptionInfo &c : corruptionList())
            if (c.family == axisKey.substr(7))
                names.push_back(c.name);
    } else if (axisKey == "corruption/mean") {
        for (const CorruptionInfo &c : corruptionList())
            names.push_back(c.name);
    } else if (axisKey.rfind("corruption/", 0) == 0) {
        names.push_back(axisKey.substr(11));
    } else {
        return kNaN;
    }
    double sum = 0;
    int n = 0;
    for (const std::string &name : names)
        for (int s = 1; s <= 5; ++s) {
            const auto it = metrics.find("corruption/" + name + "/" + std::to_string(s));
            if (it != metrics.end()) {
                sum += it->second;
                ++n;
            }
        }
    return n ? sum / n : kNaN;
}

std::vector<RobustnessAxis> robustnessAxes(const std::vector<MetricMap> &runs)
{
    std::vector<RobustnessAxis> candidates{{"clean", "Clean accuracy", true}};
    static const std::map<std::string, std::string> familyLabels{
        {"noise", "Noise"}, {"blur", "Blur"}, {"weather", "Weather"}, {"digital", "Digital"}};
    for (const std::string &f : corruptionFamilies())
        candidates.push_back({"family/" + f, familyLabels.at(f), true});
    candidates.push_back({"corruption/mean", "Mean corruption accuracy", true});
    for (const CorruptionInfo &c : corruptionList())
        candidates.push_back({"corruption/" + c.name, c.label, true});
    std::set<std::string> eps, probes, domains;
    for (const MetricMap &m : runs)
        for (const auto &[key, value] : m) {
            if (key.rfind("adversarial/fgsm/", 0) == 0)
                eps.insert(key.substr(17));
            else if (key.rfind("probe/", 0) == 0 && key.find('/', 6) == std::string::npos)
                probes.insert(key.substr(6));
            else if (key.rfind("domain/", 0) == 0 && key.find('/', 7) == std::string::npos)
                domains.insert(key.substr(7));
        }
    std::vector<std::string> epsSorted(eps.begin(), eps.end());
    std::sort(epsSorted.begin(), epsSorted.end(), [](const std::string &a, const std::string &b) {
        return numbers::parseReal(a).value_or(0) < numbers::parseReal(b).value_or(0);
    });
    for (const char *method : {"fgsm", "pgd"})
        for (const std::string &e : epsSorted)
            if (e != "0")
                candidates.push_back(
                    {"adversarial/" + std::string(method) + "/" + e,
                     std::string(method) == "fgsm" ? "FGSM ε=" + e + "/255" : "PGD ε=" + e + "/255",
                     true});
    for (const std::string &d : domains)
        candidates.push_back({"domain/" + d, "Domain: " + d, true});
    for (const std::string &p : probes)
        candidates.push_back(
            {"probe/" + p, p == "real" ? "Linear probe" : "Linear probe: " + p, true});
    candidates.push_back({"representation/sparsity", "Sparsity", true});
    candidates.push_back({"representation/intra_class", "Intra-class distance", false});
    candidates.push_back({"representation/separation", "Class separation", true});
    candidates.push_back({"representation/redundancy", "Redundancy", false});
    candidates.push_back({"representation/coding_rate", "Coding rate R", true});
    candidates.push_back({"representation/coding_rate_gain", "Rate reduction ΔR", true});
    std::vector<RobustnessAxis> out;
    for (const RobustnessAxis &a : candidates)
        for (const MetricMap &m : runs)
            if (!std::isnan(axisValue(m, a.key))) {
                out.push_back(a);
                break;
            }
    return out;
}

std::vector<std::string> defaultAxes(const std::vector<MetricMap> &runs)
{
    std::vector<std::string> keys;
    std::string strongestPgd;
    for (const RobustnessAxis &a : robustnessAxes(runs)) {
        if (a.key == "clean" || a.key.rfind("family/", 0) == 0 || a.key.rfind("domain/", 0) == 0 ||
            a.key.rfind("probe/", 0) == 0 || a.key == "representation/separation")
            keys.push_back(a.key);
        else if (a.key.rfind("adversarial/pgd/", 0) == 0) {
            // The largest epsilon (they come sorted) at which some run still keeps 10 %: beyond
            // it every run is at zero and the axis says nothing.
            double best = 0;
            for (const MetricMap &m : runs)
                if (const double v = axisValue(m, a.key); !std::isnan(v))
                    best = std::max(best, v);
            if (best >= 0.1 || strongestPgd.empty())
                strongestPgd = a.key;
        }
    }
    if (!strongestPgd.empty())
        keys.push_back(strongestPgd);
    return keys;
}

} // namespace synset
