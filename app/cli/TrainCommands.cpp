// train, eval and experiment: classifier runs from the command line.
#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"
#include "TrainOptions.h"

#include "cluster/Launch.h"
#include "common/FileUtil.h"
#include "curation/Curation.h"
#include "experiment/Experiment.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "training/TrainingRun.h"

#include "common/Json.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

std::vector<std::string> splitList(const std::string &s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

std::string pct(double v, int decimals = 1)
{
    if (v < 0 || std::isnan(v))
        return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v * 100;
    return s.str();
}

// Runs (or resumes) a run with a progress bar and a line per epoch; returns the final record.
Result<RunInfo> trainWithProgress(Project &project, const std::string &name, bool resume,
                                  CancelToken &cancel, bool quiet = false,
                                  const DistributedOptions &distributed = {})
{
    TerminalProgress bar;
    RunCallbacks cb;
    Result<RunInfo> info = findRun(project, name);
    const int epochs = info ? info->config.train.epochs : 0;
    cb.progress = [&](double f, std::string_view message) {
        if (!quiet)
            bar.update(f, std::string(message));
    };
    cb.epoch = [&](const ClassifierEpoch &e) {
        if (quiet)
            return;
        bar.finish();
        std::cout << name << "  epoch " << e.epoch << "/" << epochs << "  loss " << std::fixed
                  << std::setprecision(3) << e.trainLoss << "  train " << pct(e.trainAccuracy)
                  << "%";
        if (e.evaluated)
            std::cout << "  test " << pct(e.test.top1, 2) << "% (top-5 " << pct(e.test.top5, 2)
                      << "%)";
        std::cout << "  " << std::setprecision(0) << e.imagesPerSecond << " img/s, data wait "
                  << pct(e.dataWaitShare, 0) << "%" << std::endl;
    };
    Result<RunInfo> result = executeRun(project, name, resume, cb, &cancel, distributed);
    bar.finish();
    return result;
}

// --distributed gloo|nccl [--sync-batchnorm --distributed-timeout S]: the rank and world from
// torchrun's or Slurm's environment; without --distributed, one process.
Result<DistributedOptions> distributedOptions(const Args &args)
{
    if (!args.value("distributed"))
        return DistributedOptions{};
    const std::string backend = *args.value("distributed");
    if (backend != "gloo" && backend != "nccl")
        return makeError("train: --distributed is gloo or nccl, not " + backend);
    Result<DistributedOptions> d = distributedFromEnvironment(backend);
    if (!d)
        return makeError("train --distributed: " + d.error());
    d->syncBatchNorm = args.flag("sync-batchnorm");
    try {
        d->timeoutSeconds = args.integer("distributed-timeout", 600, 1);
    } catch (const OptionError &e) {
        return makeError(e.what());
    }
    return d;
}

void printRun(const RunInfo &r)
{
    std::cout << "run " << r.name << ": " << r.status << ", " << r.epochsDone << "/"
              << r.config.train.epochs << " epochs, " << r.config.train.model << " on "
              << r.config.describeData() << " (" << r.realImages << " real + " << r.syntheticImages
              << " synthetic images), top-1 " << pct(r.top1, 2) << (r.top1 < 0 ? "" : "%")
              << ", top-5 " << pct(r.top5, 2) << (r.top5 < 0 ? "" : "%") << ", " << std::fixed
              << std::setprecision(0) << r.wallSeconds << " s\n";
    if (!r.error.empty())
        std::cout << "  " << r.error << '\n';
}

} // namespace

const std::set<std::string> kTrainOptions = {"project",
                                             "name",
                                             "model",
                                             "real-fraction",
                                             "synthetic",
                                             "synthetic-datasets",
                                             "synthetic-ratio",
                                             "synthetic-per-class",
                                             "epochs",
                                             "batch",
                                             "lr",
                                             "seed",
                                             "optimizer",
                                             "width",
                                             "augment",
                                             "label-smoothing",
                                             "warmup",
                                             "weight-decay",
                                             "device",
                                             "image-size",
                                             "decode-threads",
                                             "checkpoint-steps",
                                             "resume",
                                             "delete",
                                             "distributed",
                                             "distributed-timeout"};

Result<RunConfig> runConfigFromArgs(const Args &args)
{
    RunConfig c;
    ClassifierTrainOptions &t = c.train;
    try {
        t.model = args.value("model", "cnn");
        t.width = args.integer("width", 0);
        t.epochs = args.integer("epochs", 10);
        t.batchSize = args.integer("batch", 128);
        t.learningRate = args.real("lr", 0);
        t.seed = args.seed("seed", 0);
        t.optimizer = args.value("optimizer", "sgd");
        t.augmentation = args.value("augment", "light");
        t.labelSmoothing = args.real("label-smoothing", 0.1);
        t.warmupEpochs = args.real("warmup", 1);
        t.weightDecay = args.real("weight-decay", -1);
        t.device = args.value("device", "auto");
        t.decodeThreads = args.integer("decode-threads", 0);
        t.checkpointSteps = args.integer("checkpoint-steps", 0);
        c.imageSize = args.integer("image-size", 0);
        c.realFraction = args.real("real-fraction", 1);
        c.synthetic = args.value("synthetic", "none");
        c.syntheticDatasets = splitList(args.value("synthetic-datasets", ""));
        c.syntheticRatio = args.real("synthetic-ratio", 0);
        c.syntheticPerClass = args.integer("synthetic-per-class", 0);
    } catch (const OptionError &e) {
        return makeError(e.what());
    }
    if (Result<void> ok = c.check(); !ok)
        return makeError(ok.error());
    return c;
}

