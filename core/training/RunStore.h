// How a training run's metrics and predictions are written to the project database (internal to
// core/training; reading them back is TrainingRun.h's runMetrics and runPredictions).
#pragma once

#include "common/Result.h"
#include "training/Classifier.h"

#include <chrono>
#include <cstdint>
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

} // namespace synset
