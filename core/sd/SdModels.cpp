#include "SdModels.h"

#include <torch/nn/functional.h>
#include <torch/version.h>

#include <cmath>

namespace synset::sd {

namespace F = torch::nn::functional;

namespace {

thread_local bool t_counting = false;
thread_local double t_macs = 0;

void countMacs(double macs)
{
    if (t_counting)
        t_macs += macs;
}

Linear linear(const WeightFn &weight, const std::string &p, int64_t in, int64_t out, bool bias)
{
    Linear l;
    l.w = weight(p + ".weight", {out, in});
    if (bias)
        l.b = weight(p + ".bias", {out});
    return l;
}

Conv conv(const WeightFn &weight, const std::string &p, int64_t in, int64_t out, int64_t kernel,
          int64_t stride = 1, int64_t padding = -1)
{
    Conv c;
    c.w = weight(p + ".weight", {out, in, kernel, kernel});
    c.b = weight(p + ".bias", {out});
    c.stride = stride;
    c.padding = padding < 0 ? kernel / 2 : padding;
    return c;
}

GroupNorm groupNorm(const WeightFn &weight, const std::string &p, int64_t channels, int64_t groups,
                    double eps)
{
    if (groups <= 0 || channels % groups != 0)
        throw WeightError{p + ": " + std::to_string(channels) + " channels cannot be split into " +
                          std::to_string(groups) + " normalization groups"};
    return GroupNorm{weight(p + ".weight", {channels}), weight(p + ".bias", {channels}), groups,
                     eps};
}

LayerNorm layerNorm(const WeightFn &weight, const std::string &p, int64_t channels, double eps)
{
    return LayerNorm{weight(p + ".weight", {channels}), weight(p + ".bias", {channels}), eps};
}

ResnetBlock resnet(const WeightFn &weight, const std::string &p, int64_t in, int64_t out,
                   int64_t temb, int64_t groups, double eps)
{
    ResnetBlock r;
    r.norm1 = groupNorm(weight, p + ".norm1", in, groups, eps);
    r.conv1 = conv(weight, p + ".conv1", in, out, 3);
    if (temb > 0)
        r.timeProjection = linear(weight, p + ".time_emb_proj", temb, out, true);
    r.norm2 = groupNorm(weight, p + ".norm2", out, groups, eps);
    r.conv2 = conv(weight, p + ".conv2", out, out, 3);
    if (in != out)
        r.shortcut = conv(weight, p + ".conv_shortcut", in, out, 1);
    return r;
}

Attention attention(const WeightFn &weight, const std::string &p, int64_t dim, int64_t contextDim,
                    int64_t heads, bool bias)
{
    if (heads <= 0 || dim % heads != 0)
        throw WeightError{p + ": width " + std::to_string(dim) + " is not divisible into " +
                          std::to_string(heads) + " attention heads"};
    Attention a;
    a.q = linear(weight, p + ".to_q", dim, dim, bias);
    a.k = linear(weight, p + ".to_k", contextDim, dim, bias);
    a.v = linear(weight, p + ".to_v", contextDim, dim, bias);
    a.out = linear(weight, p + ".to_out.0", dim, dim, true);
    a.heads = heads;
    return a;
}

SpatialTransformer spatialTransformer(const WeightFn &weight, const std::string &p,
                                      const UNetConfig &c, int64_t channels, int64_t heads)
{
    SpatialTransformer t;
    // Transformer2DModel's group norm uses eps 1e-6 whatever the UNet's norm_eps.
    t.norm = groupNorm(weight, p + ".norm", channels, c.normGroups, 1e-6);
    t.linear = c.linearProjection;
    if (t.linear) {
        t.linearIn = linear(weight, p + ".proj_in", channels, channels, true);
        t.linearOut = linear(weight, p + ".proj_out", channels, channels, true);
    } else {
        t.convIn = conv(weight, p + ".proj_in", channels, channels, 1);
        t.convOut = conv(weight, p + ".proj_out", channels, channels, 1);
    }
    for (int64_t i = 0; i < c.transformerLayers; ++i) {
        const std::string b = p + ".transformer_blocks." + std::to_string(i);
        TransformerBlock tb;
        tb.norm1 = layerNorm(weight, b + ".norm1", channels, 1e-5);
        tb.self = attention(weight, b + ".attn1", channels, channels, heads, false);
        tb.norm2 = layerNorm(weight, b + ".norm2", channels, 1e-5);
        tb.cross = attention(weight, b + ".attn2", channels, c.crossAttentionDim, heads, false);
        tb.norm3 = layerNorm(weight, b + ".norm3", channels, 1e-5);
        tb.geglu = linear(weight, b + ".ff.net.0.proj", channels, channels * 8, true);
        tb.out = linear(weight, b + ".ff.net.2", channels * 4, channels, true);
        t.blocks.push_back(std::move(tb));
    }
    return t;
}

torch::Tensor splitHeads(const torch::Tensor &x, int64_t heads)
{
    const int64_t b = x.size(0), n = x.size(1), c = x.size(2);
    return x.view({b, n, heads, c / heads}).transpose(1, 2);
}

torch::Tensor mergeHeads(const torch::Tensor &x)
{
    const int64_t b = x.size(0), h = x.size(1), n = x.size(2), d = x.size(3);
    return x.transpose(1, 2).reshape({b, n, h * d});
}

torch::Tensor upsampleNearest(const torch::Tensor &x, std::optional<std::vector<int64_t>> size)
{
    auto options = F::InterpolateFuncOptions().mode(torch::kNearest);
    if (size)
        options.size(*size);
    else
        options.scale_factor(std::vector<double>{2.0, 2.0});
    return F::interpolate(x, options);
}

} // namespace

void setMacCounting(bool on)
{
    t_counting = on;
    if (on)
        t_macs = 0;
}

double countedMacs()
{
    return t_macs;
}

// ---- layers -------------------------------------------------------------------------------------

torch::Tensor Linear::operator()(const torch::Tensor &x) const
{
    countMacs(static_cast<double>(x.numel() / x.size(-1)) * w.size(0) * w.size(1));
    return torch::linear(x, w, b);
}

torch::Tensor Conv::operator()(const torch::Tensor &x) const
{
    torch::Tensor in = asymmetricPad ? F::pad(x, F::PadFuncOptions({0, 1, 0, 1})) : x;
    torch::Tensor y = torch::conv2d(in, w, b, stride, padding);
    countMacs(static_cast<double>(y.numel()) * w.size(1) * w.size(2) * w.size(3));
    return y;
}

torch::Tensor GroupNorm::operator()(const torch::Tensor &x) const
{
    return torch::group_norm(x, groups, w, b, eps);
}

torch::Tensor LayerNorm::operator()(const torch::Tensor &x) const
{
    return torch::layer_norm(x, {x.size(-1)}, w, b, eps);
}

torch::Tensor scaledDotProductAttention(const torch::Tensor &q, const torch::Tensor &k,
                                        const torch::Tensor &v, bool causal)
{
    const int64_t b = q.size(0), h = q.size(1), n = q.size(2), m = k.size(2), d = q.size(3);
    countMacs(2.0 * b * h * n * m * d);
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(d));
    auto block = [&](const torch::Tensor &qc, int64_t offset) {
        torch::Tensor scores = torch::matmul(qc, k.transpose(-1, -2)) * scale;
        if (causal) {
            torch::Tensor rows =
                torch::arange(offset, offset + qc.size(2), q.options().dtype(torch::kLong));
            torch::Tensor cols = torch::arange(m, q.options().dtype(torch::kLong));
            scores.masked_fill_(cols.unsqueeze(0) > rows.unsqueeze(1),
                                -std::numeric_limits<float>::infinity());
        }
        return torch::matmul(torch::softmax(scores, -1), v);
    };
    // Bound the score matrix to about 64 M elements: at 512x512, self-attention over 4,096
    // tokens would otherwise hold 2 x 8 x 4096^2 floats (1 GB) at once.
    const int64_t budget = int64_t(1) << 26;
    const int64_t rows = std::max<int64_t>(1, budget / std::max<int64_t>(1, b * h * m));
    if (rows >= n)
        return block(q, 0);
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < n; start += rows)
        parts.push_back(block(q.narrow(2, start, std::min(rows, n - start)), start));
    return torch::cat(parts, 2);
