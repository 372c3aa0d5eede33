#include "Experiment.h"
#include "ExperimentStore.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/Numbers.h"
#include "curation/Curation.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "project/WorkLock.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace synset {

namespace {

namespace fs = std::filesystem;

constexpr const char *kLockKind = "experiment";

// Guidance scales and fractions in names and tables: "2", "1.5", "10" (6 significant digits).
std::string shortText(double v)
{
    return numbers::format(v);
}

std::string percentText(double fraction, int decimals)
{
    return fraction < 0 ? "-" : numbers::fixed(fraction * 100, decimals);
}

std::string jobName(const ExperimentPlan &plan, double guidance)
{
    const std::string prefix =
        plan.options.dataPrefix.empty() ? plan.name : plan.options.dataPrefix;
    return prefix + "-g" + shortText(guidance);
}

// The guidance scales to generate: the sweep, and the mixes' scale if it is not in it.
std::vector<double> generationScales(const ExperimentPlan &plan)
{
    std::vector<double> scales = plan.options.sweep;
    if (std::find(scales.begin(), scales.end(), plan.guidance) == scales.end())
        scales.push_back(plan.guidance);
    return scales;
}

int filterPerClass(const ExperimentOptions &o)
{
    return o.filterPerClass < 0 ? o.perClass / 2 : o.filterPerClass;
}

// Every job, then real and mix per fraction, CAS per scale, then the filtering rows: the random
// run is made before the rule writes its reviews, the filtered one after.
std::vector<ExperimentStep> buildSteps(const ExperimentPlan &plan)
{
    using K = ExperimentStepKind;
    const ExperimentOptions &o = plan.options;
    const std::string &p = plan.name;
    std::vector<ExperimentStep> steps;
    for (double g : generationScales(plan))
        steps.push_back({K::Generate, jobName(plan, g), "generate", 0, g,
                         g == plan.guidance ? o.perClass : o.sweepPerClass});
    for (double f : o.fractions) {
        steps.push_back({K::Train, p + "-real-" + shortText(f * 100), "real", f, -1, 0});
        steps.push_back({K::Train, p + "-mix-" + shortText(f * 100), "mix", f, plan.guidance, 0});
    }
    for (double g : generationScales(plan))
        steps.push_back({K::Train, p + "-cas-g" + shortText(g), "cas", 0, g, 0});
    if (const int k = filterPerClass(o); k > 0) {
        steps.push_back({K::Train, p + "-cas-random", "cas-random", 0, plan.guidance, k});
        steps.push_back(
            {K::Filter, "gen-" + jobName(plan, plan.guidance), "filter", 0, plan.guidance, k});
        steps.push_back({K::Train, p + "-cas-filtered", "cas-filtered", 0, plan.guidance, k});
    }
    return steps;
}

Result<FilterRule> filterRule(const ExperimentPlan &plan, const ExperimentStep &step)
{
    Result<FilterRule> rule = parseRuleConditions(plan.options.filterRule);
    if (!rule)
        return rule;
    rule->keepTop = step.perClass;
    rule->sortBy = plan.options.filterBy;
    rule->dropDuplicates = true;
    rule->datasets = {step.name};
    return rule;
}

Json planToJson(const ExperimentPlan &plan)
{
    const ExperimentOptions &o = plan.options;
    Json j;
    j["model"] = o.model;
    j["width"] = o.width;
    j["batch"] = o.batch;
    j["augment"] = o.augment;
    j["device"] = o.device;
    j["budget"] = o.budget;
    j["seed"] = std::to_string(o.seed);
    j["fractions"] = o.fractions;
    j["sweep"] = o.sweep;
    j["per_class"] = o.perClass;
    j["sweep_per_class"] = o.sweepPerClass;
    j["sampler"] = o.sampler;
    j["sample_steps"] = o.sampleSteps;
    j["data_prefix"] = o.dataPrefix;
    j["filter_per_class"] = filterPerClass(o);
    j["filter_rule"] = o.filterRule;
    j["filter_by"] = o.filterBy;
    j["guidance"] = plan.guidance;
    j["eta"] = plan.eta;
    j["generator"] = plan.generator.string();
    j["generator_hash"] = plan.generatorHash;
    return j;
}

ExperimentPlan planFromJson(const std::string &name, const Json &j)
{
    ExperimentPlan plan;
    plan.name = name;
    ExperimentOptions &o = plan.options;
    o.model = json::string(j, "model", o.model);
    o.width = json::int32(j, "width", 0);
    o.batch = json::int32(j, "batch", o.batch);
    o.augment = json::string(j, "augment", o.augment);
    o.device = json::string(j, "device", o.device);
    o.budget = json::integer(j, "budget", o.budget);
    o.seed = json::seed(j, "seed");
    o.fractions.clear();
    for (const Json &f : json::elements(json::member(j, "fractions")))
        o.fractions.push_back(json::number(f, 0));
    o.sweep.clear();
    for (const Json &g : json::elements(json::member(j, "sweep")))
        o.sweep.push_back(json::number(g, 0));
    o.perClass = json::int32(j, "per_class", o.perClass);
    o.sweepPerClass = json::int32(j, "sweep_per_class", o.sweepPerClass);
    o.sampler = json::string(j, "sampler", o.sampler);
    o.sampleSteps = json::int32(j, "sample_steps", o.sampleSteps);
    o.dataPrefix = json::string(j, "data_prefix");
    o.filterPerClass = json::int32(j, "filter_per_class", 0);
    o.filterRule = json::string(j, "filter_rule", o.filterRule);
    o.filterBy = json::string(j, "filter_by", o.filterBy);
    plan.guidance = json::number(j, "guidance", 0);
    plan.eta = json::number(j, "eta", 0);
    o.guidance = plan.guidance;
    o.eta = plan.eta;
    plan.generator = json::string(j, "generator");
    o.generator = plan.generator;
    plan.generatorHash = json::string(j, "generator_hash");
    plan.steps = buildSteps(plan);
    return plan;
}

RunConfig runConfig(const ExperimentPlan &plan, const ExperimentStep &step)
{
    const ExperimentOptions &o = plan.options;
    RunConfig c;
    c.train.model = o.model;
    c.train.width = o.width;
    c.train.batchSize = o.batch;
    c.train.seed = o.seed;
    c.train.augmentation = o.augment;
    c.train.device = o.device;
    c.realFraction = step.fraction;
    if (step.guidance >= 0) {
        c.synthetic = step.role == "cas-filtered" ? "accepted" : "all";
        c.syntheticDatasets = {"gen-" + jobName(plan, step.guidance)};
    }
    if (step.role == "cas-random" || step.role == "cas-filtered")
        c.syntheticPerClass = step.perClass;
    return c;
}

// Each step returns whether it ran to its end; a cancel leaves it resumable.
using StepResult = Result<bool>;

StepResult generate(Project &project, const ExperimentPlan &plan, const ExperimentStep &step,
                    Generator &generator, const ExperimentCallbacks &cb, size_t index,
                    const CancelToken *cancel)
{
    if (!generationJob(project, step.name)) {
        GenerationConfig config;
        for (const ProjectClass &c : project.classes())
            config.wnids.push_back(c.wnid);
        config.perClass = step.perClass;
        config.guidance = step.guidance;
        config.sampler = plan.options.sampler;
        config.steps = plan.options.sampleSteps;
        config.eta = plan.eta;
        config.seed = plan.options.seed + 1;
        config.model = plan.generator;
        config.modelHash = plan.generatorHash;
        if (Result<int64_t> id = createGenerationJob(project, step.name, config); !id)
            return makeError(id.error());
    }
    if (cb.note)
        cb.note("generating " + step.name + " (guidance " + shortText(step.guidance) + ")");
    Result<GenerationJobInfo> result = runGenerationJob(
        project, step.name, generator,
        [&](const GenerationProgress &p) {
            if (cb.progress)
                cb.progress(index,
                            (double(p.done) + p.inFlight) / double(std::max<int64_t>(1, p.total)),
                            std::to_string(p.done) + "/" + std::to_string(p.total));
        },
        cancel);
    if (!result)
        return makeError(result.error());
    return result->status == "done";
}

// A run is made with as many epochs as it takes to see the budget's images.
Result<void> createSizedRun(Project &project, const ExperimentPlan &plan,
                            const ExperimentStep &step, const ExperimentCallbacks &cb)
{
    RunConfig c = runConfig(plan, step);
    Result<DataMix> mix = selectTrainingImages(project, c);
    if (!mix)
        return makeError(step.name + ": " + mix.error());
    const int64_t n = int64_t(mix->imageIds.size());
    c.train.epochs = int(std::max<int64_t>(1, (plan.options.budget + n - 1) / n));
    c.train.evaluateEvery = std::max(1, c.train.epochs / 4);
    if (Result<int64_t> id = createRun(project, step.name, c); !id)
        return makeError(id.error());
    if (cb.note)
        cb.note(step.name + ": " + c.describeData() + ", " + std::to_string(n) + " images, " +
                std::to_string(c.train.epochs) + " epochs");
    return {};
}

StepResult train(Project &project, const ExperimentPlan &plan, const ExperimentStep &step,
                 const ExperimentCallbacks &cb, size_t index, const CancelToken *cancel)
{
    const bool made = findRun(project, step.name).ok();
    if (!made)
        if (Result<void> r = createSizedRun(project, plan, step, cb); !r)
            return makeError(r.error());
    RunCallbacks run;
    run.progress = [&](double f, std::string_view message) {
        if (cb.progress)
            cb.progress(index, f, message);
    };
    Result<RunInfo> done = executeRun(project, step.name, made, run, cancel);
    if (!done)
        return makeError(step.name + ": " + done.error());
    if (done->status != "done")
        return false;
    if (cb.note)
        cb.note(step.name + ": top-1 " + percentText(done->top1, 2) + "%");
    return true;
}

// Scores the generated images with the real-only run on all the real data (or another real-only
// run) unless they are scored by it already, then applies the rule.
StepResult filter(Project &project, const ExperimentPlan &plan, const ExperimentStep &step,
                  const ExperimentCallbacks &cb, size_t index, const CancelToken *cancel)
{
    Result<FilterRule> rule = filterRule(plan, step);
    if (!rule)
        return makeError(rule.error());
    std::string realFull;
    for (const ExperimentStep &s : plan.steps)
        if (s.role == "real" && s.fraction == 1.0)
            realFull = s.name;
    Result<std::string> reference = pickReferenceRun(project, realFull);
    if (!reference)
        return makeError(reference.error());
    if (scoringInfo(project).reference != *reference) {
        ScoreOptions so;
        so.reference = *reference;
        so.device = plan.options.device;
        if (cb.note)
            cb.note("scoring the generated images with run " + *reference);
        const ProgressFn progress = [&](double f, std::string_view message) {
            if (cb.progress)
                cb.progress(index, f, message);
        };
        if (Result<ScoreReport> r = scoreProject(project, so, progress, cancel); !r)
            return isCancelled(cancel) ? StepResult(false) : makeError(r.error());
    }
    Result<RuleOutcome> applied = applyRule(project, *rule);
    if (!applied)
        return makeError(applied.error());
    if (cb.note)
        cb.note("rule " + rule->text() + ": kept " + std::to_string(applied->kept) + ", dropped " +
                std::to_string(applied->dropped));
    return true;
}

std::optional<RunInfo> doneRun(Project &project, const std::string &name)
{
    Result<RunInfo> r = findRun(project, name);
    if (!r || r->status != "done")
        return std::nullopt;
    return *r;
}

} // namespace

