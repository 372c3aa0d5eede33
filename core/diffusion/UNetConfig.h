// The architecture of a class-conditional UNet, stored as JSON inside the model file.
#pragma once

#include "common/Json.h"
#include "common/Result.h"

#include <vector>

namespace synset::diffusion {

struct UNetConfig
{
    int channels = 1; // image channels
    int height = 28;
    int width = 28;
    int numClasses = 10; // the null (unconditional) class is numClasses
    int baseChannels = 32;
    std::vector<int> channelMult{1, 2, 2}; // one entry per resolution level
    int numResBlocks = 1;
    std::vector<int> attentionLevels{2}; // levels with self-attention (low resolution)
    int attentionHeads = 4;
    int groups = 8; // GroupNorm groups
    double dropout = 0.0;

    int levels() const { return static_cast<int>(channelMult.size()); }
    // Inputs are padded to a multiple of this.
    int sizeMultiple() const { return 1 << (levels() - 1); }
    // Multiply-adds x 2 of one forward pass of one image (convolutions, linear layers, attention).
    double flopsPerImage() const;
    Json toJson() const;
    static Result<UNetConfig> fromJson(const Json &j);
};

} // namespace synset::diffusion
