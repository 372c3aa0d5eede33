// The papers' experiment on a project: real only, real + synthetic and synthetic only (the
// classification accuracy score, CAS) at several real fractions and guidance scales, and whether
// filtering the generated images helps ("Synthetic Data from Diffusion Models Improves ImageNet
// Classification", Azizi et al. 2023; "Fake it till you make it", Sariyildiz et al. 2023).
//
// A plan is stored in the project under its name (the prefix of its runs); running it executes
// its steps in order (generation jobs, training runs, the filter), skipping what is done, so it
// resumes after a pause, a quit or a crash. Its table is computed from the stored runs.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Generator;
class Project;
struct GeneratorDescription;

struct ExperimentOptions
{
    std::string model = "cnn"; // classifier: cnn, resnet18, resnet50
    int width = 0;             // its width (0: the model's usual one)
    int batch = 128;
    std::string augment = "light";
    std::string device = "auto";
    int64_t budget = 120000; // training images seen by every run, whatever its data size
    uint64_t seed = 0;
    std::vector<double> fractions{0.01, 0.1, 1}; // of the real training images
    std::vector<double> sweep{0, 1, 2, 3, 5, 8}; // guidance scales of the CAS runs
    std::optional<double> guidance;              // of the mixes (none: the generator's default)
    int perClass = 500;                          // generated images a class at that guidance
    int sweepPerClass = 200;                     // ... at the other scales
    std::string sampler = "ddim";
    int sampleSteps = 25;
    std::optional<double> eta;       // none: the generator's default
    std::filesystem::path generator; // empty: the shipped Fashion-MNIST generator
    // Generation jobs are named after dataPrefix (default: the experiment's name), so that a new
    // experiment can reuse images made before.
    std::string dataPrefix;
    // Filtering: CAS on filterPerClass images a class picked at random against the ones the
    // rule keeps (top filterPerClass by filterBy, near-duplicates dropped). -1: perClass / 2;
    // 0: no filtering rows.
    int filterPerClass = -1;
    std::string filterRule = "self_confidence>=0.5";
    std::string filterBy = "uniqueness";
};

enum class ExperimentStepKind
{
    Generate, // a generation job
    Train,    // a training run
    Filter,   // score the generated images and apply the rule
};

struct ExperimentStep
{
    ExperimentStepKind kind = ExperimentStepKind::Train;
    std::string name;     // the job or run; for Filter, the dataset filtered
    std::string role;     // real, mix, cas, cas-random, cas-filtered; generate; filter
    double fraction = 0;  // real fraction of a run
    double guidance = -1; // of a job, or of a run's synthetic images; -1: none
    int perClass = 0;     // images a class a job makes, or a filtered run takes
};

struct ExperimentPlan
{
    std::string name; // runs are <name>-real-10, <name>-mix-10, <name>-cas-g2, ...
    ExperimentOptions options;
    // Resolved when planned, from the generator.
    double guidance = 0, eta = 0;
    std::filesystem::path generator;
    std::string generatorHash;
    std::vector<ExperimentStep> steps;
};

// The steps of an experiment with these options and this generator, in the order they run.
// Refuses options that cannot work (no fraction, a fraction outside (0, 1], a bad rule...).
Result<ExperimentPlan> planExperiment(const std::string &name, ExperimentOptions options,
                                      const GeneratorDescription &generator);

// Stores a new plan, or returns the stored one of that name when it is the same plan (running it
// again resumes it); a plan of that name with other options is refused, naming the difference.
Result<ExperimentPlan> saveExperiment(Project &project, const ExperimentPlan &plan);
Result<ExperimentPlan> loadExperiment(Project &project, const std::string &name);
std::vector<std::string> experimentNames(Project &project);

enum class StepState
{
    Pending, // nothing made yet
    Partial, // a job or run made but not finished
    Done,
};
StepState experimentStepState(Project &project, const ExperimentPlan &plan, size_t index);

struct ExperimentCallbacks
{
    // Lines worth telling ("generating toy-g2 (guidance 2)", "toy-mix-1: top-1 81.20%").
    std::function<void(const std::string &line)> note;
    // Progress of the step under way.
    std::function<void(size_t step, double fraction, std::string_view message)> progress;
};

struct ExperimentRun
{
    bool finished = false;   // every step done
    std::string interrupted; // else what stopped it ("generation was interrupted")
};

// Runs the stored experiment's steps that are not done, in order, until the end or a cancel.
Result<ExperimentRun> runExperiment(Project &project, const std::string &name, Generator &generator,
                                    const ExperimentCallbacks &callbacks = {},
                                    const CancelToken *cancel = nullptr);

struct ExperimentTables
{
    std::string markdown; // the papers' tables
    std::string csv;      // a row per run
};
// From the stored runs (steps not done yet show a dash).
ExperimentTables experimentTables(Project &project, const ExperimentPlan &plan);
// Writes <project>/experiments/<name>.md and .csv atomically; returns the .md path.
Result<std::filesystem::path> writeExperimentTables(Project &project, const ExperimentPlan &plan,
                                                    const ExperimentTables &tables);

} // namespace synset