Result<ExperimentPlan> planExperiment(const std::string &name, ExperimentOptions options,
                                      const GeneratorDescription &generator)
{
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789-_.") != std::string::npos)
        return makeError("an experiment needs a name of letters, digits, '-', '_' and '.'");
    if (options.fractions.empty())
        return makeError("an experiment needs at least one real fraction");
    for (double f : options.fractions)
        if (!(f > 0 && f <= 1))
            return makeError("real fractions are in (0, 1]; " + shortText(f) + " is not");
    for (double g : options.sweep)
        if (!(g >= 0))
            return makeError("guidance scales are 0 or more; " + shortText(g) + " is not");
    if (options.perClass < 1 || options.sweepPerClass < 1 || options.budget < 1 ||
        options.sampleSteps < 1)
        return makeError("images per class, the budget and the sampler steps must be positive");
    if (Result<FilterRule> rule = parseRuleConditions(options.filterRule); !rule)
        return makeError(rule.error());
    ExperimentPlan plan;
    plan.name = name;
    plan.guidance = options.guidance.value_or(generator.defaultGuidance);
    plan.eta = options.eta.value_or(generator.defaultEta);
    plan.generator = fs::absolute(generator.path);
    plan.generatorHash = generator.hash;
    options.guidance = plan.guidance;
    options.eta = plan.eta;
    options.generator = plan.generator;
    options.filterPerClass = filterPerClass(options);
    plan.options = std::move(options);
    plan.steps = buildSteps(plan);
    return plan;
}

