#include "Robustness.h"

#include "Corruptions.h"
#include "Representation.h"

#include "common/Numbers.h"
#include "data/Idx.h"
#include "data/ImageLoader.h"
#include "data/TrainingData.h"
#include "project/Database.h"
#include "project/Project.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

namespace synset {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The first perClass images of each class, in their order (0: all): the same images for every
// run of the project, so that runs are compared on identical inputs.
GeneratorTrainData firstPerClass(const GeneratorTrainData &all, int perClass)
{
    if (perClass <= 0)
        return all;
    GeneratorTrainData out = all;
    out.pixels.clear();
    out.labels.clear();
    out.imageIds.clear();
    const size_t size = size_t(all.channels) * all.height * all.width;
    std::map<int, int> taken;
    for (size_t i = 0; i < all.count(); ++i) {
        if (taken[all.labels[i]]++ >= perClass)
            continue;
        out.pixels.insert(out.pixels.end(), all.pixels.begin() + std::ptrdiff_t(i * size),
                          all.pixels.begin() + std::ptrdiff_t((i + 1) * size));
        out.labels.push_back(all.labels[i]);
        if (i < all.imageIds.size())
            out.imageIds.push_back(all.imageIds[i]);
    }
    return out;
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

Result<void> storeMetrics(Project &project, int64_t runId, const std::vector<std::string> &prefixes,
                          const MetricMap &metrics)
{
    Transaction tx(project.database());
    if (!tx.active())
        return makeError(tx.beginError());
    for (const std::string &prefix : prefixes) {
        Result<Statement> del = project.database().prepare(
            "DELETE FROM robustness_metrics WHERE run_id = ? AND (metric = ? OR metric LIKE ? "
            "ESCAPE '\\')");
        if (!del)
            return makeError(del.error());
        std::string like;
        for (char ch : prefix) {
            if (ch == '%' || ch == '_' || ch == '\\')
                like += '\\';
            like += ch;
        }
        del->bind(1, runId).bind(2, prefix).bind(3, like + "/%");
        if (Result<void> r = del->exec(); !r)
            return r;
    }
    Result<Statement> ins = project.database().prepare(
        "INSERT OR REPLACE INTO robustness_metrics(run_id, metric, value, updated_at) "
        "VALUES (?, ?, ?, ?)");
    if (!ins)
        return makeError(ins.error());
    const std::string now = nowIso8601();
    for (const auto &[key, value] : metrics) {
        ins->reset();
        ins->bind(1, runId).bind(2, key).bind(3, value).bind(4, now);
        if (Result<void> r = ins->exec(); !r)
            return r;
    }
    return tx.commit();
}

bool isImageFile(const std::filesystem::path &p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

} // namespace

std::string epsilonKey(double epsilon)
{
    return numbers::format(std::round(epsilon * 255.0 * 1000.0) / 1000.0);
}

Result<GeneratorTrainData> loadImageFolder(const std::filesystem::path &dir, int channels,
                                           int height, int width,
                                           const std::vector<std::string> &classNames,
                                           const ProgressFn &progress, const CancelToken *cancel)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return makeError(dir.string() + ": not a folder");
    std::vector<std::filesystem::path> folders;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_directory() && entry.path().filename().string()[0] != '.')
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    if (folders.empty())
        return makeError(dir.string() + ": no class folders (expected one sub-folder per class)");
    GeneratorTrainData out;
    out.channels = channels;
    out.height = height;
    out.width = width;
    std::vector<std::pair<std::filesystem::path, int>> files;
    for (const auto &folder : folders) {
        const std::string name = folder.filename().string();
        int label = -1;
        if (classNames.empty()) {
            label = int(out.classNames.size());
            out.classNames.push_back(name);
            out.classWnids.push_back(name);
        } else {
            const auto it = std::find(classNames.begin(), classNames.end(), name);
            if (it == classNames.end())
                return makeError(folder.string() + ": '" + name +
                                 "' is not one of the model's classes");
            label = int(it - classNames.begin());
        }
        std::vector<std::filesystem::path> inFolder;
        for (const auto &entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file() && isImageFile(entry.path()))
                inFolder.push_back(entry.path());
        std::sort(inFolder.begin(), inFolder.end());
        for (const auto &f : inFolder)
            files.emplace_back(f, label);
    }
    if (!classNames.empty()) {
        out.classNames = classNames;
        out.classWnids = classNames;
    }
    if (files.empty())
        return makeError(dir.string() + ": no PNG or JPEG images in its class folders");
    for (size_t i = 0; i < files.size(); ++i) {
        if ((i & 127) == 0) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            reportProgress(progress, double(i) / double(files.size()), "Loading images");
        }
        Result<ImageData> img = decodeImageFile(files[i].first);
        if (!img)
            return makeError(img.error());
        appendPlanarImage(*img, channels, height, width, out.pixels);
        out.labels.push_back(files[i].second);
    }
    return out;
}

