#include "CliArgs.h"
#include "Commands.h"
#include "GenerateOptions.h"
#include "TerminalProgress.h"

#include "common/TextUtil.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

std::string defaultJobName()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

// "interrupted" (its process died), "paused", "failed" or "queued".
std::string jobState(const GenerationJobInfo &j)
{
    return j.interrupted ? "interrupted" : j.status;
}

// Before a new job starts: the unfinished ones it does not repeat, and how to resume each.
void noteUnfinishedJobs(Project &project, const std::string &projectArg)
{
    for (const GenerationJobInfo &j : unfinishedGenerationJobs(project))
        std::cerr << "note: job " << j.name << " stopped at " << j.done << "/" << j.total << " ("
                  << jobState(j) << ", other settings); resume it with: synset-cli generate "
                  << "--project " << projectArg << " --job " << j.name << '\n';
}

void describeNewJob(Project &project, const std::string &name, const GenerationConfig &config,
                    const GeneratorDescription &info)
{
    std::ostringstream sampler;
    sampler << config.sampler;
    if (config.sampler == "ddim")
        sampler << " (eta " << config.eta << ")";
    std::cerr << "job " << name << ": " << config.perClass << " images for each of "
              << config.wnids.size() << " classes, " << sampler.str() << " " << config.steps
              << " steps, guidance " << config.guidance << ", model " << info.hash << " ("
              << info.summary << ") on " << info.device << '\n';
    if (const auto kind = jobConversion(project, config, info); kind && *kind)
        std::cerr << "each image is stored converted to " << describeImageKind(**kind)
                  << ", the kind of the project's images\n";
}

} // namespace

// generate --project P --classes all|WNID... --per-class N [--guidance W --steps S --sampler ...
//          --eta E --seed S --model FILE|DIR --job NAME --negative TEXT --width W --height H
//          --karras --convert]; with --job naming an existing job, resumes it. With a Stable
//          Diffusion model each image's prompt is its class's template, expanded for that image.
//          --convert stores images of another kind than the project's converted to its kind.
int runGenerate(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "classes", "per-class", "guidance", "steps", "sampler", "seed", "model",
               "job", "batch", "eta", "device", "negative", "width", "height", "remove"},
              {"list", "karras", "convert"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project"))
        return fail("usage: generate --project P --classes all|WNID... --per-class N [--guidance W "
                    "--steps S --sampler ddpm|ddim|dpmpp2m|euler|euler-a --eta E --seed S "
                    "--model FILE|SD-FOLDER --job NAME --negative TEXT --width W --height H "
                    "--karras --convert]",
                    2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;

    if (const std::optional<std::string> name = args.value("remove")) {
        if (Result<void> r = removeGenerationJob(project, *name); !r)
            return fail(r.error());
        std::cout << "job " << *name << " removed; its images stay in dataset gen-" << *name
                  << '\n';
        return 0;
    }
    if (args.flag("list")) {
        for (const GenerationJobInfo &j : generationJobs(project))
            std::cout << j.name << '\t' << j.status << '\t' << j.done << "/" << j.total << '\t'
                      << j.config.sampler << " " << j.config.steps << " steps, guidance "
                      << j.config.guidance << '\n';
        return 0;
    }

    std::string jobName = args.value("job", defaultJobName());
    Result<GenerationJobInfo> existing = generationJob(project, jobName);
    const std::filesystem::path modelPath =
        existing ? existing->config.model
                 : std::filesystem::path(args.value("model", defaultGeneratorPath().string()));
    Result<std::unique_ptr<Generator>> model = [&] {
        TerminalProgress bar;
        auto opened = Generator::open(
            modelPath, args.value("device", "auto"),
            [&](double f, std::string_view m) { bar.update(f, "model: " + std::string(m)); });
        bar.finish();
        return opened;
    }();
    if (!model)
        return fail(model.error());
    const GeneratorDescription &info = (*model)->description();

    if (existing) {
        std::cerr << "resuming job " << jobName << " (" << existing->done << "/" << existing->total
                  << " done)\n";
    } else {
        Result<GenerationConfig> config =
            generationConfigFromArgs(args, project, info, modelPath, "generate");
        if (!config)
            return fail(config.error(), 2);
        // The same command after a crash or Ctrl-C picks up the job it started.
        std::optional<GenerationJobInfo> same;
        if (!args.value("job"))
            same = resumableGenerationJob(project, *config);
        if (same) {
            jobName = same->name;
            std::cerr << "resuming job " << jobName << ", " << jobState(*same)
                      << " with the same settings (" << same->done << "/" << same->total
                      << " done)\n";
        } else {
            noteUnfinishedJobs(project, *args.value("project"));
            Result<int64_t> id = createGenerationJob(project, jobName, *config);
            if (!id)
                return fail(id.error());
            describeNewJob(project, jobName, *config, info);
        }
    }

    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    Result<GenerationJobInfo> result = runGenerationJob(
        project, jobName, **model,
        [&](const GenerationProgress &p) {
            std::ostringstream msg;
            msg << p.done << "/" << p.total << "  " << p.wnid << "  " << std::fixed;
            msg.precision(1);
            msg << p.imagesPerSecond << " img/s";
            bar.update((double(p.done) + p.inFlight) / double(std::max<int64_t>(1, p.total)),
                       msg.str());
        },
        &cancel);
    bar.finish();
    if (!result)
        return fail(result.error());
    std::cout << "job " << jobName << ": " << result->status << ", " << result->done << "/"
              << result->total << " images in "
              << (project.directory() / "data" / "synthetic" / jobName).string() << '\n';
    if (result->status == "paused") {
        std::cout << "resume with: synset-cli generate --project " << *args.value("project")
                  << " --job " << jobName << '\n';
        return 130;
    }
    return 0;
}

} // namespace synset::cli
