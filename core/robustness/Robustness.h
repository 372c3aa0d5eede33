// A training run under shift: accuracy on the 15 corruptions x 5 severities, under FGSM and PGD
// attacks over an epsilon sweep, on domain-shift ImageFolder sets, the representation metrics of
// its penultimate features and a linear probe of its frozen encoder. Figures are stored per run
// (robustness_metrics) under keys such as "corruption/fog/3", "adversarial/pgd/4" (epsilon in
// 1/255 units), "representation/sparsity", "probe/fashion-mnist", "domain/sketch"; corruption
// errors against a baseline run and the spider chart's axes are derived from them.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace synset {

class Project;

using MetricMap = std::map<std::string, double>;

struct RobustnessOptions
{
    // corruptions, adversarial, representation, probe; domain sets come from domainSets.
    std::vector<std::string> suites{"corruptions", "adversarial", "representation", "probe"};
    int corruptionPerClass = 100;         // real test images per class (0: all of them)
    std::vector<std::string> corruptions; // empty: all 15
    int adversarialPerClass = 50;         // real test images per class (0: all of them)
    std::vector<double> epsilons{0, 1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0};
    int pgdSteps = 10;
    double pgdStepSize = 0; // 0: 2.5 * epsilon / steps
    bool pgdRandomStart = true;
    // The probe: empty trains on the project's real train images (probePerClass a class, 0: all)
    // and tests on its real test images; otherwise a folder holding IDX files
    // (train-images-idx3-ubyte[.gz], train-labels-..., t10k-images-..., t10k-labels-...) or an
    // ImageFolder with train/ and test/ (one sub-folder per class).
    std::filesystem::path probeSet;
    int probePerClass = 1000;
    int probeEpochs = 30;
    std::vector<std::filesystem::path> domainSets; // ImageFolders with wnid sub-folders
    uint64_t seed = 0;
    std::string device = "auto";
};

struct RobustnessReport
{
    std::string run;
    MetricMap metrics; // what this evaluation measured (also stored)
    double seconds = 0;
};

// Evaluates the run's final model and stores the figures (each suite replaces its old ones).
Result<RobustnessReport> evaluateRobustness(Project &project, const std::string &runName,
                                            const RobustnessOptions &options,
                                            const ProgressFn &progress = {},
                                            const CancelToken *cancel = nullptr);

// The stored figures of a run (empty when none).
MetricMap robustnessMetrics(Project &project, const std::string &runName);

// CE_c = sum_s E(s, c) / sum_s E_base(s, c); relative CE_c = sum_s (E(s, c) - E_clean) /
// sum_s (E_base(s, c) - E_base,clean); mCE and relative mCE are their means over the corruptions
// both runs have; mean corruption accuracy is over every corruption and severity of the run.
struct CorruptionErrors
{
    std::map<std::string, double> ce, relativeCe;
    double mce = 0, relativeMce = 0, meanAccuracy = 0;
    int corruptions = 0;
};
Result<CorruptionErrors> corruptionErrors(const MetricMap &run, const MetricMap &baseline);

// A spider chart axis over stored figures.
struct RobustnessAxis
{
    std::string key;   // "clean", "family/noise", "corruption/fog", "adversarial/pgd/4", ...
    std::string label; // "Noise", "PGD ε=4/255", ...
    bool higherIsBetter = true;
};
// The axes that at least one of the runs has a value for, in a stable order.
std::vector<RobustnessAxis> robustnessAxes(const std::vector<MetricMap> &runs);
// The value of an axis for a run (NaN when it has none); percentages are fractions.
double axisValue(const MetricMap &metrics, const std::string &axisKey);
// The default axes: clean, the four corruption families, PGD at the largest epsilon, the probe
// and the domain sets, when present.
std::vector<std::string> defaultAxes(const std::vector<MetricMap> &runs);

// "4/255" style label of an epsilon, and the key part ("4").
std::string epsilonKey(double epsilon);

} // namespace synset
