// The generation_jobs table's owner: a job's name, dataset, configuration (JSON) and status.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Project;

struct StoredGenerationJob
{
    int64_t id = 0, datasetId = 0;
    std::string status, error, config; // config: JSON
};

// nullopt when the project has no job of that name.
Result<std::optional<StoredGenerationJob>> storedGenerationJob(Project &project,
                                                               const std::string &name);
std::vector<std::string> generationJobNames(Project &project); // in the order they were made
// A queued job; the error names a taken name.
Result<int64_t> insertGenerationJob(Project &project, const std::string &name, int64_t datasetId,
                                    const std::string &config);
Result<void> updateGenerationJobStatus(Project &project, int64_t id, const std::string &status,
                                       const std::string &error);
// False when there was no such job.
Result<bool> deleteGenerationJob(Project &project, const std::string &name);

} // namespace synset
