// slurm plan | train: sbatch scripts for a generation plan and for a multi-node training run,
// submitted when asked.
#include "CliArgs.h"
#include "Commands.h"
#include "TrainOptions.h"

#include "cluster/Slurm.h"
#include "generation/GenerationPlan.h"
#include "project/Project.h"
#include "training/TrainingRun.h"

#include <unistd.h>

#include <iostream>

namespace synset::cli {

namespace {

const char *kSlurmUsage =
    "usage: slurm plan --project P --name NAME [--partition X --account A --qos Q --time T "
    "--gres gpu:1 --mem M --cpus-per-task N --max-parallel 64 --max-array-size 1001 --cli PATH] "
    "[--only-missing] [--submit]\n"
    "       slurm train --project P --name NAME --nodes K --gpus-per-node G [--backend "
    "nccl|gloo] [the slurm plan placement options] [the train options of a new run] [--submit]";

const std::set<std::string> kJobOptions = {
    "partition", "account",       "qos",          "time",           "gres",
    "mem",       "cpus-per-task", "max-parallel", "max-array-size", "cli"};

// This synset-cli, for the tasks to run: the cluster sees the same file system.
std::filesystem::path thisProgram()
{
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return {};
    exe[n] = 0;
    return exe;
}

Result<slurm::JobOptions> jobOptions(const Args &args)
{
    slurm::JobOptions o;
    o.partition = args.value("partition", "");
    o.account = args.value("account", "");
    o.qos = args.value("qos", "");
    o.time = args.value("time", "");
    o.gres = args.value("gres", "");
    o.mem = args.value("mem", "");
    try {
        o.cpusPerTask = args.integer("cpus-per-task", 0, 0);
        o.maxParallel = args.integer("max-parallel", 64, 0);
        o.maxArraySize = args.integer("max-array-size", 1001, 1);
    } catch (const OptionError &e) {
        return makeError(e.what());
    }
    o.cli = std::filesystem::absolute(args.value("cli", thisProgram().string()));
    if (Result<void> r = slurm::checkJobOptions(o); !r)
        return makeError(r.error());
    return o;
}

int slurmPlan(const std::vector<std::string> &argv)
{
    std::set<std::string> options = kJobOptions;
    options.insert({"project", "name"});
    Args args(argv, options, {"submit", "only-missing"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name"))
        return fail(kSlurmUsage, 2);
    Result<slurm::JobOptions> job = jobOptions(args);
    if (!job)
        return fail(job.error(), 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Result<GenerationPlanInfo> plan = generationPlan(**opened, *args.value("name"));
    if (!plan)
        return fail(plan.error());
    std::vector<int> shards;
    if (args.flag("only-missing")) {
        for (const ShardStatus &s : planShardStatus(plan->frozen, plan->mergedShards))
            if (s.state != ShardState::Done && !s.running)
                shards.push_back(s.shard);
        if (shards.empty()) {
            std::cout << "every shard of plan " << plan->frozen.name
                      << " is done or running; nothing to submit\n";
            return 0;
        }
    }
    Result<slurm::PlanScripts> scripts =
        slurm::writePlanScripts((*opened)->directory(), plan->frozen, *job, shards);
    if (!scripts)
        return fail(scripts.error());
    std::cout << "wrote " << scripts->arrayScript.string() << " (" << scripts->tasks << " tasks in "
              << scripts->arrays.size() << " array(s):";
    for (const std::string &a : scripts->arrays)
        std::cout << " " << a;
    std::cout << "), " << scripts->mergeScript.string() << " and " << scripts->submitScript.string()
              << '\n';
    if (!args.flag("submit")) {
        std::cout << "submit with: sh " << scripts->submitScript.string() << '\n';
        return 0;
    }
    Result<std::string> submitted = slurm::runProgram({"sh", scripts->submitScript.string()});
    if (!submitted)
        return fail(submitted.error());
    std::cout << *submitted;
    return 0;
}

int slurmTrain(const std::vector<std::string> &argv)
{
    std::set<std::string> options = kJobOptions;
    options.insert(kTrainOptions.begin(), kTrainOptions.end());
    options.insert({"nodes", "gpus-per-node", "backend"});
    Args args(argv, options, {"submit"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name") || !args.value("nodes"))
        return fail(kSlurmUsage, 2);
    Result<slurm::JobOptions> job = jobOptions(args);
    if (!job)
        return fail(job.error(), 2);
    int nodes = 1, gpus = 0;
    try {
        nodes = args.integer("nodes", 1, 1);
        gpus = args.integer("gpus-per-node", 0, 0);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    const std::string backend = args.value("backend", gpus > 0 ? "nccl" : "gloo");
    if (backend != "nccl" && backend != "gloo")
        return fail("slurm train: --backend is nccl or gloo, not " + backend, 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    const std::string name = *args.value("name");
    // The run is made here, once; every rank of every (re)start resumes it.
    if (!findRun(project, name)) {
        Result<RunConfig> config = runConfigFromArgs(args);
        if (!config)
            return fail(config.error(), 2);
        if (Result<int64_t> id = createRun(project, name, *config); !id)
            return fail(id.error());
    }
    Result<std::filesystem::path> script =
        slurm::writeTrainScript(project.directory(), name, nodes, gpus, backend, *job);
    if (!script)
        return fail(script.error());
    std::cout << "wrote " << script->string() << " (" << nodes << " node(s) x " << std::max(1, gpus)
              << " rank(s), " << backend << ")\n";
    if (!args.flag("submit")) {
        std::cout << "submit with: sbatch " << script->string() << '\n';
        return 0;
    }
    Result<std::string> submitted = slurm::runProgram({"sbatch", "--parsable", script->string()});
    if (!submitted)
        return fail(submitted.error());
    std::cout << "job " << submitted->substr(0, submitted->find_first_of(";\n")) << '\n';
    return 0;
}

} // namespace

int runSlurm(const std::vector<std::string> &args)
{
    const std::string sub = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (sub == "plan")
        return slurmPlan(rest);
    if (sub == "train")
        return slurmTrain(rest);
    return fail(kSlurmUsage, 2);
}

} // namespace synset::cli
