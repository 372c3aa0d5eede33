#include "UNetConfig.h"

namespace synset::diffusion {

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
    if (c.channels < 1 || c.channels > 16 || c.height < 4 || c.width < 4 || c.height > 4096 || c.width > 4096)
        return makeError("UNet config: bad image shape");
    if (c.numClasses < 1 || c.baseChannels < 4 || c.channelMult.empty() || c.channelMult.size() > 6 || c.numResBlocks < 1)
        return makeError("UNet config: bad class count, width or depth");
    for (int m : c.channelMult)
        if (m < 1 || (c.baseChannels * m) % c.groups != 0)
            return makeError("UNet config: channel widths must be multiples of the GroupNorm groups");
    for (int a : c.attentionLevels)
        if (a < 0 || a >= c.levels())
            return makeError("UNet config: attention level out of range");
    return c;
}

} // namespace synset::diffusion
