// Stable Diffusion 1.x networks in plain LibTorch: the CLIP text transformer, the
// UNet2DConditionModel and the AutoencoderKL, each built from its diffusers config and holding
// its weights directly (no parameter registry: inference only). Internal to the tensor library.
#pragma once

#include "SdConfig.h"

#include <torch/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace synset::sd {

// Where each weight comes from: called with the diffusers name and the shape the config needs;
// returns the tensor in the compute dtype and device, or throws WeightError.
using WeightFn = std::function<torch::Tensor(const std::string &name, at::IntArrayRef shape)>;

struct Linear
{
    torch::Tensor w, b;
    torch::Tensor operator()(const torch::Tensor &x) const;
};

struct Conv
{
    torch::Tensor w, b;
    int64_t stride = 1;
    int64_t padding = 0;
    bool asymmetricPad = false; // the VAE encoder's downsampler pads right and bottom only
    torch::Tensor operator()(const torch::Tensor &x) const;
};

struct GroupNorm
{
    torch::Tensor w, b;
    int64_t groups = 32;
    double eps = 1e-5;
    torch::Tensor operator()(const torch::Tensor &x) const;
};

struct LayerNorm
{
    torch::Tensor w, b;
    double eps = 1e-5;
    torch::Tensor operator()(const torch::Tensor &x) const;
};

struct Attention
{
    Linear q, k, v, out;
    int64_t heads = 1;
    torch::Tensor operator()(const torch::Tensor &x, const torch::Tensor &context,
                             bool causal = false) const;
};

struct ResnetBlock
{
    GroupNorm norm1, norm2;
    Conv conv1, conv2;
    std::optional<Linear> timeProjection;
    std::optional<Conv> shortcut;
    torch::Tensor operator()(const torch::Tensor &x, const torch::Tensor &temb) const;
};

struct TransformerBlock
{
    LayerNorm norm1, norm2, norm3;
    Attention self, cross;
    Linear geglu, out;
    torch::Tensor operator()(const torch::Tensor &x, const torch::Tensor &context) const;
};

struct SpatialTransformer
{
    GroupNorm norm;
    bool linear = false;
    Conv convIn, convOut;       // 1x1 projections (linear == false)
    Linear linearIn, linearOut; // linear projections (linear == true)
    std::vector<TransformerBlock> blocks;
    torch::Tensor operator()(const torch::Tensor &x, const torch::Tensor &context) const;
};

// Scaled dot-product attention over [B, heads, N, d] tensors: LibTorch's fused kernel from 2.0,
// plain maths (in query chunks, to bound memory) on 1.13.
torch::Tensor scaledDotProductAttention(const torch::Tensor &q, const torch::Tensor &k,
                                        const torch::Tensor &v, bool causal);

// Multiply-accumulates of the convolutions, linear layers and attention products run on this
// thread while counting is on (for the benchmark's achieved-FLOP figure).
void setMacCounting(bool on);
double countedMacs();

class ClipTextModel
{
public:
    ClipTextModel(const ClipTextConfig &config, const WeightFn &weight);
    // ids [B, 77] (int64) -> last hidden state after the final layer norm, [B, 77, hidden].
    torch::Tensor forward(const torch::Tensor &ids) const;
    const ClipTextConfig &config() const { return m_config; }

private:
    struct Layer
    {
        LayerNorm norm1, norm2;
        Attention attention;
        Linear fc1, fc2;
    };
    ClipTextConfig m_config;
    torch::Tensor m_tokenEmbedding, m_positionEmbedding;
    std::vector<Layer> m_layers;
    LayerNorm m_finalNorm;
};

class UNet2DCondition
{
public:
    UNet2DCondition(const UNetConfig &config, const WeightFn &weight);
    // x [B, C, h, w], timesteps [B] (float), context [B, 77, crossAttentionDim] -> eps.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &timesteps,
                          const torch::Tensor &context) const;
    const UNetConfig &config() const { return m_config; }

private:
    struct Level
    {
        std::vector<ResnetBlock> resnets;
        std::vector<SpatialTransformer> attentions;
        std::optional<Conv> sampler;
    };
    UNetConfig m_config;
    Conv m_convIn, m_convOut;
    Linear m_time1, m_time2;
    std::vector<Level> m_down, m_up;
    ResnetBlock m_midResnet1, m_midResnet2;
    SpatialTransformer m_midAttention;
    GroupNorm m_normOut;
};

class AutoencoderKL
{
public:
    AutoencoderKL(const VaeConfig &config, const WeightFn &weight, bool withEncoder);
    // Scaled latents (as the UNet sees them) -> image in [-1, 1], [B, 3, 8h, 8w].
    torch::Tensor decode(const torch::Tensor &latents) const;
    // Image in [-1, 1] -> the scaled mean latent.
    torch::Tensor encode(const torch::Tensor &image) const;
    bool hasEncoder() const { return m_hasEncoder; }
    const VaeConfig &config() const { return m_config; }

private:
    struct Level
    {
        std::vector<ResnetBlock> resnets;
        std::optional<Conv> sampler;
    };
    struct Mid
    {
        ResnetBlock resnet1, resnet2;
        GroupNorm attentionNorm;
        Attention attention;
        torch::Tensor operator()(const torch::Tensor &x) const;
    };
    VaeConfig m_config;
    bool m_hasEncoder = false;
    Conv m_encConvIn, m_encConvOut, m_quantConv;
    std::vector<Level> m_encLevels;
    Mid m_encMid;
    GroupNorm m_encNormOut;
    Conv m_decConvIn, m_decConvOut, m_postQuantConv;
    std::vector<Level> m_decLevels;
    Mid m_decMid;
    GroupNorm m_decNormOut;
};

} // namespace synset::sd