#endif
}

torch::Tensor Attention::operator()(const torch::Tensor &x, const torch::Tensor &context,
                                    bool causal) const
{
    const torch::Tensor &ctx = context.defined() ? context : x;
    torch::Tensor o = scaledDotProductAttention(splitHeads(q(x), heads), splitHeads(k(ctx), heads),
                                                splitHeads(v(ctx), heads), causal);
    return out(mergeHeads(o));
}

torch::Tensor ResnetBlock::operator()(const torch::Tensor &x, const torch::Tensor &temb) const
{
    torch::Tensor h = conv1(torch::silu(norm1(x)));
    if (timeProjection && temb.defined())
        h = h + (*timeProjection)(torch::silu(temb)).unsqueeze(-1).unsqueeze(-1);
    h = conv2(torch::silu(norm2(h)));
    return (shortcut ? (*shortcut)(x) : x) + h;
}

torch::Tensor TransformerBlock::operator()(const torch::Tensor &x,
                                           const torch::Tensor &context) const
{
    torch::Tensor h = self(norm1(x), {}) + x;
    h = cross(norm2(h), context) + h;
    std::vector<torch::Tensor> parts = geglu(norm3(h)).chunk(2, -1);
    return out(parts[0] * torch::gelu(parts[1])) + h;
}

