// train, eval and experiment: classifier runs from the command line.
#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "common/FileUtil.h"
#include "curation/Curation.h"
#include "diffusion/DiffusionModel.h"
#include "generation/GenerationJob.h"
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
                                             "resume",
                                             "delete"};

Result<RunConfig> configFromArgs(const Args &args)
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

// Runs (or resumes) a run with a progress bar and a line per epoch; returns the final record.
Result<RunInfo> trainWithProgress(Project &project, const std::string &name, bool resume,
                                  CancelToken &cancel, bool quiet = false)
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
    Result<RunInfo> result = executeRun(project, name, resume, cb, &cancel);
    bar.finish();
    return result;
}

void printRun(const RunInfo &r)
{
    std::cout << "run " << r.name << ": " << r.status << ", " << r.epochsDone << "/"
              << r.config.train.epochs << " epochs, " << r.config.train.model << " on "
              << r.config.describeData() << " (" << r.realImages << " real + " << r.syntheticImages
              << " synthetic images), top-1 " << pct(r.top1, 2) << (r.top1 < 0 ? "" : "%")
              << ", top-5 " << pct(r.top5, 2) << (r.top5 < 0 ? "" : "%") << ", " << std::fixed
              << std::setprecision(0) << r.wallSeconds << " s\n";
}

} // namespace