Result<RobustnessReport> evaluateRobustness(Project &project, const std::string &runName,
                                            const RobustnessOptions &options,
                                            const ProgressFn &progress, const CancelToken *cancel)
{
    const auto started = std::chrono::steady_clock::now();
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
    Result<RunInfo> run = findRun(project, runName);
    if (!run)
        return makeError(run.error());
    const std::filesystem::path modelFile = runDirectory(project, runName) / "model.safetensors";
    if (run->status != "done" || !std::filesystem::exists(modelFile))
        return makeError("run '" + runName + "' has no final model yet (status " + run->status +
                         ")");
    Result<std::unique_ptr<Classifier>> loaded = Classifier::load(modelFile, options.device);
    if (!loaded)
        return makeError(loaded.error());
    const Classifier &model = **loaded;

    const auto has = [&](const char *suite) {
        return std::find(options.suites.begin(), options.suites.end(), suite) !=
               options.suites.end();
    };
    // Progress: weights of the stages that run.
    struct Stage
    {
        std::string name;
        double weight;
    };
    std::vector<Stage> stages{{"load", 0.03}};
    if (has("corruptions"))
        stages.push_back({"corruptions", 0.5});
    if (has("adversarial"))
        stages.push_back({"adversarial", 0.2});
    if (has("representation"))
        stages.push_back({"representation", 0.05});
    if (has("probe"))
        stages.push_back({"probe", 0.15});
    for (size_t i = 0; i < options.domainSets.size(); ++i)
        stages.push_back({"domain", 0.07});
    double totalWeight = 0;
    for (const Stage &s : stages)
        totalWeight += s.weight;
    size_t stageIndex = 0;
    double doneWeight = 0;
    const auto stageProgress = [&](double f, std::string_view message) {
        reportProgress(progress, (doneWeight + stages[stageIndex].weight * f) / totalWeight,
                       message);
    };
    const auto nextStage = [&] {
        doneWeight += stages[stageIndex].weight;
        ++stageIndex;
    };

    Result<GeneratorTrainData> test = loadRealImages(project, "test", stageProgress, cancel);
    if (!test)
        return makeError(test.error());
    if (model.numClasses() != int(project.classes().size()))
        return makeError(modelFile.string() + ": the model has " +
                         std::to_string(model.numClasses()) + " classes, the project " +
                         std::to_string(project.classes().size()));
    MetricMap metrics;
    std::vector<std::string> replaced{"clean"};
    Result<ClassifierEvaluation> clean = model.evaluate(*test, {}, cancel);
    if (!clean)
        return makeError(clean.error());
    metrics["clean"] = clean->top1;
    nextStage();

    if (has("corruptions")) {
        const GeneratorTrainData subset = firstPerClass(*test, options.corruptionPerClass);
        std::vector<int> which;
        if (options.corruptions.empty())
            for (size_t i = 0; i < corruptionList().size(); ++i)
                which.push_back(int(i));
        else
            for (const std::string &c : options.corruptions)
                which.push_back(corruptionIndex(c));
        Result<ClassifierEvaluation> base = model.evaluate(subset, {}, cancel);
        if (!base)
            return makeError(base.error());
        metrics["corruption/clean"] = base->top1;
        metrics["corruption/images"] = double(subset.count());
        const double jobs = double(which.size() * 5);
        int job = 0;
        for (int c : which) {
            const std::string &name = corruptionList()[size_t(c)].name;
            for (int s = 1; s <= 5; ++s, ++job) {
                if (isCancelled(cancel))
                    return makeError("cancelled");
                stageProgress(job / jobs, "Corruption: " + corruptionList()[size_t(c)].label +
                                              ", severity " + std::to_string(s));
                Result<GeneratorTrainData> corrupted =
                    corruptImages(subset, name, s, options.seed, {}, cancel);
                if (!corrupted)
                    return makeError(corrupted.error());
                Result<ClassifierEvaluation> ev = model.evaluate(*corrupted, {}, cancel);
                if (!ev)
                    return makeError(ev.error());
                metrics["corruption/" + name + "/" + std::to_string(s)] = ev->top1;
            }
        }
        replaced.push_back("corruption");
        nextStage();
    }

    if (has("adversarial")) {
        const GeneratorTrainData subset = firstPerClass(*test, options.adversarialPerClass);
        metrics["adversarial/images"] = double(subset.count());
        for (const char *method : {"fgsm", "pgd"}) {
            AdversarialOptions a;
            a.method = method;
            a.epsilons = options.epsilons;
            a.steps = options.pgdSteps;
            a.stepSize = options.pgdStepSize;
            a.randomStart = options.pgdRandomStart;
            a.seed = options.seed;
            const double from = std::string(method) == "fgsm" ? 0 : 1.0 / (2 + options.pgdSteps);
            const double span =
                std::string(method) == "fgsm" ? from + 1.0 / (2 + options.pgdSteps) : 1 - from;
            Result<std::vector<AdversarialPoint>> points = model.attack(
                subset, a, [&](double f, std::string_view m) { stageProgress(from + span * f, m); },
                cancel);
            if (!points)
                return makeError(points.error());
            for (const AdversarialPoint &p : *points)
                metrics["adversarial/" + std::string(method) + "/" + epsilonKey(p.epsilon)] =
                    p.accuracy;
        }
        metrics["adversarial/pgd_steps"] = options.pgdSteps;
        replaced.push_back("adversarial");
        nextStage();
    }

    if (has("representation")) {
        Result<ClassifierEmbedding> e = model.embed(*test, stageProgress, cancel);
        if (!e)
            return makeError(e.error());
        Result<RepresentationMetrics> r =
            representationMetrics(e->features, e->featureDim, test->labels, model.numClasses());
        if (!r)
            return makeError(r.error());
        metrics["representation/sparsity"] = r->sparsity;
        metrics["representation/intra_class"] = r->intraClass;
        metrics["representation/separation"] = r->separation;
        metrics["representation/redundancy"] = r->redundancy;
        metrics["representation/coding_rate"] = r->codingRate;
        metrics["representation/coding_rate_classes"] = r->codingRateClasses;
        metrics["representation/coding_rate_gain"] = r->codingRateGain();
        metrics["representation/dim"] = r->dim;
        replaced.push_back("representation");
        nextStage();
    }

    if (has("probe")) {
        GeneratorTrainData train, probeTest;
        std::string setName;
        if (options.probeSet.empty()) {
            Result<GeneratorTrainData> t = loadRealImages(project, "train", {}, cancel);
            if (!t)
                return makeError(t.error());
            train = firstPerClass(*t, options.probePerClass);
            probeTest = *test;
            setName = "real";
        } else {
            const std::filesystem::path dir = options.probeSet;
            setName = dir.filename().empty() ? dir.parent_path().filename().string()
                                             : dir.filename().string();
            if (std::filesystem::is_directory(dir / "train")) {
                Result<GeneratorTrainData> t = loadImageFolder(
                    dir / "train", test->channels, test->height, test->width, {}, {}, cancel);
                if (!t)
                    return makeError(t.error());
                Result<GeneratorTrainData> v =
                    loadImageFolder(dir / "test", test->channels, test->height, test->width,
                                    t->classNames, {}, cancel);
                if (!v)
                    return makeError(v.error());
                train = firstPerClass(*t, options.probePerClass);
                probeTest = std::move(*v);
            } else {
                Result<GeneratorTrainData> t = loadIdxPair(
                    dir, "train", test->channels, test->height, test->width, options.probePerClass);
                if (!t)
                    return makeError(t.error());
                Result<GeneratorTrainData> v =
                    loadIdxPair(dir, "t10k", test->channels, test->height, test->width, 0);
                if (!v)
                    return makeError(v.error());
                train = std::move(*t);
                probeTest = std::move(*v);
            }
        }
        const int classes = int(std::max(train.classNames.size(), probeTest.classNames.size()));
        stageProgress(0.05, "Linear probe: features");
        Result<ClassifierEmbedding> ft = model.embed(train, {}, cancel);
        if (!ft)
            return makeError(ft.error());
        Result<ClassifierEmbedding> fv = model.embed(probeTest, {}, cancel);
        if (!fv)
            return makeError(fv.error());
        LinearProbeOptions po;
        po.epochs = options.probeEpochs;
        po.seed = options.seed;
        Result<LinearProbeResult> probe = trainLinearProbe(
            ft->features, train.labels, fv->features, probeTest.labels, ft->featureDim,
            std::max(classes, 2), po,
            [&](double f, std::string_view m) { stageProgress(0.3 + 0.7 * f, m); }, cancel);
        if (!probe)
            return makeError(probe.error());
        metrics["probe/" + setName] = probe->testAccuracy;
        metrics["probe/" + setName + "/train"] = probe->trainAccuracy;
        metrics["probe/" + setName + "/images"] = double(train.count());
        replaced.push_back("probe/" + setName);
        nextStage();
    }

    const std::vector<std::string> wnids = model.classWnids();
    for (const std::filesystem::path &dir : options.domainSets) {
        const std::string name = dir.filename().empty() ? dir.parent_path().filename().string()
                                                        : dir.filename().string();
        Result<GeneratorTrainData> set = loadImageFolder(dir, test->channels, test->height,
                                                         test->width, wnids, stageProgress, cancel);
        if (!set)
            return makeError(set.error());
        Result<ClassifierEmbedding> e = model.embed(*set, {}, cancel);
        if (!e)
            return makeError(e.error());
        // Predictions restricted to the classes the set covers (ImageNet-R / -A style subsets).
        std::vector<bool> present(size_t(model.numClasses()), false);
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
        metrics["domain/" + name] = double(correct) / double(set->count());
        metrics["domain/" + name + "/images"] = double(set->count());
        metrics["domain/" + name + "/classes"] =
            double(std::count(present.begin(), present.end(), true));
        replaced.push_back("domain/" + name);
        nextStage();
    }

    if (Result<void> r = storeMetrics(project, run->id, replaced, metrics); !r)
        return makeError(r.error());
    reportProgress(progress, 1.0, "Robustness evaluated");
    RobustnessReport report;
    report.run = runName;
    report.metrics = std::move(metrics);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

MetricMap robustnessMetrics(Project &project, const std::string &runName)
{
    MetricMap out;
    Result<RunInfo> run = findRun(project, runName);
    if (!run)
        return out;
    Result<Statement> st =
        project.database().prepare("SELECT metric, value FROM robustness_metrics WHERE run_id = ?");
    if (!st)
        return out;
    st->bind(1, run->id);
    while (st->step())
        out[st->columnText(0)] = st->columnDouble(1);
    return out;
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
