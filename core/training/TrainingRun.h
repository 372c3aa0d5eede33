// Classifier training runs kept in the project: the configuration (data mix and optimisation),
// the images trained on, loss and learning rate per step, metrics per epoch, wall time, status,
// and every real test image's prediction, so that failures can be browsed class by class.
// Files live in <project>/runs/<name>/ (checkpoint.safetensors, model.safetensors).
#pragma once

#include "training/Classifier.h"

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Project;

struct RunConfig
{
    ClassifierTrainOptions train; // checkpoint and output are set by the run
    // The data mix. Real: this fraction of each class's real training images, picked by the seed
    // (0: none). Synthetic: none, all (every generated image not rejected) or accepted (reviewed
    // and accepted only), from the named synthetic datasets (empty: all of them), at most
    // syntheticRatio per real image of the class (0: no limit) and syntheticPerClass per class
    // (0: no limit).
    double realFraction = 1.0;
    std::string synthetic = "none";
    std::vector<std::string> syntheticDatasets;
    double syntheticRatio = 0;
    int syntheticPerClass = 0;
    std::string parent; // the run this one repeats (the repair loop)
    // ImageNet-sized projects are streamed from their files at imageSize x imageSize (0: 224);
    // small images (Fashion-MNIST) are loaded whole at their own size and ignore it.
    int imageSize = 0;

    std::string toJson() const;
    static Result<RunConfig> fromJson(const std::string &text);
    Result<void> check() const;
    // "10% real + all synthetic", for tables and legends.
    std::string describeData() const;
};

struct RunInfo
{
    int64_t id = 0;
    std::string name;
    std::string status; // queued, running, done, cancelled, failed
    std::string error;
    RunConfig config;
    std::string createdAt, finishedAt, updatedAt;
    double wallSeconds = 0;
    int epochsDone = 0;
    double top1 = -1, top5 = -1; // the last evaluation; -1 before one
    int64_t realImages = 0, syntheticImages = 0;
    // Status running, but no live process holds the run's lock: it was killed or crashed, and
    // resumes at once.
    bool interrupted = false;
};

struct MetricPoint
{
    int64_t step = 0;
    int epoch = 0;
    double value = 0;
};

struct DataMix
{
    std::vector<int64_t> imageIds; // real first, then synthetic, each class by class
    std::vector<int> labels;
    std::vector<bool> synthetic;
    std::vector<int64_t> realPerClass, syntheticPerClass;
};

struct StoredPrediction
{
    int64_t imageId = 0;
    int label = 0, predicted = 0;
    double confidence = 0;
    std::vector<int> top5;
    std::string file;
    int64_t record = -1;
};

struct TrainingImage
{
    int64_t imageId = 0;
    std::string file;
    int64_t record = -1;
    std::string prompt; // from the provenance, empty for real images
    std::string dataset;
};

struct RunCallbacks
{
    std::function<void(double fraction, std::string_view message)> progress;
    std::function<void(const ClassifierEpoch &)> epoch;
};

// The images a configuration trains on: the same ones for the same seed and project.
Result<DataMix> selectTrainingImages(Project &project, const RunConfig &config);

// Adds a queued run; the name must be new (letters, digits, '-', '_', '.').
// Its data mix is selected now and stored with it (an error when it selects no images).
Result<int64_t> createRun(Project &project, const std::string &name, const RunConfig &config);
std::vector<RunInfo> listRuns(Project &project);
Result<RunInfo> findRun(Project &project, const std::string &name);
Result<void> deleteRun(Project &project, const std::string &name);
// A name not used yet: base, base-2, base-3...
std::string freeRunName(Project &project, const std::string &base);

// Trains (or resumes, after the last completed epoch) the named run, writing metrics as it goes.
// Cancelling leaves status 'cancelled' and the checkpoint, so it can be resumed. distributed:
// this process is one rank of a data-parallel run; rank 0 does everything above, the other ranks
// train their part of each batch and write nothing (a new run: they wait for rank 0 to make it).
Result<RunInfo> executeRun(Project &project, const std::string &name, bool resume,
                           const RunCallbacks &callbacks = {}, const CancelToken *cancel = nullptr,
                           const DistributedOptions &distributed = {});
// Re-evaluates the run's final model on the real test images and stores the predictions.
Result<ClassifierEvaluation> evaluateRun(Project &project, const std::string &name,
                                         const ProgressFn &progress = {},
                                         const CancelToken *cancel = nullptr);

// Metrics: keys "loss" and "lr" per step; "train_loss", "train_acc", "test_acc", "test_top5"
// per epoch (step = the global step at the end of the epoch).
std::map<std::string, std::vector<MetricPoint>> runMetrics(Project &project, int64_t runId,
                                                           int64_t afterStep = -1);
// Stores points of one metric of a run in one transaction (what training writes as it goes;
// benchmarks write long runs with it).
Result<void> storeRunMetrics(Project &project, int64_t runId, const std::string &key,
                             const std::vector<MetricPoint> &points);
std::vector<StoredPrediction> runPredictions(Project &project, int64_t runId);
// The summary (top-1, per class, confusion) of the stored predictions.
ClassifierEvaluation storedEvaluation(Project &project, int64_t runId);
// Images a run trained on for one class (kind: "real" or "synthetic"), with prompts.
std::vector<TrainingImage> runTrainingImages(Project &project, int64_t runId, int classIndex,
                                             const std::string &kind, int limit);
std::filesystem::path runDirectory(const Project &project, const std::string &name);

// The repair loop, for one failing class of a run: a generation job for that class only, with
// the settings of the job that made most of its synthetic images, as many images as the run had
// of it, and the prompt in force now; the class's current synthetic images are set aside (marked
// rejected by 'repair', files kept) so that a retrain with the same configuration uses the new
// ones. Accepted images are left alone.
struct ClassRepair
{
    std::string jobName, datasetName;
    int perClass = 0;
    int64_t setAside = 0;
};
Result<ClassRepair> startClassRepair(Project &project, const std::string &runName,
                                     const std::string &wnid);

} // namespace synset