Result<ExperimentPlan> saveExperiment(Project &project, const ExperimentPlan &plan)
{
    if (Result<ExperimentPlan> stored = loadExperiment(project, plan.name)) {
        // The same plan again resumes it; other options under that name are refused.
        const Json was = planToJson(*stored), now = planToJson(plan);
        for (const auto &[key, value] : json::members(was))
            if (json::member(now, key) != value)
                return makeError("experiment '" + plan.name + "' exists with " + key + " " +
                                 dumpJson(value) + ", not " + dumpJson(json::member(now, key)) +
                                 "; give the new one another name");
        return stored;
    }
    if (Result<void> r = insertExperiment(project, plan.name, dumpJson(planToJson(plan))); !r)
        return makeError(r.error());
    return plan;
}

Result<ExperimentPlan> loadExperiment(Project &project, const std::string &name)
{
    Result<std::optional<std::string>> stored = storedExperimentPlan(project, name);
    if (!stored)
        return makeError(stored.error());
    if (!*stored)
        return makeError("project " + project.name() + " has no experiment '" + name + "'");
    Result<Json> j = parseStoredJson(**stored);
    if (!j)
        return makeError("experiment '" + name + "': " + j.error());
    return planFromJson(name, *j);
}

std::vector<std::string> experimentNames(Project &project)
{
    return storedExperimentNames(project);
}

