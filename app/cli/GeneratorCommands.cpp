#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "common/Json.h"
#include "data/TrainingData.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/Generator.h"
#include "project/Project.h"

#include <iostream>
#include <sstream>
#include <thread>

namespace synset::cli {

int runTrainGenerator(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "epochs", "batch", "lr", "seed", "output", "checkpoint", "base-channels",
               "channel-mult", "attention-levels", "res-blocks", "p-uncond", "ema", "schedule",
               "device", "guidance", "eta", "note", "init"},
              {"resume"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty())
        return fail("usage: train-generator --project P [--epochs N --batch B --lr L --seed S "
                    "--output FILE --init MODEL] [--resume]",
                    2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());

    // --init MODEL trains that model further: its architecture unless the options say otherwise.
    GeneratorTrainOptions o;
    if (args.value("init")) {
        Result<GeneratorTrainOptions> of = generatorOptionsOf(*args.value("init"));
        if (!of)
            return fail(of.error());
        o = *of;
    }
    try {
        o.epochs = args.integer("epochs", 12);
        o.batchSize = args.integer("batch", 128);
        o.learningRate = args.real("lr", 1e-3);
        o.seed = args.seed("seed", 0);
        o.baseChannels = args.integer("base-channels", o.baseChannels);
        if (args.value("channel-mult"))
            o.channelMult = args.integers("channel-mult", "");
        if (args.value("attention-levels"))
            o.attentionLevels = args.integers("attention-levels", "");
        o.numResBlocks = args.integer("res-blocks", o.numResBlocks);
        o.pUncond = args.real("p-uncond", 0.15);
        o.emaDecay = args.real("ema", 0.999);
        o.defaultGuidance = args.real("guidance", o.defaultGuidance);
        o.defaultEta = args.real("eta", o.defaultEta);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    o.schedule = args.value("schedule", o.schedule);
    o.device = args.value("device", "auto");
    o.resume = args.flag("resume");
    const std::filesystem::path models = (*project)->directory() / "models";
    std::filesystem::create_directories(models);
    o.output = args.value("output", (models / "generator.safetensors").string());
    o.checkpoint = args.value("checkpoint", o.output.string() + ".checkpoint");
    std::ostringstream note;
    note << "synset-cli train-generator";
    for (const std::string &a : argv)
        note << ' ' << a;
    note << " | " << std::thread::hardware_concurrency() << " CPU threads";
    o.note = args.value("note", note.str());

    std::cerr << "Loading the real training images of " << (*project)->name() << "...\n";
    Result<GeneratorTrainData> data = loadRealImages(**project, "train");
    if (!data)
        return fail(data.error());
    std::cerr << data->count() << " images " << data->width << "x" << data->height << "x"
              << data->channels << ", " << data->classWnids.size() << " classes; " << o.epochs
              << " epochs of batch " << o.batchSize << (o.resume ? " (resuming)" : "") << '\n';

    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    Result<GeneratorTrainReport> report = trainGenerator(
        *data, o,
        [&](const GeneratorTrainProgress &p) {
            std::ostringstream msg;
            msg << "epoch " << std::min(p.epoch + 1, p.epochs) << "/" << p.epochs << "  loss "
                << p.loss << "  " << int(p.imagesPerSecond) << " img/s";
            bar.update(double(p.step) / p.totalSteps, msg.str(), p.elapsedSeconds);
        },
        &cancel);
    bar.finish();
    if (!report)
        return fail(report.error());
    if (report->cancelled) {
        std::cout << "stopped after step " << report->steps << "; resume with --resume (checkpoint "
                  << o.checkpoint.string() << ")\n";
        return 130;
    }
    std::cout << "trained " << report->epochs << " epochs (" << report->steps << " steps, "
              << report->parameters << " parameters) in " << int(report->totalSeconds)
              << " s; final loss " << report->finalLoss << "\n"
              << "model: " << o.output.string() << '\n';
    return 0;
}

namespace {

int printModel(const std::filesystem::path &path, bool json)
{
    Result<GeneratorDescription> d = describeGenerator(path);
    if (!d)
        return fail(d.error());
    if (json) {
        Json out;
        out["path"] = d->path.string();
        out["format"] = d->format;
        out["hash"] = d->hash;
        out["width"] = d->width;
        out["height"] = d->height;
        out["channels"] = d->channels;
        out["classes"] = d->classWnids;
        out["samplers"] = d->samplers;
        out["defaults"]["guidance"] = d->defaultGuidance;
        out["defaults"]["sampler"] = d->defaultSampler;
        out["defaults"]["steps"] = d->defaultSteps;
        out["defaults"]["eta"] = d->defaultEta;
        std::cout << dumpJson(out) << '\n';
        return 0;
    }
    std::cout << d->path.string() << '\n'
              << "  " << d->format << ", model hash " << d->hash << '\n'
              << "  " << d->summary << '\n';
    std::cout << "  defaults: guidance " << d->defaultGuidance << ", " << d->defaultSampler << " "
              << d->defaultSteps << " steps";
    if (d->defaultSampler == "ddim")
        std::cout << ", eta " << d->defaultEta;
    std::cout << '\n';
    return 0;
}

} // namespace

// model info FILE [--json] | model set-defaults FILE [--guidance W --sampler S --steps N --eta E]
int runModel(const std::vector<std::string> &argv)
{
    const std::string usage =
        "usage: model info FILE|FOLDER [--json]  |  model set-defaults FILE [--guidance W "
        "--sampler ddim|ddpm|dpmpp2m --steps N --eta E]";
    Args args(argv, {"guidance", "sampler", "steps", "eta"}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    const std::vector<std::string> &words = args.positional();
    if (words.size() != 2)
        return fail(usage, 2);
    const std::filesystem::path path = words[1];
    if (words[0] == "info")
        return printModel(path, args.flag("json"));
    if (words[0] != "set-defaults")
        return fail(usage, 2);
    GeneratorDefaults d;
    try {
        if (args.value("guidance"))
            d.guidance = realOption("guidance", *args.value("guidance"));
        if (args.value("steps"))
            d.steps = integerOption("steps", *args.value("steps"));
        if (args.value("eta"))
            d.eta = realOption("eta", *args.value("eta"));
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    d.sampler = args.value("sampler");
    if (!d.guidance && !d.steps && !d.eta && !d.sampler)
        return fail("set-defaults: give at least one of --guidance, --sampler, --steps, --eta", 2);
    if (Result<void> r = setGeneratorDefaults(path, d); !r)
        return fail(r.error());
    return printModel(path, false);
}

} // namespace synset::cli
