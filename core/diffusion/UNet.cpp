#include "UNet.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/dropout.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/nn/init.h>

#include <cmath>

namespace F = torch::nn::functional;

namespace synset::diffusion {

namespace {

torch::nn::Conv2d conv(int in, int out, int kernel, int stride = 1)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2));
}

void zeroInit(torch::nn::Conv2d &c)
{
    torch::NoGradGuard guard;
    c->weight.zero_();
    if (c->bias.defined())
        c->bias.zero_();
}

torch::Tensor timestepEmbedding(const torch::Tensor &t, int dim)
{
    const int half = dim / 2;
    const torch::Tensor freqs = torch::exp(
        -std::log(10000.0) * torch::arange(half, t.options().dtype(torch::kFloat32)) / half);
    const torch::Tensor args = t.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);
    return torch::cat({torch::cos(args), torch::sin(args)}, 1);
}

} // namespace

ResBlockImpl::ResBlockImpl(int in, int out, int embDim, int groups, double dropout)
    : m_dropout(dropout)
{
    m_norm1 = register_module("norm1", torch::nn::GroupNorm(groups, in));
    m_conv1 = register_module("conv1", conv(in, out, 3));
    m_emb = register_module("emb", torch::nn::Linear(embDim, out));
    m_norm2 = register_module("norm2", torch::nn::GroupNorm(groups, out));
    m_conv2 = register_module("conv2", conv(out, out, 3));
    zeroInit(m_conv2); // each block starts as the identity
    if (in != out)
        m_skip = register_module("skip", conv(in, out, 1));
}

torch::Tensor ResBlockImpl::forward(const torch::Tensor &x, const torch::Tensor &emb)
{
    torch::Tensor h = m_conv1(F::silu(m_norm1(x)));
    h = h + m_emb(F::silu(emb)).unsqueeze(-1).unsqueeze(-1);
    h = F::silu(m_norm2(h));
    if (m_dropout > 0)
        h = F::dropout(h, F::DropoutFuncOptions().p(m_dropout).training(is_training()));
    h = m_conv2(h);
    return (m_skip ? m_skip(x) : x) + h;
}

AttentionImpl::AttentionImpl(int channels, int heads, int groups)
    : m_heads(heads)
{
    m_norm = register_module("norm", torch::nn::GroupNorm(groups, channels));
    m_qkv = register_module("qkv", conv(channels, channels * 3, 1));
    m_proj = register_module("proj", conv(channels, channels, 1));
    zeroInit(m_proj);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor &x)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t d = c / m_heads;
    // (B, 3, heads, d, HW) -> q, k, v of (B*heads, HW, d)
    const torch::Tensor qkv = m_qkv(m_norm(x)).reshape({b, 3, m_heads, d, h * w});
    const auto part = [&](int i) {
        return qkv.select(1, i).reshape({b * m_heads, d, h * w}).transpose(1, 2);
    };
    const torch::Tensor q = part(0), k = part(1), v = part(2);
    const torch::Tensor attn =
        torch::softmax(torch::bmm(q, k.transpose(1, 2)) / std::sqrt(double(d)), -1);
    const torch::Tensor out = torch::bmm(attn, v).transpose(1, 2).reshape({b, c, h, w});
    return x + m_proj(out);
}