torch::Tensor SpatialTransformer::operator()(const torch::Tensor &x,
                                             const torch::Tensor &context) const
{
    const int64_t b = x.size(0), c = x.size(1), hh = x.size(2), ww = x.size(3);
    torch::Tensor h = norm(x);
    if (!linear)
        h = convIn(h);
    h = h.permute({0, 2, 3, 1}).reshape({b, hh * ww, c});
    if (linear)
        h = linearIn(h);
    for (const TransformerBlock &block : blocks)
        h = block(h, context);
    if (linear)
        h = linearOut(h);
    h = h.reshape({b, hh, ww, c}).permute({0, 3, 1, 2});
    if (!linear)
        h = convOut(h.contiguous(x.suggest_memory_format()));
    return h + x;
}

// ---- CLIP text transformer ----------------------------------------------------------------------

ClipTextModel::ClipTextModel(const ClipTextConfig &config, const WeightFn &weight)
    : m_config(config)
{
    const std::string p = "text_model.";
    const int64_t d = config.hidden;
    m_tokenEmbedding = weight(p + "embeddings.token_embedding.weight", {config.vocabulary, d});
    m_positionEmbedding =
        weight(p + "embeddings.position_embedding.weight", {config.maxPositions, d});
    for (int64_t i = 0; i < config.layers; ++i) {
        const std::string l = p + "encoder.layers." + std::to_string(i);
        Layer layer;
        layer.norm1 = layerNorm(weight, l + ".layer_norm1", d, config.eps);
        layer.norm2 = layerNorm(weight, l + ".layer_norm2", d, config.eps);
        if (config.heads <= 0 || d % config.heads != 0)
            throw WeightError{l + ": width " + std::to_string(d) + " is not divisible into " +
                              std::to_string(config.heads) + " attention heads"};
        layer.attention.q = linear(weight, l + ".self_attn.q_proj", d, d, true);
        layer.attention.k = linear(weight, l + ".self_attn.k_proj", d, d, true);
        layer.attention.v = linear(weight, l + ".self_attn.v_proj", d, d, true);
        layer.attention.out = linear(weight, l + ".self_attn.out_proj", d, d, true);
        layer.attention.heads = config.heads;
        layer.fc1 = linear(weight, l + ".mlp.fc1", d, config.intermediate, true);
        layer.fc2 = linear(weight, l + ".mlp.fc2", config.intermediate, d, true);
        m_layers.push_back(std::move(layer));
    }
    m_finalNorm = layerNorm(weight, p + "final_layer_norm", d, config.eps);
}