StepState experimentStepState(Project &project, const ExperimentPlan &plan, size_t index)
{
    const ExperimentStep &step = plan.steps.at(index);
    switch (step.kind) {
    case ExperimentStepKind::Generate: {
        Result<GenerationJobInfo> job = generationJob(project, step.name);
        return !job                    ? StepState::Pending
               : job->status == "done" ? StepState::Done
                                       : StepState::Partial;
    }
    case ExperimentStepKind::Train: {
        Result<RunInfo> run = findRun(project, step.name);
        return !run                    ? StepState::Pending
               : run->status == "done" ? StepState::Done
                                       : StepState::Partial;
    }
    case ExperimentStepKind::Filter:
        // Done once the run on the images it kept (the next step) is made.
        return index + 1 < plan.steps.size() &&
                       experimentStepState(project, plan, index + 1) != StepState::Pending
                   ? StepState::Done
                   : StepState::Pending;
    }
    return StepState::Pending;
}

Result<ExperimentRun> runExperiment(Project &project, const std::string &name, Generator &generator,
                                    const ExperimentCallbacks &callbacks, const CancelToken *cancel)
{
    Result<ExperimentPlan> plan = loadExperiment(project, name);
    if (!plan)
        return makeError(plan.error());
    Result<WorkLock> lock = WorkLock::acquire(project.directory(), kLockKind, name);
    if (!lock)
        return makeError(lock.error());
    for (size_t i = 0; i < plan->steps.size(); ++i) {
        const ExperimentStep &step = plan->steps[i];
        if (experimentStepState(project, *plan, i) == StepState::Done)
            continue;
        StepResult ran = step.kind == ExperimentStepKind::Generate
                             ? generate(project, *plan, step, generator, callbacks, i, cancel)
                         : step.kind == ExperimentStepKind::Train
                             ? train(project, *plan, step, callbacks, i, cancel)
                             : filter(project, *plan, step, callbacks, i, cancel);
        if (!ran)
            return makeError(ran.error());
        if (!*ran)
            return ExperimentRun{false, step.kind == ExperimentStepKind::Generate
                                            ? "generation was interrupted"
                                            : "training was interrupted"};
    }
    return ExperimentRun{true, {}};
}

