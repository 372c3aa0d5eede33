// Options for the tiny random diffusion models the tests write: small enough that sampling a
// grid or running a job takes well under a second.
#pragma once

#include "diffusion/DiffusionTrainer.h"

inline synset::GeneratorTrainOptions tinyGeneratorOptions()
{
    synset::GeneratorTrainOptions o;
    o.baseChannels = 8;
    o.channelMult = {1, 2};
    o.attentionLevels = {1};
    o.timesteps = 100;
    o.defaultSteps = 10;
    return o;
}
