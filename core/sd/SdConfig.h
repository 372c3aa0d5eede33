// Stable Diffusion 1.x settings as a diffusers folder or an LDM checkpoint describes them: the
// CLIP text encoder, the UNet, the VAE and the noise schedule. Plain types, no LibTorch, so that
// the readers of checkpoint headers and configs build anywhere (fuzz/ builds them with clang).
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synset::sd {

struct ClipTextConfig
{
    int64_t hidden = 768;
    int64_t intermediate = 3072;
    int64_t heads = 12;
    int64_t layers = 12;
    int64_t maxPositions = 77;
    int64_t vocabulary = 49408;
    bool quickGelu = true; // "quick_gelu"; false: exact GELU
    double eps = 1e-5;
};

struct UNetConfig
{
    int64_t inChannels = 4;
    int64_t outChannels = 4;
    std::vector<bool> downCrossAttention; // per level: CrossAttnDownBlock2D or DownBlock2D
    std::vector<bool> upCrossAttention;   // per level, from the lowest resolution up
    std::vector<int64_t> blockOut;        // block_out_channels
    std::vector<int64_t> heads;           // per level (diffusers' attention_head_dim)
    int64_t layersPerBlock = 2;
    int64_t transformerLayers = 1;
    int64_t normGroups = 32;
    double normEps = 1e-5;
    int64_t crossAttentionDim = 768;
    bool linearProjection = false;
    bool flipSinToCos = true;
    double freqShift = 0;
    int64_t downsamplePadding = 1;
    int64_t convInKernel = 3;
    int64_t convOutKernel = 3;
    int64_t sampleSize = 64;
};

struct VaeConfig
{
    int64_t inChannels = 3;
    int64_t outChannels = 3;
    int64_t latentChannels = 4;
    std::vector<int64_t> blockOut;
    int64_t layersPerBlock = 2;
    int64_t normGroups = 32;
    double scalingFactor = 0.18215;
    int64_t sampleSize = 512;
};

struct WeightError
{
    std::string message;
};

struct SchedulerConfig
{
    int64_t trainSteps = 1000;
    double betaStart = 0.00085;
    double betaEnd = 0.012;
    std::string betaSchedule = "scaled_linear"; // or "linear"
    bool setAlphaToOne = false;
    int64_t stepsOffset = 1;
    std::string spacing = "leading"; // "leading", "trailing" or "linspace"
};

enum class SamplerKind
{
    Ddim,
    Euler,
    EulerAncestral,
    DpmPp2M
};
Result<SamplerKind> parseSamplerKind(const std::string &name); // ddim, euler, euler-a, dpmpp2m
std::string samplerKindName(SamplerKind kind);

} // namespace synset::sd
