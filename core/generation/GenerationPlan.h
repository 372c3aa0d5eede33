// Generation plans for clusters. A plan freezes a generation in the project and, for the hosts
// that make it, in files under P/shards/NAME/ (plan.json and images.tsv): the (class, index)
// grid, every image's seed and expanded prompt, the model (path and hash) and the sampler
// settings. Image id = class position x images per class + index; shard k of S makes the images
// whose id % S == k, so any set of finished shards is balanced across classes. A shard makes its
// images in units, batches of the plan's batch size in id order. An image's pixels come from its
// seed and prompt alone (whatever the batch, up to float rounding), and the same plan always
// forms the same batches, so its shards give the same bytes on any host, in any order.
//
// Shards read only P/shards/NAME and write only into P/shards/NAME/K/ (never the project's
// database: several hosts must not write one SQLite file, and WAL does not work over network
// file systems); the host that holds the project merges the finished shards into it.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "data/ImageKind.h"
#include "generation/GeneratedImage.h"
#include "generation/GenerationJob.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Generator;
class Project;

// P/shards/NAME, and shard k's folder in it.
std::filesystem::path planDirectory(const std::filesystem::path &projectDir,
                                    const std::string &name);
std::filesystem::path shardDirectory(const std::filesystem::path &planDir, int shard);

// ---- The frozen plan, as the hosts read it (no project database) ------------------------------

struct FrozenPlan
{
    std::string name, project, createdAt;
    GenerationConfig config; // templates expanded already: the prompts are in images.tsv
    int shards = 1;
    int64_t units = 0, images = 0; // units: batches over every shard
    ImageKind made;                // the size and channels the generator is asked for
    std::optional<ImageKind> convertTo;
    bool textPrompts = false;        // a Stable Diffusion model
    std::vector<int> classIndices;   // the model's index of each class (class models)
    std::string modelFile;           // the model's file name, as the provenance names it
    std::filesystem::path directory; // P/shards/NAME
    int shardOf(int64_t imageId) const { return int(imageId % shards); }
    int64_t imagesOf(int shard) const { return (images - shard + shards - 1) / shards; }
    int64_t unitsOf(int shard) const
    {
        return (imagesOf(shard) + config.batchSize - 1) / config.batchSize;
    }
    // The parameters and provenance context of this plan's images (the description stands for
    // the model: its hash, kind and file name).
    GeneratorDescription modelDescription() const;
};

// plan.json of a plan folder; an error names the file and what is wrong.
Result<FrozenPlan> readFrozenPlan(const std::filesystem::path &planDir);

struct PlanUnit
{
    int64_t id = 0;                  // within its shard
    std::vector<ImageRecipe> images; // in id order
    std::vector<int> classPositions; // each image's class, in config.wnids
};
// The units of one shard, in order, with their images' recipes from images.tsv.
Result<std::vector<PlanUnit>> shardUnits(const FrozenPlan &plan, int shard);

// ---- Plans in the project -------------------------------------------------------------------

struct GenerationPlanInfo
{
    int64_t id = 0, datasetId = 0;
    FrozenPlan frozen;
    std::vector<int> mergedShards; // ascending
};

// Freezes a plan of config cut into `shards` shards: the prompts are expanded, the files written
// under P/shards/NAME, then the plan recorded in the project (dataset gen-NAME). A name already
// used by a job or a plan, or a folder that already holds shard output, is refused.
Result<GenerationPlanInfo> createGenerationPlan(Project &project, const std::string &name,
                                                GenerationConfig config, int shards,
                                                const ProgressFn &progress = {},
                                                const CancelToken *cancel = nullptr);
Result<GenerationPlanInfo> generationPlan(Project &project, const std::string &name);
std::vector<GenerationPlanInfo> generationPlans(Project &project);

// ---- Shards ---------------------------------------------------------------------------------

enum class ShardState
{
    Missing, // nothing made yet
    Partial, // some units made (or running now)
    Done     // its manifest is written
};
std::string shardStateName(ShardState state); // missing | partial | done

struct ShardStatus
{
    int shard = 0;
    ShardState state = ShardState::Missing;
    int64_t unitsDone = 0, images = 0; // images: of the units done
    bool running = false;              // a live process holds the shard's lock
    bool merged = false;
};
// Each shard's state, from the files (merged: the shards the project has merged).
std::vector<ShardStatus> planShardStatus(const FrozenPlan &plan,
                                         const std::vector<int> &merged = {});

// Shard numbers as a Slurm --array list: "0-3,7,9-10".
std::string arrayRanges(std::vector<int> shards);
// The shard a Slurm array task makes: SLURM_ARRAY_TASK_ID + arrayOffset. The shard count is
// the plan's, never SLURM_ARRAY_TASK_COUNT (resubmitting a few failed tasks changes it).
Result<int> shardFromEnvironment(int arrayOffset);

struct ShardProgress
{
    int64_t done = 0, total = 0; // images of the shard
    double imagesPerSecond = 0;  // over the images made in this run
    std::string wnid;
    double inFlight = 0; // images of the batch under way, counted by sampler steps
};
struct ShardReport
{
    int shard = 0;
    int64_t made = 0, skipped = 0, images = 0; // made now, done before, in the shard
    bool finished = false;                     // false: stopped between batches, to be run again
    double seconds = 0;
};

// Makes the shard's units that are not made yet, each as one batch: its PNGs, then its record
// (units/U.json), written atomically; the shard's manifest.json last, atomically, once every
// unit is there. stop (SIGTERM, SIGUSR1 before a time limit): the batch under way is finished and
// written first. The generator must be the plan's model (its hash is checked).
Result<ShardReport> runPlanShard(const FrozenPlan &plan, int shard, Generator &generator,
                                 const std::function<void(const ShardProgress &)> &progress = {},
                                 const CancelToken *stop = nullptr);

// ---- Merge ----------------------------------------------------------------------------------

struct PlanMergeReport
{
    std::vector<int> merged, alreadyMerged, notDone, failed; // shards
    std::vector<std::string> problems; // one a failed shard, naming the file at fault
    int64_t images = 0;                // rows added now
};
// Folds each finished shard that is not merged yet into the project, one transaction a shard:
// every PNG must decode and carry the parameters the plan gives it (a shard with a file that
// does not is left unmerged, the file named in problems, and the others go on), the files are
// hard-linked (else copied) into data/synthetic/NAME/, and the rows are added. Merging again adds
// nothing. The result is what the same plan gives unsharded: the same PNG bytes and the same rows
// apart from ids and times.
Result<PlanMergeReport> mergeGenerationPlan(Project &project, const std::string &name,
                                            const ProgressFn &progress = {},
                                            const CancelToken *cancel = nullptr);

} // namespace synset
