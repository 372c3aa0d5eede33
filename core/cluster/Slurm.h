// Slurm, as this project drives it: sbatch scripts for a generation plan (a job array whose tasks
// are requeued on the warning signal before their time limit, then a merge job that waits for
// them) and for a data-parallel training run over several nodes; Slurm's host lists; and the
// submission itself. Slurm schedules; nothing here schedules anything.
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

struct FrozenPlan;

namespace slurm {

struct JobOptions
{
    std::string partition, account, time, gres, mem, qos; // empty: the cluster's default
    int cpusPerTask = 0;                                  // 0: the default
    int maxParallel = 64;      // array tasks running at once (--array=...%N)
    int maxArraySize = 1001;   // the cluster's MaxArraySize: larger plans are cut into arrays
    std::filesystem::path cli; // the synset-cli the tasks run (an absolute path)
};

// Refuses option values that would not stay one sbatch argument (spaces, quotes, newlines...).
Result<void> checkJobOptions(const JobOptions &options);

struct PlanScripts
{
    std::filesystem::path folder;       // P/shards/NAME/slurm
    std::filesystem::path arrayScript;  // generate.sbatch OFFSET: task i makes shard OFFSET + i
    std::filesystem::path mergeScript;  // merge.sbatch
    std::filesystem::path submitScript; // submit.sh: the arrays, then the merge (afterok)
    std::vector<std::string> arrays;    // each array's --array list, with its offset
    int tasks = 0;
};
// Writes the plan's scripts for these shards (empty: all of them), each array at most
// maxArraySize tasks.
Result<PlanScripts> writePlanScripts(const std::filesystem::path &projectDir,
                                     const FrozenPlan &plan, const JobOptions &options,
                                     const std::vector<int> &shards = {});

// P/runs/NAME/train.sbatch: srun starts nodes x gpusPerNode ranks of
// "synset-cli train --project P --resume NAME --distributed BACKEND", requeued on the warning
// signal; the rendezvous port comes from the job id.
Result<std::filesystem::path> writeTrainScript(const std::filesystem::path &projectDir,
                                               const std::string &runName, int nodes,
                                               int gpusPerNode, const std::string &backend,
                                               const JobOptions &options);

// "gpu[01-03,7],login1" -> gpu01 gpu02 gpu03 gpu7 login1 (Slurm's host list syntax, with
// zero-padded ranges); an empty list gives none.
std::vector<std::string> expandHostList(std::string_view list);

// Runs argv[0] (found on PATH) with its arguments and returns what it printed on standard
// output; an error with its standard error when it fails to start or exits non-zero.
Result<std::string> runProgram(const std::vector<std::string> &argv);

} // namespace slurm
} // namespace synset
