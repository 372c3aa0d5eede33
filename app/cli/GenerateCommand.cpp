#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

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

} // namespace

// generate --project P --classes all|WNID... --per-class N [--guidance W --steps S --sampler ...
//          --eta E --seed S --model FILE|DIR --job NAME --negative TEXT --width W --height H
//          --karras]; with --job naming an existing job, resumes it. With a Stable Diffusion model
//          each image's prompt is its class's template, expanded for that image.
int runGenerate(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "classes", "per-class", "guidance", "steps", "sampler", "seed", "model",
               "job", "batch", "eta", "device", "negative", "width", "height"},
              {"list", "karras"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project"))
        return fail("usage: generate --project P --classes all|WNID... --per-class N [--guidance W "
                    "--steps S --sampler ddpm|ddim|dpmpp2m|euler|euler-a --eta E --seed S "
                    "--model FILE|SD-FOLDER --job NAME --negative TEXT --width W --height H "
                    "--karras]",
                    2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;

    if (args.flag("list")) {
        for (const GenerationJobInfo &j : generationJobs(project))
            std::cout << j.name << '\t' << j.status << '\t' << j.done << "/" << j.total << '\t'
                      << j.config.sampler << " " << j.config.steps << " steps, guidance "
                      << j.config.guidance << '\n';
        return 0;
    }

    const std::string jobName = args.value("job", defaultJobName());
    Result<GenerationJobInfo> existing = generationJob(project, jobName);
    const bool resuming = existing.ok();
    const std::filesystem::path modelPath =
        resuming ? existing->config.model
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

    if (!resuming) {
        if (!args.value("classes") || !args.value("per-class"))
            return fail("generate: --classes and --per-class are needed for a new job", 2);
        GenerationConfig config;
        std::vector<std::string> classes(args.positional().begin(), args.positional().end());
        classes.insert(classes.begin(), *args.value("classes"));
        if (classes.size() == 1 && classes[0] == "all") {
            classes.clear();
            for (const ProjectClass &c : project.classes())
                classes.push_back(c.wnid);
        } else {
            // --classes a,b,c and --classes a b c both work.
            std::vector<std::string> split;
            for (const std::string &c : classes) {
                std::stringstream ss(c);
                std::string item;
                while (std::getline(ss, item, ','))
                    if (!item.empty())
                        split.push_back(item);
            }
            classes = split;
        }
        config.wnids = classes;
        try {
            config.perClass = std::stoi(*args.value("per-class"));
            config.guidance =
                args.value("guidance") ? std::stod(*args.value("guidance")) : info.defaultGuidance;
            config.steps =
                args.value("steps") ? std::stoi(*args.value("steps")) : info.defaultSteps;
            config.seed = std::stoull(args.value("seed", "0"));
            config.batchSize =
                args.value("batch") ? std::stoi(*args.value("batch")) : info.defaultBatch;
            config.eta = args.value("eta") ? std::stod(*args.value("eta")) : info.defaultEta;
            config.width = std::stoi(args.value("width", "0"));
            config.height = std::stoi(args.value("height", "0"));
        } catch (const std::exception &) {
            return fail("a numeric option has a value that is not a number", 2);
        }
        config.sampler = args.value("sampler", info.defaultSampler);
        if (std::find(info.samplers.begin(), info.samplers.end(), config.sampler) ==
            info.samplers.end()) {
            std::string known;
            for (const std::string &s : info.samplers)
                known += (known.empty() ? "" : ", ") + s;
            return fail("generate: " + modelPath.string() + " takes the samplers " + known +
                            ", not " + config.sampler,
                        2);
        }
        if (!info.textPrompts && (args.value("negative") || args.value("width") ||
                                  args.value("height") || args.flag("karras")))
            return fail("generate: --negative, --width, --height and --karras need a Stable "
                        "Diffusion model; " +
                            modelPath.string() + " is a class-conditional model",
                        2);
        config.negativePrompt = args.value("negative", "");
        config.karras = args.flag("karras");
        config.model = std::filesystem::absolute(modelPath);
        config.modelHash = info.hash;
        Result<int64_t> id = createGenerationJob(project, jobName, config);
        if (!id)
            return fail(id.error());
        std::ostringstream sampler;
        sampler << config.sampler;
        if (config.sampler == "ddim")
            sampler << " (eta " << config.eta << ")";
        std::cerr << "job " << jobName << ": " << config.perClass << " images for each of "
                  << config.wnids.size() << " classes, " << sampler.str() << " " << config.steps
                  << " steps, guidance " << config.guidance << ", model " << info.hash << " ("
                  << info.summary << ") on " << info.device << '\n';
    } else {
        std::cerr << "resuming job " << jobName << " (" << existing->done << "/" << existing->total
                  << " done)\n";
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
