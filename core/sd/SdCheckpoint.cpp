#include "SdCheckpoint.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TextUtil.h"

#include <cstdlib>
#include <cstring>
#include <set>

namespace synset::sd {

namespace fs = std::filesystem;

namespace {

// ---- configs ------------------------------------------------------------------------------------

Result<Json> readJson(const fs::path &path)
{
    Result<std::string> text = files::readText(path);
    if (!text)
        return makeError(text.error());
    Result<Json> json = parseJson(*text);
    if (!json || !json->is_object())
        return makeError(path.string() + ": not a JSON object (" +
                         (json ? std::string("wrong type") : json.error()) + ")");
    return json;
}

std::vector<int64_t> intList(const Json &j)
{
    std::vector<int64_t> out;
    for (const Json &v : json::elements(j))
        out.push_back(json::integer(v, 0));
    return out;
}

Result<UNetConfig> parseUNet(const Json &j, const fs::path &file)
{
    const std::string where = file.string() + ": ";
    UNetConfig c;
    c.inChannels = json::integer(j, "in_channels", 4);
    c.outChannels = json::integer(j, "out_channels", 4);
    c.blockOut = intList(json::member(j, "block_out_channels"));
    c.layersPerBlock = json::integer(j, "layers_per_block", 2);
    c.normGroups = json::integer(j, "norm_num_groups", 32);
    c.normEps = json::number(j, "norm_eps", 1e-5);
    c.crossAttentionDim = json::integer(j, "cross_attention_dim", 768);
    c.linearProjection = json::boolean(j, "use_linear_projection", false);
    c.flipSinToCos = json::boolean(j, "flip_sin_to_cos", true);
    c.freqShift = json::number(j, "freq_shift", 0);
    c.downsamplePadding = json::integer(j, "downsample_padding", 1);
    c.convInKernel = json::integer(j, "conv_in_kernel", 3);
    c.convOutKernel = json::integer(j, "conv_out_kernel", 3);
    c.sampleSize = json::integer(j, "sample_size", 64);
    c.transformerLayers = json::member(j, "transformer_layers_per_block").is_array()
                              ? 0
                              : json::integer(j, "transformer_layers_per_block", 1);
    if (c.blockOut.empty())
        return makeError(where + "no block_out_channels");
    if (c.transformerLayers < 1)
        return makeError(where + "per-level transformer_layers_per_block is not supported");
    for (const char *key :
         {"class_embed_type", "addition_embed_type", "encoder_hid_dim", "time_cond_proj_dim"})
        if (!json::member(j, key).is_null())
            return makeError(where + "'" + key +
                             "' is set; only Stable Diffusion 1.x/2.x "
                             "UNets are supported");
    if (!json::member(j, "resnet_time_scale_shift").is_null() &&
        json::string(j, "resnet_time_scale_shift") != "default")
        return makeError(where + "resnet_time_scale_shift '" +
                         json::string(j, "resnet_time_scale_shift") + "' is not supported");
    for (const Json &t : json::elements(json::member(j, "down_block_types"))) {
        const std::string s = json::stringOf(t);
        if (s != "CrossAttnDownBlock2D" && s != "DownBlock2D")
            return makeError(where + "down block type '" + s + "' is not supported");
        c.downCrossAttention.push_back(s == "CrossAttnDownBlock2D");
    }
    for (const Json &t : json::elements(json::member(j, "up_block_types"))) {
        const std::string s = json::stringOf(t);
        if (s != "CrossAttnUpBlock2D" && s != "UpBlock2D")
            return makeError(where + "up block type '" + s + "' is not supported");
        c.upCrossAttention.push_back(s == "CrossAttnUpBlock2D");
    }
    const std::string mid = json::string(j, "mid_block_type", "UNetMidBlock2DCrossAttn");
    if (mid != "UNetMidBlock2DCrossAttn")
        return makeError(where + "mid block type '" + mid + "' is not supported");
    const size_t levels = c.blockOut.size();
    if (c.downCrossAttention.size() != levels || c.upCrossAttention.size() != levels)
        return makeError(where + "down_block_types and up_block_types need " +
                         std::to_string(levels) + " entries each, like block_out_channels");
    // diffusers reads attention_head_dim as the number of heads (num_attention_heads wins).
    const Json &heads = !json::member(j, "num_attention_heads").is_null()
                            ? json::member(j, "num_attention_heads")
                            : json::member(j, "attention_head_dim");
    if (heads.is_array()) {
        c.heads = intList(heads);
        if (c.heads.size() != levels)
            return makeError(where + "attention_head_dim needs one entry per block");
    } else {
        c.heads.assign(levels, json::integer(heads, 8));
    }
    return c;
}

Result<VaeConfig> parseVae(const Json &j, const fs::path &file)
{
    VaeConfig c;
    c.inChannels = json::integer(j, "in_channels", 3);
    c.outChannels = json::integer(j, "out_channels", 3);
    c.latentChannels = json::integer(j, "latent_channels", 4);
    c.blockOut = intList(json::member(j, "block_out_channels"));
    c.layersPerBlock = json::integer(j, "layers_per_block", 2);
    c.normGroups = json::integer(j, "norm_num_groups", 32);
    c.scalingFactor = json::number(j, "scaling_factor", 0.18215);
    c.sampleSize = json::integer(j, "sample_size", 512);
    if (c.blockOut.empty())
        return makeError(file.string() + ": no block_out_channels");
    return c;
}

Result<ClipTextConfig> parseText(const Json &j, const fs::path &file)
{
    ClipTextConfig c;
    c.hidden = json::integer(j, "hidden_size", 768);
    c.intermediate = json::integer(j, "intermediate_size", 3072);
    c.heads = json::integer(j, "num_attention_heads", 12);
    c.layers = json::integer(j, "num_hidden_layers", 12);
    c.maxPositions = json::integer(j, "max_position_embeddings", 77);
    c.vocabulary = json::integer(j, "vocab_size", 49408);
    c.eps = json::number(j, "layer_norm_eps", 1e-5);
    const std::string act = json::string(j, "hidden_act", "quick_gelu");
    if (act != "quick_gelu" && act != "gelu")
        return makeError(file.string() + ": hidden_act '" + act + "' is not supported");
    c.quickGelu = act == "quick_gelu";
    return c;
}

Result<SchedulerConfig> parseScheduler(const Json &j, const fs::path &file)
{
    SchedulerConfig c;
    c.trainSteps = json::integer(j, "num_train_timesteps", 1000);
    c.betaStart = json::number(j, "beta_start", 0.00085);
    c.betaEnd = json::number(j, "beta_end", 0.012);
    c.betaSchedule = json::string(j, "beta_schedule", "scaled_linear");
    c.setAlphaToOne = json::boolean(j, "set_alpha_to_one", false);
    c.stepsOffset = json::integer(j, "steps_offset", 1);
    c.spacing = json::string(j, "timestep_spacing", "leading");
    const std::string prediction = json::string(j, "prediction_type", "epsilon");
    if (prediction != "epsilon")
        return makeError(file.string() + ": prediction_type '" + prediction +
                         "' is not supported (Stable Diffusion 1.x predicts epsilon)");
    if (c.betaSchedule != "scaled_linear" && c.betaSchedule != "linear")
        return makeError(file.string() + ": beta_schedule '" + c.betaSchedule +
                         "' is not supported");
    if (c.trainSteps < 2)
        return makeError(file.string() + ": num_train_timesteps must be at least 2");
    return c;
}

// The four configs of a diffusers folder, each parsed with the file it came from; the scheduler's
// is optional (SD 1.x's defaults).
template<typename Config>
Result<Config> readConfig(const fs::path &file,
                          Result<Config> (*parse)(const Json &, const fs::path &))
{
    Result<Json> json = readJson(file);
    if (!json)
        return makeError(json.error());
    return parse(*json, file);
}

// ---- single-file (LDM) key names ----------------------------------------------------------------

std::vector<std::string> splitDots(const std::string &s)
{
    std::vector<std::string> parts;
    for (std::string_view p : text::split(s, '.'))
        parts.emplace_back(p);
    return parts;
}

std::string joinFrom(const std::vector<std::string> &parts, size_t from)
{
    std::string out;
    for (size_t i = from; i < parts.size(); ++i)
        out += (out.empty() ? "" : ".") + parts[i];
    return out;
}

std::string ldmResnetLeaf(const std::string &rest)
{
    static const std::pair<const char *, const char *> kMap[] = {
        {"norm1.", "in_layers.0."},          {"conv1.", "in_layers.2."},
        {"time_emb_proj.", "emb_layers.1."}, {"norm2.", "out_layers.0."},
        {"conv2.", "out_layers.3."},         {"conv_shortcut.", "skip_connection."},
    };
    for (const auto &[from, to] : kMap)
        if (text::startsWith(rest, from))
            return to + rest.substr(std::strlen(from));
    return rest;
}

int64_t countPrefixed(const tensorfile::Index &index, const std::string &prefix)
{
    std::set<int64_t> seen;
    for (const auto &[name, e] : index.entries)
        if (text::startsWith(name, prefix)) {
            const std::string rest = name.substr(prefix.size());
            const size_t dot = rest.find('.');
            seen.insert(std::atoll(rest.substr(0, dot).c_str()));
        }
    return static_cast<int64_t>(seen.size());
}

std::vector<int64_t> shapeOf(const tensorfile::Index &index, const std::string &name)
{
    auto it = index.entries.find(name);
    if (it == index.entries.end())
        throw WeightError{index.path.string() + ": tensor '" + name +
                          "' is missing; not a Stable Diffusion 1.x checkpoint"};
    return it->second.shape;
}

} // namespace

Result<CheckpointConfigs> readDiffusersConfigs(const fs::path &root)
{
    if (!fs::exists(root / "model_index.json"))
        return makeError(root.string() +
                         ": no model_index.json; not a diffusers Stable Diffusion folder");
    CheckpointConfigs c;
    Result<UNetConfig> unet = readConfig(root / "unet/config.json", parseUNet);
    if (!unet)
        return makeError(unet.error());
    c.unet = std::move(*unet);
    Result<VaeConfig> vae = readConfig(root / "vae/config.json", parseVae);
    if (!vae)
        return makeError(vae.error());
    c.vae = std::move(*vae);
    Result<ClipTextConfig> text = readConfig(root / "text_encoder/config.json", parseText);
    if (!text)
        return makeError(text.error());
    c.text = std::move(*text);
    const fs::path schedulerFile = root / "scheduler/scheduler_config.json";
    if (fs::exists(schedulerFile)) {
        Result<SchedulerConfig> scheduler = readConfig(schedulerFile, parseScheduler);
        if (!scheduler)
            return makeError(scheduler.error());
        c.scheduler = std::move(*scheduler);
    }
    return c;
}

int64_t vaeScaleFactor(const VaeConfig &vae)
{
    return int64_t(1) << (vae.blockOut.size() - 1);
}

// diffusers UNet name -> "model.diffusion_model." name (the inverse of diffusers' conversion).
std::string ldmUNetName(const std::string &name, const UNetConfig &c)
{
    const std::vector<std::string> p = splitDots(name);
    const int64_t per = c.layersPerBlock + 1;
    std::string out;
    if (p[0] == "time_embedding")
        out = "time_embed." + std::string(p[1] == "linear_1" ? "0" : "2") + "." + joinFrom(p, 2);
    else if (p[0] == "conv_in")
        out = "input_blocks.0.0." + joinFrom(p, 1);
    else if (p[0] == "conv_norm_out")
        out = "out.0." + joinFrom(p, 1);
    else if (p[0] == "conv_out")
        out = "out.2." + joinFrom(p, 1);
    else if (p[0] == "down_blocks") {
        const int64_t i = std::stoll(p[1]);
        if (p[2] == "downsamplers")
            out = "input_blocks." + std::to_string((i + 1) * per) + ".0.op." + joinFrom(p, 5);
        else {
            const int64_t j = std::stoll(p[3]);
            const std::string block = "input_blocks." + std::to_string(1 + i * per + j);
            out = p[2] == "resnets" ? block + ".0." + ldmResnetLeaf(joinFrom(p, 4))
                                    : block + ".1." + joinFrom(p, 4);
        }
    } else if (p[0] == "mid_block") {
        const std::string index = p[1] == "attentions" ? "1" : (p[2] == "0" ? "0" : "2");
        out = "middle_block." + index + "." +
              (p[1] == "resnets" ? ldmResnetLeaf(joinFrom(p, 3)) : joinFrom(p, 3));
    } else if (p[0] == "up_blocks") {
        const int64_t i = std::stoll(p[1]);
        if (p[2] == "upsamplers") {
            const bool attention = c.upCrossAttention[i];
            out = "output_blocks." + std::to_string(i * per + c.layersPerBlock) + "." +
                  (attention ? "2" : "1") + "." + joinFrom(p, 4);
        } else {
            const int64_t j = std::stoll(p[3]);
            const std::string block = "output_blocks." + std::to_string(i * per + j);
            out = p[2] == "resnets" ? block + ".0." + ldmResnetLeaf(joinFrom(p, 4))
                                    : block + ".1." + joinFrom(p, 4);
        }
    } else
        out = name;
    return "model.diffusion_model." + out;
}

// diffusers VAE name -> "first_stage_model." name.
std::string ldmVaeName(const std::string &name, const VaeConfig &c)
{
    std::vector<std::string> p = splitDots(name);
    const auto levels = static_cast<int64_t>(c.blockOut.size());
    auto leaf = [](std::string rest) {
        return text::startsWith(rest, "conv_shortcut.") ? "nin_shortcut." + rest.substr(14) : rest;
    };
    auto attentionLeaf = [](const std::string &rest) {
        static const std::pair<const char *, const char *> kMap[] = {{"group_norm.", "norm."},
                                                                     {"to_q.", "q."},
                                                                     {"to_k.", "k."},
                                                                     {"to_v.", "v."},
                                                                     {"to_out.0.", "proj_out."}};
        for (const auto &[from, to] : kMap)
            if (text::startsWith(rest, from))
                return to + rest.substr(std::strlen(from));
        return rest;
    };
    std::string out;
    if (p[0] == "encoder" || p[0] == "decoder") {
        const std::string side = p[0] + ".";
        if (p[1] == "conv_norm_out")
            out = side + "norm_out." + joinFrom(p, 2);
        else if (p[1] == "mid_block") {
            if (p[2] == "attentions")
                out = side + "mid.attn_1." + attentionLeaf(joinFrom(p, 4));
            else
                out = side + "mid.block_" + (p[3] == "0" ? "1" : "2") + "." + joinFrom(p, 4);
        } else if (p[1] == "down_blocks") {
            out = side + "down." + p[2] + "." +
                  (p[3] == "downsamplers" ? "downsample." + joinFrom(p, 5)
                                          : "block." + p[4] + "." + leaf(joinFrom(p, 5)));
        } else if (p[1] == "up_blocks") {
            const std::string level = std::to_string(levels - 1 - std::stoll(p[2]));
            out = side + "up." + level + "." +
                  (p[3] == "upsamplers" ? "upsample." + joinFrom(p, 5)
                                        : "block." + p[4] + "." + leaf(joinFrom(p, 5)));
        } else
            out = name;
    } else
        out = name;
    return "first_stage_model." + out;
}

Result<fs::path> componentWeights(const fs::path &folder, const std::string &plain, bool preferHalf)
{
    const fs::path plainPath = folder / (plain + ".safetensors");
    const fs::path halfPath = folder / (plain + ".fp16.safetensors");
    if (preferHalf && fs::exists(halfPath))
        return halfPath;
    if (fs::exists(plainPath))
        return plainPath;
    if (fs::exists(halfPath))
        return halfPath;
    std::error_code ec;
    bool pickle = false;
    for (const auto &e : fs::directory_iterator(folder, ec)) {
        if (e.path().extension() == ".safetensors")
            return e.path();
        if (e.path().extension() == ".bin" || e.path().extension() == ".ckpt")
            pickle = true;
    }
    if (pickle)
        return makeError(folder.string() + ": only PyTorch pickle weights (.bin); this tool reads "
                                           ".safetensors (convert them, or download that variant)");
    return makeError(plainPath.string() + ": missing (no .safetensors weights in " +
                     folder.string() + ")");
}

fs::path bundledTokenizer()
{
    if (const char *env = std::getenv("SYNSET_RESOURCES"))
        if (fs::exists(fs::path(env) / "sd/clip-tokenizer/vocab.json"))
            return fs::path(env) / "sd/clip-tokenizer";
    for (const fs::path &p : {fs::path(SYNSET_INSTALLED_RESOURCES) / "sd/clip-tokenizer",
                              fs::path(SYNSET_SOURCE_RESOURCES) / "sd/clip-tokenizer"})
        if (fs::exists(p / "vocab.json"))
            return p;
    return {};
}

void inferFromShapes(const tensorfile::Index &index, CheckpointConfigs &configs)
{
    UNetConfig &u = configs.unet;
    VaeConfig &v = configs.vae;
    ClipTextConfig &t = configs.text;
    const std::string m = "model.diffusion_model.";
    const std::vector<int64_t> convIn = shapeOf(index, m + "input_blocks.0.0.weight");
    u.inChannels = convIn[1];
    u.convInKernel = convIn[2];
    const int64_t inputBlocks = countPrefixed(index, m + "input_blocks.");
    int64_t levels = 1;
    for (const auto &[name, e] : index.entries)
        if (text::startsWith(name, m + "input_blocks.") &&
            name.find(".op.weight") != std::string::npos)
            ++levels;
    u.layersPerBlock = (inputBlocks - levels) / levels;
    const int64_t per = u.layersPerBlock + 1;
    u.blockOut.clear();
    u.downCrossAttention.clear();
    u.upCrossAttention.clear();
    for (int64_t i = 0; i < levels; ++i) {
        const std::string block = m + "input_blocks." + std::to_string(1 + i * per);
        u.blockOut.push_back(shapeOf(index, block + ".0.out_layers.3.weight")[0]);
        u.downCrossAttention.push_back(index.entries.count(block + ".1.proj_in.weight") > 0);
        u.upCrossAttention.push_back(index.entries.count(m + "output_blocks." +
                                                         std::to_string(i * per) +
                                                         ".1.proj_in.weight") > 0);
    }
    const std::string firstAttention = m + "middle_block.1.";
    u.crossAttentionDim =
        shapeOf(index, firstAttention + "transformer_blocks.0.attn2.to_k.weight")[1];
    u.linearProjection = shapeOf(index, firstAttention + "proj_in.weight").size() == 2;
    u.transformerLayers = countPrefixed(index, firstAttention + "transformer_blocks.");
    u.outChannels = shapeOf(index, m + "out.2.weight")[0];
    u.heads.assign(levels, 8);
    u.normGroups = 32;

    const std::string f = "first_stage_model.";
    const int64_t vaeLevels = countPrefixed(index, f + "decoder.up.");
    v.blockOut.clear();
    for (int64_t i = 0; i < vaeLevels; ++i)
        v.blockOut.push_back(
            shapeOf(index, f + "encoder.down." + std::to_string(i) + ".block.0.conv2.weight")[0]);
    v.layersPerBlock = countPrefixed(index, f + "encoder.down.0.block.");
    v.latentChannels = shapeOf(index, f + "post_quant_conv.weight")[0];
    v.inChannels = shapeOf(index, f + "encoder.conv_in.weight")[1];
    v.outChannels = shapeOf(index, f + "decoder.conv_out.weight")[0];
    v.normGroups = 32;

    const std::string c = "cond_stage_model.transformer.text_model.";
    const std::vector<int64_t> tokens = shapeOf(index, c + "embeddings.token_embedding.weight");
    t.vocabulary = tokens[0];
    t.hidden = tokens[1];
    t.maxPositions = shapeOf(index, c + "embeddings.position_embedding.weight")[0];
    t.layers = countPrefixed(index, c + "encoder.layers.");
    t.intermediate = shapeOf(index, c + "encoder.layers.0.mlp.fc1.weight")[0];
    t.heads = std::max<int64_t>(1, t.hidden / 64);
}

std::string describe(const CheckpointConfigs &configs)
{
    const UNetConfig &u = configs.unet;
    const VaeConfig &v = configs.vae;
    const ClipTextConfig &t = configs.text;
    auto list = [](const std::vector<int64_t> &xs) {
        std::string s;
        for (int64_t x : xs)
            s += (s.empty() ? "" : "/") + std::to_string(x);
        return s;
    };
    return "UNet " + list(u.blockOut) + " x" + std::to_string(u.layersPerBlock) + ", heads " +
           list(u.heads) + ", context " + std::to_string(u.crossAttentionDim) + "; VAE " +
           list(v.blockOut) + ", " + std::to_string(v.latentChannels) + " latent channels; CLIP " +
           std::to_string(t.layers) + " layers x " + std::to_string(t.hidden) + ", " +
           std::to_string(t.heads) + " heads";
}

} // namespace synset::sd
