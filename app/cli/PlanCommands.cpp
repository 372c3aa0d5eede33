// plan create | run | status | merge | list: generation plans sharded over a cluster.
#include "CliArgs.h"
#include "Commands.h"
#include "GenerateOptions.h"
#include "TerminalProgress.h"

#include "common/Json.h"
#include "generation/GenerationPlan.h"
#include "generation/Generator.h"
#include "project/Project.h"

#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

// A shard stopped between batches (SIGTERM, SIGUSR1, Ctrl+C): sysexits' EX_TEMPFAIL, which the
// Slurm script answers by requeueing the task.
constexpr int kStoppedExit = 75;

const char *kPlanUsage =
    "usage: plan create --project P --name NAME --classes all|WNID... --per-class N --shards S "
    "[--guidance W --steps N --sampler S --eta E --seed S --batch B --model FILE|SD-FOLDER "
    "--negative TEXT --width W --height H --karras --convert]\n"
    "       plan run --project P --name NAME [--shard K | --array-offset N] [--device cpu|cuda]\n"
    "       plan status --project P --name NAME [--json]\n"
    "       plan merge --project P --name NAME\n"
    "       plan list --project P";

std::string describePlan(const FrozenPlan &p)
{
    std::ostringstream out;
    out << "plan " << p.name << ": " << p.images << " images (" << p.config.wnids.size()
        << " classes x " << p.config.perClass << ") in " << p.shards
        << " shards (image id % shards), batches of up to " << p.config.batchSize << "; "
        << p.config.sampler << " " << p.config.steps << " steps, guidance " << p.config.guidance
        << ", model " << p.config.modelHash << " (" << p.config.model.string() << ")";
    return out.str();
}

