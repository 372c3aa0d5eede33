// Gathers a project's images of one split into the plain arrays the trainers take.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <string>

namespace synset {

class Project;

// Real images of split (all classes) as uint8 N*C*H*W, resized to the most common size and
// channel count when they differ. Labels are project class indices.
Result<GeneratorTrainData> loadRealImages(const Project &project, const std::string &split,
                                          const ProgressFn &progress = {},
                                          const CancelToken *cancel = nullptr);

} // namespace synset