// train --project P --name NAME --model cnn|resnet18|resnet50 --real-fraction F
//       --synthetic none|all|accepted [...]; train --project P --resume NAME
int runTrain(const std::vector<std::string> &argv)
{
    Args args(argv, kTrainOptions, {"list"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty())
        return fail("usage: train --project P --name NAME --model cnn|resnet18|resnet50 "
                    "--real-fraction F --synthetic none|all|accepted [--epochs N --batch B --lr L "
                    "--seed S] | train --project P --resume NAME | train --project P --list",
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
        Result<RunConfig> config = configFromArgs(args);
        if (!config)
            return fail(config.error(), 2);
        if (Result<int64_t> id = createRun(project, name, *config); !id)
            return fail(id.error());
        std::cerr << "run " << name << ": " << config->train.model << " on "
                  << config->describeData() << ", " << config->train.epochs << " epochs\n";
    }
    CancelToken cancel;
    installInterruptHandler(&cancel);
    Result<RunInfo> result = trainWithProgress(project, name, resume, cancel);
    if (!result)
        return fail(result.error());
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

// experiment --project P: the papers' comparison at this project's scale.
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
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    int perClass = 0, sweepPerClass = 0, sampleSteps = 0, width = 0, batch = 0, filterPerClass = 0;
    double guidance = -1; // the generator's default unless given
    int64_t budget = 0;
    uint64_t seed = 0;
    std::vector<double> sweep, fractions;
    try {
        perClass = args.integer("per-class", 500);
        filterPerClass = args.integer("filter-per-class", perClass / 2);
        sweepPerClass = args.integer("sweep-per-class", 200);
        sampleSteps = args.integer("sample-steps", 25);
        if (args.value("guidance") &&
            (guidance = realOption("guidance", *args.value("guidance"))) < 0)
            return fail("--guidance must be 0 or more", 2);
        budget = args.integer64("budget", 120000);
        seed = args.seed("seed", 0);
        width = args.integer("width", 0);
        batch = args.integer("batch", 128);
        sweep = args.reals("sweep", "0,1,2,3,5,8");
        fractions = args.reals("fractions", "0.01,0.1,1");
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    const std::string prefix = args.value("prefix", "exp");
    const std::string model = args.value("model", "cnn");
    CancelToken cancel;
    installInterruptHandler(&cancel);

    // 1. Synthetic data: one generation job per guidance scale (kept and resumed across calls).
    Result<std::unique_ptr<DiffusionModel>> generator = DiffusionModel::load(
        args.value("generator", defaultGeneratorPath().string()), args.value("device", "auto"));
    if (!generator)
        return fail(generator.error());
    if (guidance < 0)
        guidance = (*generator)->info().defaultGuidance;
    double eta = (*generator)->info().defaultEta;
    try {
        eta = args.real("eta", eta);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    std::vector<double> scales = sweep;
    if (std::find(scales.begin(), scales.end(), guidance) == scales.end())
        scales.push_back(guidance);
    const auto gname = [](double g) {
        std::ostringstream s;
        s << g;
        return s.str();
    };
    // Runs are named after --prefix, generation jobs after --data-prefix (default: the same), so
    // a new set of runs can reuse images made before.
    const std::string dataPrefix = args.value("data-prefix", prefix);
    const auto jobName = [&](double g) { return dataPrefix + "-g" + gname(g); };
    for (double g : scales) {
        const std::string job = jobName(g);
        if (!generationJob(project, job)) {
            GenerationConfig config;
            for (const ProjectClass &c : project.classes())
                config.wnids.push_back(c.wnid);
            config.perClass = g == guidance ? perClass : sweepPerClass;
            config.guidance = g;
            config.sampler = args.value("sampler", "ddim");
            config.steps = sampleSteps;
            config.eta = eta;
            config.seed = seed + 1;
            config.model =
                std::filesystem::absolute(args.value("generator", defaultGeneratorPath().string()));
            config.modelHash = (*generator)->info().hash;
            if (Result<int64_t> id = createGenerationJob(project, job, config); !id)
                return fail(id.error());
        }
        Result<GenerationJobInfo> info = generationJob(project, job);
        if (info && info->status == "done")
            continue;
        std::cerr << "generating " << job << " (guidance " << g << ")\n";
        TerminalProgress bar;
        Result<GenerationJobInfo> result = runGenerationJob(
            project, job, **generator,
            [&](const GenerationProgress &p) {
                bar.update((double(p.done) + p.inFlight) / double(std::max<int64_t>(1, p.total)),
                           std::to_string(p.done) + "/" + std::to_string(p.total));
            },
            &cancel);
        bar.finish();
        if (!result)
            return fail(result.error());
        if (result->status != "done")
            return fail("generation was interrupted; run the same command again to go on", 130);
    }

    // 2. Training runs, all with the same model and the same budget of training images seen.
    struct Row
    {
        std::string name, kind;
        double fraction = 0, guidance = -1;
        RunInfo info;
    };
    std::vector<Row> rows;
    const auto makeConfig = [&](double fraction, std::optional<double> synthG) {
        RunConfig c;
        c.train.model = model;
        c.train.width = width;
        c.train.batchSize = batch;
        c.train.seed = seed;
        c.train.augmentation = args.value("augment", "light");
        c.train.device = args.value("device", "auto");
        c.realFraction = fraction;
        if (synthG) {
            c.synthetic = "all";
            c.syntheticDatasets = {"gen-" + jobName(*synthG)};
        }
        return c;
    };
    const auto fname = [](double f) {
        std::ostringstream s;
        s << f * 100;
        return s.str();
    };
    for (double f : fractions) {
        rows.push_back({prefix + "-real-" + fname(f), "real", f, -1, {}});
        rows.push_back({prefix + "-mix-" + fname(f), "mix", f, guidance, {}});
    }
    for (double g : sweep)
        rows.push_back({prefix + "-cas-g" + gname(g), "cas", 0, g, {}});
    if (std::find(sweep.begin(), sweep.end(), guidance) == sweep.end())
        rows.push_back({prefix + "-cas-g" + gname(guidance), "cas", 0, guidance, {}});
    // Creates the run (unless it exists) and trains it to the end; false: stop with exit code.
    int exitCode = 0;
    const auto createSized = [&](const std::string &name, RunConfig c) -> bool {
        Result<DataMix> mix = selectTrainingImages(project, c);
        if (!mix) {
            exitCode = fail(name + ": " + mix.error());
            return false;
        }
        const int64_t n = int64_t(mix->imageIds.size());
        c.train.epochs = int(std::max<int64_t>(1, (budget + n - 1) / n));
        c.train.evaluateEvery = std::max(1, c.train.epochs / 4);
        if (Result<int64_t> id = createRun(project, name, c); !id) {
            exitCode = fail(id.error());
            return false;
        }
        std::cerr << name << ": " << c.describeData() << ", " << n << " images, " << c.train.epochs
                  << " epochs\n";
        return true;
    };
    const auto trainRow = [&](Row &row) -> bool {
        Result<RunInfo> existing = findRun(project, row.name);
        if (existing && existing->status == "done") {
            row.info = *existing;
            return true;
        }
        Result<RunInfo> done =
            trainWithProgress(project, row.name, existing.ok(), cancel, /*quiet=*/true);
        if (!done) {
            exitCode = fail(row.name + ": " + done.error());
            return false;
        }
        if (done->status != "done") {
            exitCode = fail("training was interrupted; run the same command again to go on", 130);
            return false;
        }
        row.info = *done;
        std::cerr << row.name << ": top-1 " << pct(done->top1, 2) << "%\n";
        return true;
    };
    for (Row &row : rows) {
        Result<RunInfo> existing = findRun(project, row.name);
        if (existing && existing->status == "done") {
            row.info = *existing;
            continue;
        }
        if (!existing) {
            RunConfig c = makeConfig(row.fraction, row.guidance >= 0 ? std::optional(row.guidance)
                                                                     : std::nullopt);
            Result<DataMix> mix = selectTrainingImages(project, c);
            if (!mix)
                return fail(row.name + ": " + mix.error());
            const int64_t n = int64_t(mix->imageIds.size());
            c.train.epochs = int(std::max<int64_t>(1, (budget + n - 1) / n));
            c.train.evaluateEvery = std::max(1, c.train.epochs / 4);
            if (Result<int64_t> id = createRun(project, row.name, c); !id)
                return fail(id.error());
            std::cerr << row.name << ": " << c.describeData() << ", " << n << " images, "
                      << c.train.epochs << " epochs\n";
        }
        Result<RunInfo> done =
            trainWithProgress(project, row.name, existing.ok(), cancel, /*quiet=*/true);
        if (!done)
            return fail(row.name + ": " + done.error());
        if (done->status != "done")
            return fail("training was interrupted; run the same command again to go on", 130);
        row.info = *done;
        std::cerr << row.name << ": top-1 " << pct(done->top1, 2) << "%\n";
    }

    // 2b. Curation: CAS on K images a class of the guidance set picked at random, against the K
    // a rule keeps (scored by the real-only run on all real images). The random run is made
    // before the rule writes its reviews; the rule's reviews stay (undo: review --undo).
    Row randomRow{prefix + "-cas-random", "cas-random", 0, guidance, {}};
    Row filteredRow{prefix + "-cas-filtered", "cas-filtered", 0, guidance, {}};
    std::string ruleText;
    if (filterPerClass > 0) {
        const std::string dataset = "gen-" + jobName(guidance);
        if (!findRun(project, randomRow.name)) {
            RunConfig c = makeConfig(0, guidance);
            c.syntheticPerClass = filterPerClass;
            if (!createSized(randomRow.name, c))
                return exitCode;
        }
        Result<FilterRule> rule =
            parseRuleConditions(args.value("filter-rule", "self_confidence>=0.5"));
        if (!rule)
            return fail(rule.error(), 2);
        rule->keepTop = filterPerClass;
        rule->sortBy = args.value("filter-by", "uniqueness");
        rule->dropDuplicates = true;
        rule->datasets = {dataset};
        ruleText = rule->text();
        if (!findRun(project, filteredRow.name)) {
            const Row *realFullRow = nullptr;
            for (const Row &r : rows)
                if (r.kind == "real" && r.fraction == 1.0)
                    realFullRow = &r;
            Result<std::string> reference =
                pickReferenceRun(project, realFullRow ? realFullRow->name : "");
            if (!reference)
                return fail(reference.error());
            if (scoringInfo(project).reference != *reference) {
                ScoreOptions so;
                so.reference = *reference;
                so.device = args.value("device", "auto");
                std::cerr << "scoring the generated images with run " << *reference << '\n';
                if (Result<ScoreReport> r = scoreProject(project, so, {}, &cancel); !r)
                    return fail(r.error());
            }
            Result<RuleOutcome> applied = applyRule(project, *rule);
            if (!applied)
                return fail(applied.error());
            std::cerr << "rule " << ruleText << ": kept " << applied->kept << ", dropped "
                      << applied->dropped << '\n';
            RunConfig c = makeConfig(0, guidance);
            c.synthetic = "accepted";
            c.syntheticPerClass = filterPerClass;
            if (!createSized(filteredRow.name, c))
                return exitCode;
        }
        if (!trainRow(randomRow) || !trainRow(filteredRow))
            return exitCode;
        rows.push_back(randomRow);
        rows.push_back(filteredRow);
    }

    // 3. The tables.
    const auto find = [&](const std::string &kind, double f, double g) -> const Row * {
        for (const Row &r : rows)
            if (r.kind == kind && (kind == "cas" ? r.guidance == g : r.fraction == f))
                return &r;
        return nullptr;
    };
    const Row *realFull = find("real", 1.0, -1);
    const double realTop1 = realFull ? realFull->info.top1 : -1;
    std::ostringstream md, csv;
    md << "# Real vs synthetic training data: " << project.name() << "\n\n"
       << "Model " << model << ", the same budget for every run (" << budget
       << " training images seen), seed " << seed << ", tested on all real test images. "
       << "Synthetic images: the default generator, " << args.value("sampler", "ddim") << " "
       << sampleSteps << " steps"
       << (args.value("sampler", "ddim") == "ddim" ? " at eta " + gname(eta) : std::string())
       << "; " << perClass << " per class at guidance " << guidance << ", " << sweepPerClass
       << " per class for the other scales.\n\n"
       << "| Real training data | Real only | Real + synthetic (guidance " << guidance
       << ") | Gain |\n|---|---:|---:|---:|\n";
    csv << "run,kind,real_fraction,guidance,real_images,synthetic_images,epochs,top1,top5,"
           "seconds\n";
    for (double f : fractions) {
        const Row *r = find("real", f, -1), *m = find("mix", f, -1);
        md << "| " << fname(f) << "% (" << (r ? r->info.realImages : 0) << " images) | "
           << pct(r ? r->info.top1 : -1, 2) << " | " << pct(m ? m->info.top1 : -1, 2) << " | ";
        if (r && m) {
            const double gain = (m->info.top1 - r->info.top1) * 100;
            md << (gain >= 0 ? "+" : "") << std::fixed << std::setprecision(2) << gain;
            md.unsetf(std::ios::fixed);
        }
        md << " |\n";
    }
    md << "\n| Synthetic only (CAS) | Images | Top-1 | Top-5 | CAS / real 100% |\n"
       << "|---|---:|---:|---:|---:|\n";
    std::vector<double> casScales = sweep;
    if (std::find(casScales.begin(), casScales.end(), guidance) == casScales.end())
        casScales.push_back(guidance);
    std::sort(casScales.begin(), casScales.end());
    for (double g : casScales) {
        const Row *c = find("cas", 0, g);
        if (!c)
            continue;
        md << "| guidance " << g << " | " << c->info.syntheticImages << " | "
           << pct(c->info.top1, 2) << " | " << pct(c->info.top5, 2) << " | ";
        if (realTop1 > 0)
            md << std::fixed << std::setprecision(3) << c->info.top1 / realTop1;
        md.unsetf(std::ios::fixed);
        md << " |\n";
    }
    if (filterPerClass > 0) {
        md << "\n| Synthetic only, " << filterPerClass << " images a class (guidance " << guidance
           << ") | Images | Top-1 | Top-5 |\n|---|---:|---:|---:|\n"
           << "| picked at random | " << randomRow.info.syntheticImages << " | "
           << pct(randomRow.info.top1, 2) << " | " << pct(randomRow.info.top5, 2) << " |\n"
           << "| kept by the rule: " << ruleText << " | " << filteredRow.info.syntheticImages
           << " | " << pct(filteredRow.info.top1, 2) << " | " << pct(filteredRow.info.top5, 2)
           << " |\n";
        const double gain = (filteredRow.info.top1 - randomRow.info.top1) * 100;
        md << "\nFiltering gains " << (gain >= 0 ? "+" : "") << std::fixed << std::setprecision(2)
           << gain << " points.\n";
        md.unsetf(std::ios::fixed);
    }
    for (const Row &r : rows)
        csv << r.name << ',' << r.kind << ',' << r.fraction << ','
            << (r.guidance >= 0 ? gname(r.guidance) : "") << ',' << r.info.realImages << ','
            << r.info.syntheticImages << ',' << r.info.config.train.epochs << ',' << r.info.top1
            << ',' << r.info.top5 << ',' << r.info.wallSeconds << '\n';
    const std::filesystem::path dir = project.directory() / "experiments";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (Result<void> w = files::writeAtomically(dir / (prefix + ".md"), md.str()); !w)
        return fail(w.error());
    if (Result<void> w = files::writeAtomically(dir / (prefix + ".csv"), csv.str()); !w)
        return fail(w.error());
    std::cout << md.str() << "\nwritten to " << (dir / (prefix + ".md")).string() << " and "
              << (dir / (prefix + ".csv")).string() << '\n';
    return 0;
}

} // namespace synset::cli