ExperimentTables experimentTables(Project &project, const ExperimentPlan &plan)
{
    const ExperimentOptions &o = plan.options;
    std::map<std::string, RunInfo> runs;
    for (const ExperimentStep &s : plan.steps)
        if (s.kind == ExperimentStepKind::Train)
            if (std::optional<RunInfo> r = doneRun(project, s.name))
                runs[s.role + "/" +
                     shortText(s.role.rfind("cas", 0) == 0 ? s.guidance : s.fraction)] = *r;
    const auto find = [&](const std::string &role, double key) -> const RunInfo * {
        const auto it = runs.find(role + "/" + shortText(key));
        return it == runs.end() ? nullptr : &it->second;
    };
    const auto top = [](const RunInfo *r, bool top5 = false) {
        return percentText(r ? (top5 ? r->top5 : r->top1) : -1, 2);
    };
    const RunInfo *realFull = find("real", 1.0);
    const double realTop1 = realFull ? realFull->top1 : -1;

    std::ostringstream md;
    md << "# Real vs synthetic training data: " << project.name() << "\n\n"
       << "Model " << o.model << ", the same budget for every run (" << o.budget
       << " training images seen), seed " << o.seed << ", tested on all real test images. "
       << "Synthetic images: the default generator, " << o.sampler << " " << o.sampleSteps
       << " steps" << (o.sampler == "ddim" ? " at eta " + shortText(plan.eta) : std::string())
       << "; " << o.perClass << " per class at guidance " << shortText(plan.guidance) << ", "
       << o.sweepPerClass << " per class for the other scales.\n\n"
       << "| Real training data | Real only | Real + synthetic (guidance "
       << shortText(plan.guidance) << ") | Gain |\n|---|---:|---:|---:|\n";
    for (double f : o.fractions) {
        const RunInfo *r = find("real", f), *m = find("mix", f);
        md << "| " << shortText(f * 100) << "% (" << (r ? r->realImages : 0) << " images) | "
           << top(r) << " | " << top(m) << " | ";
        if (r && m) {
            const double gain = (m->top1 - r->top1) * 100;
            md << (gain >= 0 ? "+" : "") << numbers::fixed(gain, 2);
        }
        md << " |\n";
    }
    md << "\n| Synthetic only (CAS) | Images | Top-1 | Top-5 | CAS / real 100% |\n"
       << "|---|---:|---:|---:|---:|\n";
    std::vector<double> casScales = generationScales(plan);
    std::sort(casScales.begin(), casScales.end());
    for (double g : casScales) {
        const RunInfo *c = find("cas", g);
        if (!c)
            continue;
        md << "| guidance " << shortText(g) << " | " << c->syntheticImages << " | " << top(c)
           << " | " << top(c, true) << " | ";
        if (realTop1 > 0)
            md << numbers::fixed(c->top1 / realTop1, 3);
        md << " |\n";
    }
    if (const int k = filterPerClass(o); k > 0) {
        const RunInfo *random = find("cas-random", plan.guidance);
        const RunInfo *filtered = find("cas-filtered", plan.guidance);
        std::string ruleText;
        for (const ExperimentStep &s : plan.steps)
            if (s.kind == ExperimentStepKind::Filter)
                if (Result<FilterRule> rule = filterRule(plan, s))
                    ruleText = rule->text();
        md << "\n| Synthetic only, " << k << " images a class (guidance "
           << shortText(plan.guidance) << ") | Images | Top-1 | Top-5 |\n|---|---:|---:|---:|\n"
           << "| picked at random | " << (random ? random->syntheticImages : 0) << " | "
           << top(random) << " | " << top(random, true) << " |\n"
           << "| kept by the rule: " << ruleText << " | "
           << (filtered ? filtered->syntheticImages : 0) << " | " << top(filtered) << " | "
           << top(filtered, true) << " |\n";
        if (random && filtered) {
            const double gain = (filtered->top1 - random->top1) * 100;
            md << "\nFiltering gains " << (gain >= 0 ? "+" : "") << numbers::fixed(gain, 2)
               << " points.\n";
        }
    }

    std::ostringstream csv;
    csv << "run,kind,real_fraction,guidance,real_images,synthetic_images,epochs,top1,top5,"
           "seconds\n";
    for (const ExperimentStep &s : plan.steps) {
        if (s.kind != ExperimentStepKind::Train)
            continue;
        const std::optional<RunInfo> r = doneRun(project, s.name);
        if (!r)
            continue;
        csv << s.name << ',' << s.role << ',' << shortText(s.fraction) << ','
            << (s.guidance >= 0 ? shortText(s.guidance) : "") << ',' << r->realImages << ','
            << r->syntheticImages << ',' << r->config.train.epochs << ',' << shortText(r->top1)
            << ',' << shortText(r->top5) << ',' << shortText(r->wallSeconds) << '\n';
    }
    return {md.str(), csv.str()};
}

Result<std::filesystem::path> writeExperimentTables(Project &project, const ExperimentPlan &plan,
                                                    const ExperimentTables &tables)
{
    const fs::path dir = project.directory() / "experiments";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (Result<void> w = files::writeAtomically(dir / (plan.name + ".md"), tables.markdown); !w)
        return makeError(w.error());
    if (Result<void> w = files::writeAtomically(dir / (plan.name + ".csv"), tables.csv); !w)
        return makeError(w.error());
    return dir / (plan.name + ".md");
}

} // namespace synset