torch::Tensor ClipTextModel::forward(const torch::Tensor &ids) const
{
    const int64_t n = ids.size(1);
    torch::Tensor h =
        torch::embedding(m_tokenEmbedding, ids) + m_positionEmbedding.narrow(0, 0, n).unsqueeze(0);
    for (const Layer &layer : m_layers) {
        h = h + layer.attention(layer.norm1(h), {}, /*causal=*/true);
        torch::Tensor m = layer.fc1(layer.norm2(h));
        m = m_config.quickGelu ? m * torch::sigmoid(1.702 * m) : torch::gelu(m);
        h = h + layer.fc2(m);
    }
    return m_finalNorm(h);
}

// ---- UNet ---------------------------------------------------------------------------------------

UNet2DCondition::UNet2DCondition(const UNetConfig &c, const WeightFn &weight)
    : m_config(c)
{
    const size_t levels = c.blockOut.size();
    if (levels == 0 || c.downCrossAttention.size() != levels ||
        c.upCrossAttention.size() != levels || c.heads.size() != levels)
        throw WeightError{"the UNet config needs as many down blocks, up blocks and head counts as "
                          "block_out_channels"};
    const int64_t temb = c.blockOut[0] * 4;
    m_convIn = conv(weight, "conv_in", c.inChannels, c.blockOut[0], c.convInKernel);
    m_time1 = linear(weight, "time_embedding.linear_1", c.blockOut[0], temb, true);
    m_time2 = linear(weight, "time_embedding.linear_2", temb, temb, true);

    int64_t channels = c.blockOut[0];
    for (size_t i = 0; i < levels; ++i) {
        const std::string p = "down_blocks." + std::to_string(i);
        const int64_t out = c.blockOut[i];
        Level level;
        for (int64_t j = 0; j < c.layersPerBlock; ++j) {
            level.resnets.push_back(resnet(weight, p + ".resnets." + std::to_string(j),
                                           j == 0 ? channels : out, out, temb, c.normGroups,
                                           c.normEps));
            if (c.downCrossAttention[i])
                level.attentions.push_back(spatialTransformer(
                    weight, p + ".attentions." + std::to_string(j), c, out, c.heads[i]));
        }
        if (i + 1 < levels)
            level.sampler =
                conv(weight, p + ".downsamplers.0.conv", out, out, 3, 2, c.downsamplePadding);
        channels = out;
        m_down.push_back(std::move(level));
    }

    const int64_t mid = c.blockOut.back();
    m_midResnet1 = resnet(weight, "mid_block.resnets.0", mid, mid, temb, c.normGroups, c.normEps);
    m_midAttention = spatialTransformer(weight, "mid_block.attentions.0", c, mid, c.heads.back());
    m_midResnet2 = resnet(weight, "mid_block.resnets.1", mid, mid, temb, c.normGroups, c.normEps);

    int64_t output = c.blockOut.back();
    for (size_t i = 0; i < levels; ++i) {
        const std::string p = "up_blocks." + std::to_string(i);
        const int64_t previous = output;
        output = c.blockOut[levels - 1 - i];
        const int64_t input = c.blockOut[levels - 1 - std::min(i + 1, levels - 1)];
        const int64_t heads = c.heads[levels - 1 - i];
        Level level;
        for (int64_t j = 0; j <= c.layersPerBlock; ++j) {
            const int64_t skip = j == c.layersPerBlock ? input : output;
            const int64_t in = j == 0 ? previous : output;
            level.resnets.push_back(resnet(weight, p + ".resnets." + std::to_string(j), in + skip,
                                           output, temb, c.normGroups, c.normEps));
            if (c.upCrossAttention[i])
                level.attentions.push_back(spatialTransformer(
                    weight, p + ".attentions." + std::to_string(j), c, output, heads));
        }
        if (i + 1 < levels)
            level.sampler = conv(weight, p + ".upsamplers.0.conv", output, output, 3);
        m_up.push_back(std::move(level));
    }
    m_normOut = groupNorm(weight, "conv_norm_out", c.blockOut[0], c.normGroups, c.normEps);
    m_convOut = conv(weight, "conv_out", c.blockOut[0], c.outChannels, c.convOutKernel);
}

