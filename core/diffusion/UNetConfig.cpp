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
    Json::Array mult, attn;
    for (int m : channelMult)
        mult.emplace_back(m);
    for (int a : attentionLevels)
        attn.emplace_back(a);
    j["channel_mult"] = Json(mult);
    j["num_res_blocks"] = numResBlocks;
    j["attention_levels"] = Json(attn);
    j["attention_heads"] = attentionHeads;
    j["groups"] = groups;
    j["dropout"] = dropout;
    return j;
}

Result<UNetConfig> UNetConfig::fromJson(const Json &j)
{
    if (!j.isObject())
        return makeError("UNet config is not a JSON object");
    UNetConfig c;
    c.channels = static_cast<int>(j["channels"].asInt(c.channels));
    c.height = static_cast<int>(j["height"].asInt(c.height));
    c.width = static_cast<int>(j["width"].asInt(c.width));
    c.numClasses = static_cast<int>(j["num_classes"].asInt(c.numClasses));
    c.baseChannels = static_cast<int>(j["base_channels"].asInt(c.baseChannels));
    if (j.contains("channel_mult")) {
        c.channelMult.clear();
        for (const Json &m : j["channel_mult"].array())
            c.channelMult.push_back(static_cast<int>(m.asInt()));
    }
    c.numResBlocks = static_cast<int>(j["num_res_blocks"].asInt(c.numResBlocks));
    if (j.contains("attention_levels")) {
        c.attentionLevels.clear();
        for (const Json &a : j["attention_levels"].array())
            c.attentionLevels.push_back(static_cast<int>(a.asInt()));
    }
    c.attentionHeads = static_cast<int>(j["attention_heads"].asInt(c.attentionHeads));
    c.groups = static_cast<int>(j["groups"].asInt(c.groups));
    c.dropout = j["dropout"].asDouble(c.dropout);
    if (c.channels < 1 || c.channels > 16 || c.height < 4 || c.width < 4 || c.height > 4096 ||
        c.width > 4096)
        return makeError("UNet config: bad image shape");
    if (c.numClasses < 1 || c.baseChannels < 4 || c.channelMult.empty() ||
        c.channelMult.size() > 6 || c.numResBlocks < 1)
        return makeError("UNet config: bad class count, width or depth");
    for (int m : c.channelMult)
        if (m < 1 || (c.baseChannels * m) % c.groups != 0)
            return makeError(
                "UNet config: channel widths must be multiples of the GroupNorm groups");
    for (int a : c.attentionLevels)
        if (a < 0 || a >= c.levels())
            return makeError("UNet config: attention level out of range");
    return c;
}

} // namespace synset::diffusion
