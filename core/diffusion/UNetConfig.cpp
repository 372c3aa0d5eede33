#include "UNetConfig.h"

#include <algorithm>

namespace synset::diffusion {

double UNetConfig::flopsPerImage() const
{
    // Mirrors UNetImpl's layout: level l works at (H/2^l) x (W/2^l), padded to sizeMultiple().
    const int m = sizeMultiple();
    const double h0 = double((height + m - 1) / m * m), w0 = double((width + m - 1) / m * m);
    const auto pixels = [&](int level) { return (h0 / (1 << level)) * (w0 / (1 << level)); };
    const auto conv = [](double in, double out, int k, double px) {
        return 2.0 * in * out * k * k * px;
    };
    const int emb = baseChannels * 4;
    const auto res = [&](double in, double out, double px) {
        return conv(in, out, 3, px) + conv(out, out, 3, px) +
               (in != out ? conv(in, out, 1, px) : 0) + 2.0 * emb * out;
    };
    const auto attn = [&](double c, double px) {
        return conv(c, 3 * c, 1, px) + conv(c, c, 1, px) + 4.0 * px * px * c;
    };
    const auto hasAttn = [&](int l) {
        return std::find(attentionLevels.begin(), attentionLevels.end(), l) !=
               attentionLevels.end();
    };
    double f =
        2.0 * baseChannels * emb + 2.0 * emb * emb + conv(channels, baseChannels, 3, pixels(0));
    std::vector<double> skips{double(baseChannels)};
    double ch = baseChannels;
    for (int l = 0; l < levels(); ++l) {
        const double out = baseChannels * channelMult[size_t(l)];
        for (int r = 0; r < numResBlocks; ++r) {
            f += res(ch, out, pixels(l)) + (hasAttn(l) ? attn(out, pixels(l)) : 0);
            ch = out;
            skips.push_back(ch);
        }
        if (l + 1 < levels()) {
            f += conv(ch, ch, 3, pixels(l + 1));
            skips.push_back(ch);
        }
    }
    f += 2 * res(ch, ch, pixels(levels() - 1)) + attn(ch, pixels(levels() - 1));
    for (int l = levels() - 1; l >= 0; --l) {
        const double out = baseChannels * channelMult[size_t(l)];
        for (int r = 0; r <= numResBlocks; ++r) {
            f += res(ch + skips.back(), out, pixels(l)) + (hasAttn(l) ? attn(out, pixels(l)) : 0);
            skips.pop_back();
            ch = out;
        }
    }
    return f + conv(ch, channels, 3, pixels(0));
}

Json UNetConfig::toJson() const
{
    Json j;
    j["channels"] = channels;
    j["height"] = height;
    j["width"] = width;
    j["num_classes"] = numClasses;
    j["base_channels"] = baseChannels;
    j["channel_mult"] = channelMult;
    j["num_res_blocks"] = numResBlocks;
    j["attention_levels"] = attentionLevels;
    j["attention_heads"] = attentionHeads;
    j["groups"] = groups;
    j["dropout"] = dropout;
    return j;
}

Result<UNetConfig> UNetConfig::fromJson(const Json &j)
{
    if (!j.is_object())
        return makeError("UNet config is not a JSON object");
    UNetConfig c;
    c.channels = json::int32(j, "channels", c.channels);
    c.height = json::int32(j, "height", c.height);
    c.width = json::int32(j, "width", c.width);
    c.numClasses = json::int32(j, "num_classes", c.numClasses);
    c.baseChannels = json::int32(j, "base_channels", c.baseChannels);
    if (j.contains("channel_mult")) {
        c.channelMult.clear();
        for (const Json &m : json::elements(json::member(j, "channel_mult")))
            c.channelMult.push_back(json::int32(m, 0));
    }
    c.numResBlocks = json::int32(j, "num_res_blocks", c.numResBlocks);
    if (j.contains("attention_levels")) {
        c.attentionLevels.clear();
        for (const Json &a : json::elements(json::member(j, "attention_levels")))
            c.attentionLevels.push_back(json::int32(a, -1));
    }
    c.attentionHeads = json::int32(j, "attention_heads", c.attentionHeads);
    c.groups = json::int32(j, "groups", c.groups);
    c.dropout = json::number(j, "dropout", c.dropout);
    if (c.channels < 1 || c.channels > 16 || c.height < 4 || c.width < 4 || c.height > 4096 ||
        c.width > 4096)
        return makeError("UNet config: bad image shape");
    if (c.numClasses < 1 || c.numClasses > 1'000'000 || c.baseChannels < 4 ||
        c.baseChannels > 4096 || c.channelMult.empty() || c.channelMult.size() > 6 ||
        c.numResBlocks < 1 || c.numResBlocks > 16)
        return makeError("UNet config: bad class count, width or depth");
    if (c.groups < 1 || c.groups > 1024 || c.attentionHeads < 1 || c.attentionHeads > 64 ||
        !(c.dropout >= 0 && c.dropout < 1))
        return makeError("UNet config: bad GroupNorm groups, attention heads or dropout");
    for (int m : c.channelMult)
        if (m < 1 || m > 64 || (c.baseChannels * m) % c.groups != 0)
            return makeError(
                "UNet config: channel widths must be multiples of the GroupNorm groups");
    for (int a : c.attentionLevels)
        if (a < 0 || a >= c.levels())
            return makeError("UNet config: attention level out of range");
    return c;
}

} // namespace synset::diffusion
