// Class-conditional UNet (Ho et al. / Nichol & Dhariwal shape): timestep and class embeddings
// (index numClasses is the learned null class for classifier-free guidance), residual blocks with
// GroupNorm, self-attention at the chosen low-resolution levels. Predicts the noise eps.
// Internal to the tensor library.
#pragma once

#include "UNetConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace synset::diffusion {

class ResBlockImpl : public torch::nn::Module
{
public:
    ResBlockImpl(int in, int out, int embDim, int groups, double dropout);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &emb);

private:
    torch::nn::GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_skip{nullptr};
    torch::nn::Linear m_emb{nullptr};
    double m_dropout;
};
TORCH_MODULE(ResBlock);

class AttentionImpl : public torch::nn::Module
{
public:
    AttentionImpl(int channels, int heads, int groups);
    torch::Tensor forward(const torch::Tensor &x);

private:
    torch::nn::GroupNorm m_norm{nullptr};
    torch::nn::Conv2d m_qkv{nullptr}, m_proj{nullptr};
    int m_heads;
};
TORCH_MODULE(Attention);

class UNetImpl : public torch::nn::Module
{
public:
    explicit UNetImpl(const UNetConfig &config);
    // x: (B, C, H, W) in [-1, 1] scale; t: (B) float timesteps in [0, T); y: (B) int64 classes.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &t, const torch::Tensor &y);
    const UNetConfig &config() const { return m_config; }

private:
    struct Level
    {
        std::vector<ResBlock> res;
        std::vector<Attention> attn; // null where the level has none
    };
    UNetConfig m_config;
    torch::nn::Linear m_time1{nullptr}, m_time2{nullptr};
    torch::nn::Embedding m_classEmb{nullptr};
    torch::nn::Conv2d m_in{nullptr}, m_out{nullptr};
    torch::nn::GroupNorm m_outNorm{nullptr};
    std::vector<Level> m_down, m_up;
    std::vector<torch::nn::Conv2d> m_downsample;
    ResBlock m_mid1{nullptr}, m_mid2{nullptr};
    Attention m_midAttn{nullptr};
};
TORCH_MODULE(UNet);

} // namespace synset::diffusion