torch::Tensor UNet2DCondition::forward(const torch::Tensor &x, const torch::Tensor &timesteps,
                                       const torch::Tensor &context) const
{
    // Sinusoidal timestep embedding, as diffusers' get_timestep_embedding.
    const int64_t dim = m_config.blockOut[0], half = dim / 2;
    torch::Tensor exponent = torch::arange(half, timesteps.options().dtype(torch::kFloat32)) *
                             (-std::log(10000.0) / (half - m_config.freqShift));
    torch::Tensor args =
        timesteps.to(torch::kFloat32).unsqueeze(1) * torch::exp(exponent).unsqueeze(0);
    torch::Tensor emb = m_config.flipSinToCos ? torch::cat({torch::cos(args), torch::sin(args)}, 1)
                                              : torch::cat({torch::sin(args), torch::cos(args)}, 1);
    emb = m_time2(torch::silu(m_time1(emb.to(x.scalar_type()))));

    // Activations take the layout of the weights (channels-last when loaded so).
    torch::Tensor h = m_convIn(x.contiguous(m_convIn.w.suggest_memory_format()));
    std::vector<torch::Tensor> skips{h};
    for (const Level &level : m_down) {
        for (size_t j = 0; j < level.resnets.size(); ++j) {
            h = level.resnets[j](h, emb);
            if (!level.attentions.empty())
                h = level.attentions[j](h, context);
            skips.push_back(h);
        }
        if (level.sampler) {
            h = (*level.sampler)(h);
            skips.push_back(h);
        }
    }
    h = m_midResnet2(m_midAttention(m_midResnet1(h, emb), context), emb);
    for (const Level &level : m_up) {
        for (size_t j = 0; j < level.resnets.size(); ++j) {
            h = level.resnets[j](torch::cat({h, skips.back()}, 1), emb);
            skips.pop_back();
            if (!level.attentions.empty())
                h = level.attentions[j](h, context);
        }
        if (level.sampler) {
            // Up to the size of the skip it will meet, so that odd latent sizes work too.
            const torch::Tensor &next = skips.back();
            h = (*level.sampler)(
                upsampleNearest(h, std::vector<int64_t>{next.size(2), next.size(3)}));
        }
    }
    return m_convOut(torch::silu(m_normOut(h)));
}

// ---- VAE ----------------------------------------------------------------------------------------

torch::Tensor AutoencoderKL::Mid::operator()(const torch::Tensor &x) const
{
    torch::Tensor h = resnet1(x, {});
    const int64_t b = h.size(0), c = h.size(1), hh = h.size(2), ww = h.size(3);
    torch::Tensor t = attentionNorm(h).view({b, c, hh * ww}).transpose(1, 2);
    t = attention(t, {}).transpose(1, 2).reshape({b, c, hh, ww});
    return resnet2(t + h, {});
}