// train --project P --name NAME --model cnn|resnet18|resnet50 --real-fraction F
//       --synthetic none|all|accepted [...]; train --project P --resume NAME
int runTrain(const std::vector<std::string> &argv)
{
    Args args(argv, kTrainOptions, {"list", "sync-batchnorm"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty())
        return fail("usage: train --project P --name NAME --model cnn|resnet18|resnet50 "
                    "--real-fraction F --synthetic none|all|accepted [--epochs N --batch B --lr L "
                    "--seed S --image-size 224 --decode-threads T --checkpoint-steps N] "
                    "[--distributed gloo|nccl --sync-batchnorm --distributed-timeout S] | "
                    "train --project P --resume NAME [--distributed ...] | "
                    "train --project P --list",
                    2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    if (args.flag("list")) {
        for (const RunInfo &r : listRuns(project))
            printRun(r);
        return 0;
    }
    if (args.value("delete")) {
        if (Result<void> r = deleteRun(project, *args.value("delete")); !r)
            return fail(r.error());
        std::cout << "deleted run " << *args.value("delete") << '\n';
        return 0;
    }
    Result<DistributedOptions> distributed = distributedOptions(args);
    if (!distributed)
        return fail(distributed.error(), 2);
    const bool leader = distributed->leader();
    std::string name;
    bool resume = false;
    if (args.value("resume")) {
        name = *args.value("resume");
        resume = true;
        Result<RunInfo> run = findRun(project, name);
        if (!run)
            return fail(run.error());
        std::cerr << "resuming run " << name << " after epoch " << run->epochsDone << " of "
                  << run->config.train.epochs << '\n';
    } else {
        if (!args.value("name"))
            return fail("train: --name NAME is needed for a new run", 2);
        name = *args.value("name");
        Result<RunConfig> config = runConfigFromArgs(args);
        if (!config)
            return fail(config.error(), 2);
        // Rank 0 makes the run; the other ranks wait for it.
        if (leader) {
            if (Result<int64_t> id = createRun(project, name, *config); !id)
                return fail(id.error());
            std::cerr << "run " << name << ": " << config->train.model << " on "
                      << config->describeData() << ", " << config->train.epochs << " epochs\n";
        }
    }
    if (distributed->enabled())
        std::cerr << "rank " << distributed->rank << " of a world of " << distributed->worldSize
                  << " (" << distributed->backend << ", meeting at " << distributed->masterAddr
                  << ":" << distributed->masterPort << ")\n";
    CancelToken cancel;
    installInterruptHandler(&cancel);
    Result<RunInfo> result =
        trainWithProgress(project, name, resume, cancel, !leader, *distributed);
    if (!result)
        return fail(result.error());
    if (!leader)
        return 0;
    printRun(*result);
    if (result->status == "cancelled") {
        std::cout << "resume with: synset-cli train --project " << *args.value("project")
                  << " --resume " << name << '\n';
        return 130;
    }
    return 0;
}

// eval --project P --run NAME [--json]
int runEval(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "run"}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("run"))
        return fail("usage: eval --project P --run NAME [--json]", 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    CancelToken cancel;
    installInterruptHandler(&cancel);
    Result<ClassifierEvaluation> ev = evaluateRun(project, *args.value("run"), {}, &cancel);
    if (!ev)
        return fail(ev.error());
    const auto &classes = project.classes();
    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["run"] = *args.value("run");
        j["images"] = ev->predicted.size();
        j["top1"] = ev->top1;
        j["top5"] = ev->top5;
        nlohmann::ordered_json perClass = nlohmann::ordered_json::object();
        for (size_t c = 0; c < classes.size(); ++c)
            perClass[classes[c].wnid] = std::isnan(ev->perClass[c])
                                            ? nlohmann::ordered_json()
                                            : nlohmann::ordered_json(ev->perClass[c]);
        j["per_class"] = perClass;
        nlohmann::ordered_json names = nlohmann::ordered_json::object();
        for (const ProjectClass &c : classes)
            names[c.wnid] = c.name;
        j["class_names"] = names;
        nlohmann::ordered_json confusion = nlohmann::ordered_json::array();
        for (size_t r = 0; r < classes.size(); ++r) {
            nlohmann::ordered_json row = nlohmann::ordered_json::array();
            for (size_t c = 0; c < classes.size(); ++c)
                row.push_back(ev->confusion[r * classes.size() + c]);
            confusion.push_back(row);
        }
        j["confusion"] = confusion;
        std::cout << dumpJson(j, 2) << '\n';
        return 0;
    }
    std::cout << "run " << *args.value("run") << " on " << ev->predicted.size()
              << " real test images: top-1 " << pct(ev->top1, 2) << "%, top-5 " << pct(ev->top5, 2)
              << "%\n";
    std::vector<size_t> order(classes.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return ev->perClass[a] < ev->perClass[b]; });
    for (size_t c : order)
        std::cout << "  " << classes[c].wnid << "  " << std::setw(6) << pct(ev->perClass[c])
                  << "%  " << classes[c].name << '\n';
    return 0;
}