UNetImpl::UNetImpl(const UNetConfig &config)
    : m_config(config)
{
    const int base = config.baseChannels;
    const int emb = base * 4;
    const int g = config.groups;
    m_time1 = register_module("time1", torch::nn::Linear(base, emb));
    m_time2 = register_module("time2", torch::nn::Linear(emb, emb));
    m_classEmb = register_module("class_emb", torch::nn::Embedding(config.numClasses + 1, emb));
    m_in = register_module("conv_in", conv(config.channels, base, 3));

    const auto hasAttn = [&](int level) {
        return std::find(config.attentionLevels.begin(), config.attentionLevels.end(), level) !=
               config.attentionLevels.end();
    };
    std::vector<int> skipChannels{base};
    int ch = base;
    for (int l = 0; l < config.levels(); ++l) {
        Level level;
        const int out = base * config.channelMult[size_t(l)];
        for (int r = 0; r < config.numResBlocks; ++r) {
            const std::string name = "down" + std::to_string(l) + "_res" + std::to_string(r);
            level.res.push_back(register_module(name, ResBlock(ch, out, emb, g, config.dropout)));
            ch = out;
            level.attn.push_back(
                hasAttn(l)
                    ? register_module("down" + std::to_string(l) + "_attn" + std::to_string(r),
                                      Attention(ch, config.attentionHeads, g))
                    : Attention(nullptr));
            skipChannels.push_back(ch);
        }
        m_down.push_back(std::move(level));
        if (l + 1 < config.levels()) {
            m_downsample.push_back(
                register_module("down" + std::to_string(l) + "_sample", conv(ch, ch, 3, 2)));
            skipChannels.push_back(ch);
        }
    }
    m_mid1 = register_module("mid_res1", ResBlock(ch, ch, emb, g, config.dropout));
    m_midAttn = register_module("mid_attn", Attention(ch, config.attentionHeads, g));
    m_mid2 = register_module("mid_res2", ResBlock(ch, ch, emb, g, config.dropout));
    for (int l = config.levels() - 1; l >= 0; --l) {
        Level level;
        const int out = base * config.channelMult[size_t(l)];
        for (int r = 0; r <= config.numResBlocks; ++r) {
            const int skip = skipChannels.back();
            skipChannels.pop_back();
            const std::string name = "up" + std::to_string(l) + "_res" + std::to_string(r);
            level.res.push_back(
                register_module(name, ResBlock(ch + skip, out, emb, g, config.dropout)));
            ch = out;
            level.attn.push_back(
                hasAttn(l) ? register_module("up" + std::to_string(l) + "_attn" + std::to_string(r),
                                             Attention(ch, config.attentionHeads, g))
                           : Attention(nullptr));
        }
        m_up.push_back(std::move(level));
    }
    m_outNorm = register_module("out_norm", torch::nn::GroupNorm(g, ch));
    m_out = register_module("conv_out", conv(ch, config.channels, 3));
    zeroInit(m_out);
}

torch::Tensor UNetImpl::forward(const torch::Tensor &xIn, const torch::Tensor &t,
                                const torch::Tensor &y)
{
    // Pad to a size every level can halve, and crop back at the end.
    const int64_t h0 = xIn.size(2), w0 = xIn.size(3);
    const int64_t m = m_config.sizeMultiple();
    const int64_t ph = (m - h0 % m) % m, pw = (m - w0 % m) % m;
    torch::Tensor x =
        (ph || pw) ? F::pad(xIn, F::PadFuncOptions({0, pw, 0, ph}).mode(torch::kReflect)) : xIn;

    torch::Tensor emb = m_time2(F::silu(m_time1(timestepEmbedding(t, m_config.baseChannels))));
    emb = emb + m_classEmb(y);

    torch::Tensor h = m_in(x);
    std::vector<torch::Tensor> skips{h};
    for (size_t l = 0; l < m_down.size(); ++l) {
        for (size_t r = 0; r < m_down[l].res.size(); ++r) {
            h = m_down[l].res[r](h, emb);
            if (m_down[l].attn[r])
                h = m_down[l].attn[r](h);
            skips.push_back(h);
        }
        if (l < m_downsample.size()) {
            h = m_downsample[l](h);
            skips.push_back(h);
        }
    }
    h = m_mid2(m_midAttn(m_mid1(h, emb)), emb);
    for (size_t i = 0; i < m_up.size(); ++i) {
        for (size_t r = 0; r < m_up[i].res.size(); ++r) {
            torch::Tensor skip = skips.back();
            skips.pop_back();
            if (skip.size(2) != h.size(2) || skip.size(3) != h.size(3))
                h = F::interpolate(h, F::InterpolateFuncOptions()
                                          .size(std::vector<int64_t>{skip.size(2), skip.size(3)})
                                          .mode(torch::kNearest));
            h = m_up[i].res[r](torch::cat({h, skip}, 1), emb);
            if (m_up[i].attn[r])
                h = m_up[i].attn[r](h);
        }
    }
    h = m_out(F::silu(m_outNorm(h)));
    if (ph || pw)
        h = h.slice(2, 0, h0).slice(3, 0, w0);
    return h;
}

} // namespace synset::diffusion