AutoencoderKL::AutoencoderKL(const VaeConfig &c, const WeightFn &weight, bool withEncoder)
    : m_config(c)
    , m_hasEncoder(withEncoder)
{
    const size_t levels = c.blockOut.size();
    if (levels == 0)
        throw WeightError{"the VAE config has no block_out_channels"};
    const int64_t g = c.normGroups;
    auto mid = [&](const std::string &p, int64_t ch) {
        Mid m;
        m.resnet1 = resnet(weight, p + ".resnets.0", ch, ch, 0, g, 1e-6);
        m.attentionNorm = groupNorm(weight, p + ".attentions.0.group_norm", ch, g, 1e-6);
        m.attention = attention(weight, p + ".attentions.0", ch, ch, 1, true);
        m.resnet2 = resnet(weight, p + ".resnets.1", ch, ch, 0, g, 1e-6);
        return m;
    };
    const int64_t top = c.blockOut.back();
    if (withEncoder) {
        m_encConvIn = conv(weight, "encoder.conv_in", c.inChannels, c.blockOut[0], 3);
        int64_t channels = c.blockOut[0];
        for (size_t i = 0; i < levels; ++i) {
            const std::string p = "encoder.down_blocks." + std::to_string(i);
            Level level;
            for (int64_t j = 0; j < c.layersPerBlock; ++j)
                level.resnets.push_back(resnet(weight, p + ".resnets." + std::to_string(j),
                                               j == 0 ? channels : c.blockOut[i], c.blockOut[i], 0,
                                               g, 1e-6));
            if (i + 1 < levels) {
                level.sampler =
                    conv(weight, p + ".downsamplers.0.conv", c.blockOut[i], c.blockOut[i], 3, 2, 0);
                level.sampler->asymmetricPad = true;
            }
            channels = c.blockOut[i];
            m_encLevels.push_back(std::move(level));
        }
        m_encMid = mid("encoder.mid_block", top);
        m_encNormOut = groupNorm(weight, "encoder.conv_norm_out", top, g, 1e-6);
        m_encConvOut = conv(weight, "encoder.conv_out", top, 2 * c.latentChannels, 3);
        m_quantConv = conv(weight, "quant_conv", 2 * c.latentChannels, 2 * c.latentChannels, 1);
    }
    m_postQuantConv = conv(weight, "post_quant_conv", c.latentChannels, c.latentChannels, 1);
    m_decConvIn = conv(weight, "decoder.conv_in", c.latentChannels, top, 3);
    m_decMid = mid("decoder.mid_block", top);
    int64_t channels = top;
    for (size_t i = 0; i < levels; ++i) {
        const std::string p = "decoder.up_blocks." + std::to_string(i);
        const int64_t out = c.blockOut[levels - 1 - i];
        Level level;
        for (int64_t j = 0; j <= c.layersPerBlock; ++j)
            level.resnets.push_back(resnet(weight, p + ".resnets." + std::to_string(j),
                                           j == 0 ? channels : out, out, 0, g, 1e-6));
        if (i + 1 < levels)
            level.sampler = conv(weight, p + ".upsamplers.0.conv", out, out, 3);
        channels = out;
        m_decLevels.push_back(std::move(level));
    }
    m_decNormOut = groupNorm(weight, "decoder.conv_norm_out", c.blockOut[0], g, 1e-6);
    m_decConvOut = conv(weight, "decoder.conv_out", c.blockOut[0], c.outChannels, 3);
}

torch::Tensor AutoencoderKL::decode(const torch::Tensor &latents) const
{
    torch::Tensor h = m_postQuantConv(latents / m_config.scalingFactor);
    h = m_decMid(m_decConvIn(h));
    for (const Level &level : m_decLevels) {
        for (const ResnetBlock &r : level.resnets)
            h = r(h, {});
        if (level.sampler)
            h = (*level.sampler)(upsampleNearest(h, std::nullopt));
    }
    return m_decConvOut(torch::silu(m_decNormOut(h)));
}

torch::Tensor AutoencoderKL::encode(const torch::Tensor &image) const
{
    torch::Tensor h = m_encConvIn(image);
    for (const Level &level : m_encLevels) {
        for (const ResnetBlock &r : level.resnets)
            h = r(h, {});
        if (level.sampler)
            h = (*level.sampler)(h);
    }
    h = m_encConvOut(torch::silu(m_encNormOut(m_encMid(h))));
    torch::Tensor moments = m_quantConv(h);
    return moments.narrow(1, 0, m_config.latentChannels) * m_config.scalingFactor;
}

} // namespace synset::sd