int planCreate(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "name", "classes", "per-class", "shards", "guidance", "steps", "sampler",
               "seed", "model", "batch", "eta", "negative", "width", "height"},
              {"karras", "convert"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name") || !args.value("shards"))
        return fail(kPlanUsage, 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    const std::filesystem::path modelPath = args.value("model", defaultGeneratorPath().string());
    Result<GeneratorDescription> info = describeGenerator(modelPath);
    if (!info)
        return fail(info.error());
    Result<GenerationConfig> config =
        generationConfigFromArgs(args, project, *info, modelPath, "plan create");
    if (!config)
        return fail(config.error(), 2);
    int shards = 0;
    try {
        shards = args.integer("shards", 1, 1, 1000000);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    TerminalProgress bar;
    Result<GenerationPlanInfo> plan =
        createGenerationPlan(project, *args.value("name"), *config, shards,
                             [&](double f, std::string_view m) { bar.update(f, std::string(m)); });
    bar.finish();
    if (!plan)
        return fail(plan.error());
    std::cout << describePlan(plan->frozen) << "\nfiles: " << plan->frozen.directory.string()
              << "\nmake a shard: synset-cli plan run --project " << *args.value("project")
              << " --name " << plan->frozen.name << " --shard K  (K from 0 to " << shards - 1
              << "; on Slurm: synset-cli slurm plan --project " << *args.value("project")
              << " --name " << plan->frozen.name << ")\n";
    return 0;
}

// Reads only P/shards/NAME: the project's database stays untouched on the compute nodes.
int planRun(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "name", "shard", "array-offset", "device"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name"))
        return fail(kPlanUsage, 2);
    Result<FrozenPlan> plan =
        readFrozenPlan(planDirectory(*args.value("project"), *args.value("name")));
    if (!plan)
        return fail(plan.error());
    int shard = -1;
    try {
        if (args.value("shard")) {
            shard = args.integer("shard", 0, 0, plan->shards - 1);
        } else {
            Result<int> fromSlurm = shardFromEnvironment(args.integer("array-offset", 0, 0));
            if (!fromSlurm)
                return fail(fromSlurm.error(), 2);
            shard = *fromSlurm;
        }
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    CancelToken stop;
    installInterruptHandler(&stop, true);
    Result<std::unique_ptr<Generator>> generator =
        Generator::open(plan->config.model, args.value("device", "auto"));
    if (!generator)
        return fail(generator.error());
    std::cerr << "shard " << shard << " of " << plan->shards << ", plan " << plan->name << " on "
              << (*generator)->description().device << '\n';
    TerminalProgress bar;
    Result<ShardReport> report = runPlanShard(
        *plan, shard, **generator,
        [&](const ShardProgress &p) {
            std::ostringstream msg;
            msg << p.done << "/" << p.total << "  " << p.wnid << "  " << std::fixed;
            msg.precision(2);
            msg << p.imagesPerSecond << " img/s";
            bar.update((double(p.done) + p.inFlight) / double(std::max<int64_t>(1, p.total)),
                       msg.str());
        },
        &stop);
    bar.finish();
    if (!report)
        return fail(report.error());
    std::cout << "shard " << shard << ": " << report->made << " images made, " << report->skipped
              << " made before, " << report->images << " in the shard";
    if (!report->finished) {
        std::cout << "; stopped between batches, run it again to finish\n";
        return kStoppedExit;
    }
    std::cout << "; done (" << shardDirectory(plan->directory, shard).string()
              << "/manifest.json)\n";
    return 0;
}

int planStatus(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "name"}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name"))
        return fail(kPlanUsage, 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Result<GenerationPlanInfo> plan = generationPlan(**opened, *args.value("name"));
    if (!plan)
        return fail(plan.error());
    const std::vector<ShardStatus> status = planShardStatus(plan->frozen, plan->mergedShards);
    std::vector<int> done, partial, missing, resubmit;
    for (const ShardStatus &s : status) {
        (s.state == ShardState::Done      ? done
         : s.state == ShardState::Partial ? partial
                                          : missing)
            .push_back(s.shard);
        if (s.state != ShardState::Done && !s.running)
            resubmit.push_back(s.shard);
    }
    if (args.flag("json")) {
        Json j;
        j["plan"] = plan->frozen.name;
        j["shards"] = plan->frozen.shards;
        j["done"] = done;
        j["partial"] = partial;
        j["missing"] = missing;
        j["merged"] = plan->mergedShards;
        j["resubmit"] = arrayRanges(resubmit);
        std::cout << dumpJson(j, 2) << '\n';
        return 0;
    }
    std::cout << describePlan(plan->frozen) << '\n';
    for (const ShardStatus &s : status)
        if (s.state != ShardState::Missing)
            std::cout << "shard " << s.shard << '\t' << shardStateName(s.state) << '\t' << s.images
                      << " images" << (s.running ? "\trunning" : "") << (s.merged ? "\tmerged" : "")
                      << '\n';
    std::cout << done.size() << " done, " << partial.size() << " partial, " << missing.size()
              << " missing, " << plan->mergedShards.size() << " merged\n";
    if (!resubmit.empty())
        std::cout << "to make the rest: --array=" << arrayRanges(resubmit) << '\n';
    return 0;
}

int planMerge(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "name"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("name"))
        return fail(kPlanUsage, 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    Result<PlanMergeReport> report = mergeGenerationPlan(
        **opened, *args.value("name"),
        [&](double f, std::string_view m) { bar.update(f, std::string(m)); }, &cancel);
    bar.finish();
    if (!report)
        return fail(report.error(), cancel.isCancelled() ? 130 : 1);
    std::cout << "merged " << report->merged.size() << " shards (" << report->images << " images); "
              << report->alreadyMerged.size() << " merged before, " << report->notDone.size()
              << " not done yet";
    if (!report->notDone.empty())
        std::cout << " (--array=" << arrayRanges(report->notDone) << ")";
    std::cout << '\n';
    for (const std::string &problem : report->problems)
        std::cerr << "synset-cli: " << problem << '\n';
    return report->problems.empty() ? 0 : 1;
}

int planList(const std::vector<std::string> &argv)
{
    Args args(argv, {"project"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project"))
        return fail(kPlanUsage, 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    for (const GenerationPlanInfo &p : generationPlans(**opened))
        std::cout << p.frozen.name << '\t' << p.frozen.images << " images\t" << p.frozen.shards
                  << " shards\t" << p.mergedShards.size() << " merged\n";
    return 0;
}

} // namespace

int runPlan(const std::vector<std::string> &args)
{
    const std::string sub = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (sub == "create")
        return planCreate(rest);
    if (sub == "run")
        return planRun(rest);
    if (sub == "status")
        return planStatus(rest);
    if (sub == "merge")
        return planMerge(rest);
    if (sub == "list")
        return planList(rest);
    return fail(kPlanUsage, 2);
}

} // namespace synset::cli
