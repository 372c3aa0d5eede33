// The generation settings from the command line (classes, counts, sampler, seed, model,
// conversion), with the model's defaults: shared by generate and plan create.
#pragma once

#include "CliArgs.h"

#include "common/Result.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"

#include <filesystem>
#include <string>

namespace synset {
class Project;
}

namespace synset::cli {

// --classes all|WNID... --per-class N [--guidance --steps --seed --batch --eta --width --height
// --sampler --negative --karras --convert]; images of another kind than the project's are
// refused here unless --convert. command names the command in errors.
Result<GenerationConfig> generationConfigFromArgs(const Args &args, Project &project,
                                                  const GeneratorDescription &info,
                                                  const std::filesystem::path &modelPath,
                                                  const std::string &command);

} // namespace synset::cli
