#include "GenerateOptions.h"

#include "common/TextUtil.h"
#include "project/Project.h"

#include <algorithm>

namespace synset::cli {

Result<GenerationConfig> generationConfigFromArgs(const Args &args, Project &project,
                                                  const GeneratorDescription &info,
                                                  const std::filesystem::path &modelPath,
                                                  const std::string &command)
{
    if (!args.value("classes") || !args.value("per-class"))
        return makeError(command + ": --classes and --per-class are needed");
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
        for (const std::string &c : classes)
            for (std::string_view item : text::split(c, ','))
                if (!item.empty())
                    split.emplace_back(item);
        classes = split;
    }
    config.wnids = classes;
    try {
        config.perClass = int(integerOption("per-class", *args.value("per-class"), 1));
        config.guidance = args.real("guidance", info.defaultGuidance);
        config.steps = args.integer("steps", info.defaultSteps, 1);
        config.seed = args.seed("seed", 0);
        config.batchSize = args.integer("batch", info.defaultBatch, 1);
        config.eta = args.real("eta", info.defaultEta);
        config.width = args.integer("width", 0, 0);
        config.height = args.integer("height", 0, 0);
    } catch (const OptionError &e) {
        return makeError(e.what());
    }
    config.sampler = args.value("sampler", info.defaultSampler);
    if (std::find(info.samplers.begin(), info.samplers.end(), config.sampler) ==
        info.samplers.end())
        return makeError(command + ": " + modelPath.string() + " takes the samplers " +
                         text::join(info.samplers, ", ") + ", not " + config.sampler);
    if (!info.textPrompts && (args.value("negative") || args.value("width") ||
                              args.value("height") || args.flag("karras")))
        return makeError(command +
                         ": --negative, --width, --height and --karras need a Stable "
                         "Diffusion model; " +
                         modelPath.string() + " is a class-conditional model");
    config.negativePrompt = args.value("negative", "");
    config.karras = args.flag("karras");
    config.convertToProjectKind = args.flag("convert");
    config.model = std::filesystem::absolute(modelPath);
    config.modelHash = info.hash;
    // Images of another kind than the project's are refused before a job is made.
    if (Result<std::optional<ImageKind>> kind = jobConversion(project, config, info); !kind)
        return makeError(command + ": " + kind.error());
    return config;
}

} // namespace synset::cli
