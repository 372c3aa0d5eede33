// The generation_plans and generation_plan_merges tables' owner: a plan's name, dataset,
// settings (JSON), shard count and size, and which of its shards are merged into the project.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Database;
class Project;

struct StoredPlan
{
    int64_t id = 0, datasetId = 0;
    std::string name, config, createdAt; // config: JSON
    int shards = 1;
    int64_t units = 0, images = 0;
};

// nullopt when the project has no plan of that name.
Result<std::optional<StoredPlan>> storedPlan(Project &project, const std::string &name);
std::vector<std::string> planNames(Project &project); // in the order they were made
// The error names a taken name.
Result<int64_t> insertPlan(Project &project, const StoredPlan &plan);
// The merged shards of a plan, ascending.
std::vector<int> mergedShards(Project &project, int64_t planId);
// Inside the caller's transaction, with the shard's image rows: the shard is merged.
Result<void> recordShardMerged(Database &db, int64_t planId, int shard, int64_t images);

} // namespace synset
