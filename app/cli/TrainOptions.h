// The options of a new training run, shared by train and slurm train.
#pragma once

#include "CliArgs.h"

#include "common/Result.h"
#include "training/TrainingRun.h"

#include <set>
#include <string>

namespace synset::cli {

// Every value option train takes.
extern const std::set<std::string> kTrainOptions;
// The run's configuration from --model, --real-fraction, --synthetic, --epochs, --batch ...
Result<RunConfig> runConfigFromArgs(const Args &args);

} // namespace synset::cli
