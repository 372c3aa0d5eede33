// The training tables' owner (runs, run_images, run_metrics, run_predictions), internal to
// core/training: TrainingRun.h's functions are the public door. Also the image reads a data mix
// is drawn from.
#pragma once

#include "common/Result.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Project;

// Buffers step metrics and writes them, with the run's heartbeat, in one transaction about once
// a second.
class MetricWriter
{
public:
    MetricWriter(Project &project, int64_t runId);
    void add(const std::string &key, int64_t step, int epoch, double value);
    bool due() const;
    Result<void> flush();

    struct Row
    {
        std::string key;
        int64_t step;
        int epoch;
        double value;
    };

private:
    Project &m_project;
    int64_t m_runId;
    std::vector<Row> m_pending;
    std::chrono::steady_clock::time_point m_lastFlush = std::chrono::steady_clock::now();
};

// Replaces the run's stored predictions with this evaluation of the test images.
Result<void> storePredictions(Project &project, int64_t runId, const ImageSet &test,
                              const ClassifierEvaluation &ev);

// ---- Runs ----

// Stored classifier runs; `interrupted` is left for the caller, who knows the locks.
std::vector<RunInfo> storedRuns(Project &project);
Result<std::optional<RunInfo>> storedRun(Project &project, const std::string &name);
// A queued run with its data mix, in one transaction.
Result<int64_t> insertRun(Project &project, const std::string &name, const std::string &kind,
                          const std::string &config, const DataMix &mix);
// finished_at is set with a final status (done, failed, cancelled); wall seconds when given.
Result<void> updateRunStatus(Project &project, int64_t runId, const std::string &status,
                             const std::string &error, std::optional<double> wallSeconds);
void updateRunWallSeconds(Project &project, int64_t runId, double seconds);
Result<void> deleteRunRow(Project &project, int64_t runId);
// A resumed run repeats the steps after its checkpoint: what it had written of them (from that
// epoch on, at or after that step) is dropped.
void dropRunMetricsFrom(Project &project, int64_t runId, int epoch, int64_t step);

// ---- The data mix ----

Result<void> replaceRunMix(Project &project, int64_t runId, const DataMix &mix);
// Image ids in the order a run reads them (real first, then by label and id).
std::vector<int64_t> storedRunMix(Project &project, int64_t runId);
Result<std::optional<int64_t>> syntheticDatasetId(Project &project, const std::string &name);
Result<std::vector<int64_t>> realTrainImagesOfClass(Project &project, int64_t classId);
// Not rejected (or accepted only), of the given datasets (empty: all), by id.
Result<std::vector<int64_t>> syntheticImagesOfClass(Project &project, int64_t classId,
                                                    bool acceptedOnly,
                                                    const std::vector<int64_t> &datasetIds);
// The generated datasets a run drew a class's images from, with counts, the largest first.
Result<std::vector<std::pair<std::string, int64_t>>>
runSyntheticSources(Project &project, int64_t runId, int classIndex);

} // namespace synset
