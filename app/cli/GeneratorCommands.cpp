#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "data/TrainingData.h"
#include "diffusion/DiffusionTrainer.h"
#include "project/Project.h"

#include <iostream>
#include <sstream>
#include <thread>

namespace synset::cli {

namespace {

std::vector<int> parseIntList(const std::string &s)
{
    std::vector<int> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(std::stoi(item));
    return out;
}

} // namespace

int runTrainGenerator(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "epochs", "batch", "lr", "seed", "output", "checkpoint", "base-channels",
               "channel-mult", "attention-levels", "res-blocks", "p-uncond", "ema", "schedule",
               "device", "guidance", "note", "init"},
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
        o.epochs = std::stoi(args.value("epochs", "12"));
        o.batchSize = std::stoi(args.value("batch", "128"));
        o.learningRate = std::stod(args.value("lr", "1e-3"));
        o.seed = std::stoull(args.value("seed", "0"));
        o.baseChannels = std::stoi(args.value("base-channels", std::to_string(o.baseChannels)));
        if (args.value("channel-mult"))
            o.channelMult = parseIntList(*args.value("channel-mult"));
        if (args.value("attention-levels"))
            o.attentionLevels = parseIntList(*args.value("attention-levels"));
        o.numResBlocks = std::stoi(args.value("res-blocks", std::to_string(o.numResBlocks)));
        o.pUncond = std::stod(args.value("p-uncond", "0.15"));
        o.emaDecay = std::stod(args.value("ema", "0.999"));
        o.defaultGuidance = std::stod(args.value("guidance", "2"));
    } catch (const std::exception &) {
        return fail("a numeric option has a value that is not a number", 2);
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

} // namespace synset::cli