namespace {

// The experiment's options from the command line; defaults as ExperimentOptions has them.
Result<ExperimentOptions> experimentOptions(const Args &args)
{
    ExperimentOptions o;
    try {
        o.perClass = args.integer("per-class", o.perClass);
        o.filterPerClass = args.integer("filter-per-class", o.perClass / 2);
        o.sweepPerClass = args.integer("sweep-per-class", o.sweepPerClass);
        o.sampleSteps = args.integer("sample-steps", o.sampleSteps);
        if (args.value("guidance")) {
            o.guidance = realOption("guidance", *args.value("guidance"));
            if (*o.guidance < 0)
                return makeError("--guidance must be 0 or more");
        }
        if (args.value("eta"))
            o.eta = realOption("eta", *args.value("eta"));
        o.budget = args.integer64("budget", o.budget);
        o.seed = args.seed("seed", 0);
        o.width = args.integer("width", 0);
        o.batch = args.integer("batch", o.batch);
        o.sweep = args.reals("sweep", "0,1,2,3,5,8");
        o.fractions = args.reals("fractions", "0.01,0.1,1");
    } catch (const OptionError &e) {
        return makeError(e.what());
    }
    o.model = args.value("model", o.model);
    o.augment = args.value("augment", o.augment);
    o.device = args.value("device", o.device);
    o.sampler = args.value("sampler", o.sampler);
    o.generator = args.value("generator", defaultGeneratorPath().string());
    o.dataPrefix = args.value("data-prefix", "");
    o.filterRule = args.value("filter-rule", o.filterRule);
    o.filterBy = args.value("filter-by", o.filterBy);
    return o;
}

} // namespace

// experiment --project P: the papers' comparison at this project's scale. The plan is stored in
// the project under --prefix; the same command again resumes it.
int runExperiment(const std::vector<std::string> &argv)
{
    Args args(argv, {"project",   "model",      "width",     "per-class",   "sweep-per-class",
                     "guidance",  "sweep",      "fractions", "budget",      "sample-steps",
                     "sampler",   "eta",        "seed",      "prefix",      "batch",
                     "augment",   "generator",  "device",    "data-prefix", "filter-per-class",
                     "filter-by", "filter-rule"},
              {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project"))
        return fail("usage: experiment --project P [--model cnn --per-class N --guidance W "
                    "--sweep 0,1,2,3,5,8 --fractions 0.01,0.1,1 --budget IMAGES]",
                    2);
    Result<ExperimentOptions> options = experimentOptions(args);
    if (!options)
        return fail(options.error(), 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    Result<std::unique_ptr<Generator>> generator =
        Generator::open(options->generator, options->device);
    if (!generator)
        return fail(generator.error());
    const std::string name = args.value("prefix", "exp");
    Result<ExperimentPlan> plan = planExperiment(name, *options, (*generator)->description());
    if (!plan)
        return fail(plan.error(), 2);
    if (!(plan = saveExperiment(project, *plan)))
        return fail(plan.error());

    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    ExperimentCallbacks callbacks;
    callbacks.note = [&](const std::string &line) {
        bar.finish();
        std::cerr << line << '\n';
    };
    callbacks.progress = [&](size_t step, double f, std::string_view message) {
        if (plan->steps[step].kind == ExperimentStepKind::Generate)
            bar.update(f, std::string(message));
    };
    Result<ExperimentRun> ran = runExperiment(project, name, **generator, callbacks, &cancel);
    bar.finish();
    if (!ran)
        return fail(ran.error());
    if (!ran->finished)
        return fail(ran->interrupted + "; run the same command again to go on", 130);

    const ExperimentTables tables = experimentTables(project, *plan);
    Result<std::filesystem::path> written = writeExperimentTables(project, *plan, tables);
    if (!written)
        return fail(written.error());
    std::filesystem::path csv = *written;
    csv.replace_extension(".csv");
    std::cout << tables.markdown << "\nwritten to " << written->string() << " and " << csv.string()
              << '\n';
    return 0;
}

} // namespace synset::cli
