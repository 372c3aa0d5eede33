#include "StableDiffusion.h"

#include "ClipTokenizer.h"
#include "SdModels.h"
#include "SdScheduler.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TextUtil.h"
#include "diffusion/TensorFile.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/util/accumulate.h>
#include <torch/cuda.h>
#include <torch/nn/init.h>

#include <chrono>
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
    Result<Json> json = Json::parse(*text);
    if (!json || !json->isObject())
        return makeError(path.string() + ": not a JSON object (" +
                         (json ? std::string("wrong type") : json.error()) + ")");
    return json;
}

std::vector<int64_t> intList(const Json &j)
{
    std::vector<int64_t> out;
    if (j.isArray())
        for (const Json &v : j.array())
            out.push_back(v.asInt());
    return out;
}

Result<UNetConfig> parseUNet(const Json &j, const fs::path &file)
{
    const std::string where = file.string() + ": ";
    UNetConfig c;
    c.inChannels = j["in_channels"].asInt(4);
    c.outChannels = j["out_channels"].asInt(4);
    c.blockOut = intList(j["block_out_channels"]);
    c.layersPerBlock = j["layers_per_block"].asInt(2);
    c.normGroups = j["norm_num_groups"].asInt(32);
    c.normEps = j["norm_eps"].asDouble(1e-5);
    c.crossAttentionDim = j["cross_attention_dim"].asInt(768);
    c.linearProjection = j["use_linear_projection"].asBool(false);
    c.flipSinToCos = j["flip_sin_to_cos"].asBool(true);
    c.freqShift = j["freq_shift"].asDouble(0);
    c.downsamplePadding = j["downsample_padding"].asInt(1);
    c.convInKernel = j["conv_in_kernel"].asInt(3);
    c.convOutKernel = j["conv_out_kernel"].asInt(3);
    c.sampleSize = j["sample_size"].asInt(64);
    c.transformerLayers = j["transformer_layers_per_block"].isArray()
                              ? 0
                              : j["transformer_layers_per_block"].asInt(1);
    if (c.blockOut.empty())
        return makeError(where + "no block_out_channels");
    if (c.transformerLayers < 1)
        return makeError(where + "per-level transformer_layers_per_block is not supported");
    for (const char *key : {"class_embed_type", "addition_embed_type", "encoder_hid_dim",
                            "time_cond_proj_dim"})
        if (!j[key].isNull())
            return makeError(where + "'" + key + "' is set; only Stable Diffusion 1.x/2.x "
                                                 "UNets are supported");
    if (!j["resnet_time_scale_shift"].isNull() && j["resnet_time_scale_shift"].asString() != "default")
        return makeError(where + "resnet_time_scale_shift '" +
                         j["resnet_time_scale_shift"].asString() + "' is not supported");
    for (const Json &t : j["down_block_types"].array()) {
        const std::string s = t.asString();
        if (s != "CrossAttnDownBlock2D" && s != "DownBlock2D")
            return makeError(where + "down block type '" + s + "' is not supported");
        c.downCrossAttention.push_back(s == "CrossAttnDownBlock2D");
    }
    for (const Json &t : j["up_block_types"].array()) {
        const std::string s = t.asString();
        if (s != "CrossAttnUpBlock2D" && s != "UpBlock2D")
            return makeError(where + "up block type '" + s + "' is not supported");
        c.upCrossAttention.push_back(s == "CrossAttnUpBlock2D");
    }
    const std::string mid = j["mid_block_type"].asString("UNetMidBlock2DCrossAttn");
    if (mid != "UNetMidBlock2DCrossAttn")
        return makeError(where + "mid block type '" + mid + "' is not supported");
    const size_t levels = c.blockOut.size();
    if (c.downCrossAttention.size() != levels || c.upCrossAttention.size() != levels)
        return makeError(where + "down_block_types and up_block_types need " +
                         std::to_string(levels) + " entries each, like block_out_channels");
    // diffusers reads attention_head_dim as the number of heads (num_attention_heads wins).
    const Json &heads = !j["num_attention_heads"].isNull() ? j["num_attention_heads"]
                                                            : j["attention_head_dim"];
    if (heads.isArray()) {
        c.heads = intList(heads);
        if (c.heads.size() != levels)
            return makeError(where + "attention_head_dim needs one entry per block");
    } else {
        c.heads.assign(levels, heads.asInt(8));
    }
    return c;
}

Result<VaeConfig> parseVae(const Json &j, const fs::path &file)
{
    VaeConfig c;
    c.inChannels = j["in_channels"].asInt(3);
    c.outChannels = j["out_channels"].asInt(3);
    c.latentChannels = j["latent_channels"].asInt(4);
    c.blockOut = intList(j["block_out_channels"]);
    c.layersPerBlock = j["layers_per_block"].asInt(2);
    c.normGroups = j["norm_num_groups"].asInt(32);
    c.scalingFactor = j["scaling_factor"].asDouble(0.18215);
    c.sampleSize = j["sample_size"].asInt(512);
    if (c.blockOut.empty())
        return makeError(file.string() + ": no block_out_channels");
    return c;
}

Result<ClipTextConfig> parseText(const Json &j, const fs::path &file)
{
    ClipTextConfig c;
    c.hidden = j["hidden_size"].asInt(768);
    c.intermediate = j["intermediate_size"].asInt(3072);
    c.heads = j["num_attention_heads"].asInt(12);
    c.layers = j["num_hidden_layers"].asInt(12);
    c.maxPositions = j["max_position_embeddings"].asInt(77);
    c.vocabulary = j["vocab_size"].asInt(49408);
    c.eps = j["layer_norm_eps"].asDouble(1e-5);
    const std::string act = j["hidden_act"].asString("quick_gelu");
    if (act != "quick_gelu" && act != "gelu")
        return makeError(file.string() + ": hidden_act '" + act + "' is not supported");
    c.quickGelu = act == "quick_gelu";
    return c;
}

Result<SchedulerConfig> parseScheduler(const Json &j, const fs::path &file)
{
    SchedulerConfig c;
    c.trainSteps = j["num_train_timesteps"].asInt(1000);
    c.betaStart = j["beta_start"].asDouble(0.00085);
    c.betaEnd = j["beta_end"].asDouble(0.012);
    c.betaSchedule = j["beta_schedule"].asString("scaled_linear");
    c.setAlphaToOne = j["set_alpha_to_one"].asBool(false);
    c.stepsOffset = j["steps_offset"].asInt(1);
    c.spacing = j["timestep_spacing"].asString("leading");
    const std::string prediction = j["prediction_type"].asString("epsilon");
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
        {"norm1.", "in_layers.0."},      {"conv1.", "in_layers.2."},
        {"time_emb_proj.", "emb_layers.1."}, {"norm2.", "out_layers.0."},
        {"conv2.", "out_layers.3."},     {"conv_shortcut.", "skip_connection."},
    };
    for (const auto &[from, to] : kMap)
        if (text::startsWith(rest, from))
            return to + rest.substr(std::strlen(from));
    return rest;
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
        static const std::pair<const char *, const char *> kMap[] = {
            {"group_norm.", "norm."}, {"to_q.", "q."}, {"to_k.", "k."}, {"to_v.", "v."},
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

// ---- weights ------------------------------------------------------------------------------------

std::string shapeText(at::IntArrayRef shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct WeightReader
{
    const tensorfile::Index *index = nullptr;
    std::function<std::string(const std::string &)> rename; // diffusers -> stored name
    torch::TensorOptions options;
    int64_t parameters = 0;
    torch::ScalarType stored = torch::kFloat32;

    torch::Tensor operator()(const std::string &name, at::IntArrayRef shape)
    {
        const std::string key = rename ? rename(name) : name;
        const std::string file = index->path.string();
        auto it = index->entries.find(key);
        if (it == index->entries.end())
            throw WeightError{file + ": tensor '" + key + "' is missing"};
        std::vector<int64_t> have = it->second.shape;
        // LDM stores the VAE attention's linear layers as 1x1 convolutions.
        if (shape.size() == 2 && have.size() == 4 && have[2] == 1 && have[3] == 1)
            have.resize(2);
        if (at::IntArrayRef(have) != shape)
            throw WeightError{file + ": tensor '" + key + "' has shape " + shapeText(it->second.shape) +
                              " but the config needs " + shapeText(shape)};
        Result<torch::Tensor> t = tensorfile::readTensor(*index, key);
        if (!t)
            throw WeightError{t.error()};
        const torch::ScalarType type = t->scalar_type();
        if (type != torch::kFloat32 && type != torch::kFloat16 && type != torch::kBFloat16)
            throw WeightError{file + ": tensor '" + key + "' is not floating point"};
        stored = type;
        parameters += t->numel();
        // Upcast on the CPU first: Debian's LibTorch has no float16 CPU kernels.
        return t->to(torch::kFloat32).reshape(shape).to(options).contiguous();
    }
};

std::string dtypeName(torch::ScalarType t)
{
    return t == torch::kFloat16 ? "float16" : t == torch::kBFloat16 ? "bfloat16" : "float32";
}

// The weights file of a diffusers component: the plain name, else a variant, else any
// .safetensors; PyTorch pickles are refused with a clear message.
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

// Architecture from a single file's tensor shapes, with SD 1.x's conventions for what shapes
// cannot tell (8 UNet heads, 64-wide CLIP heads, 32 norm groups).
void inferFromShapes(const tensorfile::Index &index, UNetConfig &u, VaeConfig &v, ClipTextConfig &t)
{
    const std::string m = "model.diffusion_model.";
    const std::vector<int64_t> convIn = shapeOf(index, m + "input_blocks.0.0.weight");
    u.inChannels = convIn[1];
    u.convInKernel = convIn[2];
    const int64_t inputBlocks = countPrefixed(index, m + "input_blocks.");
    int64_t levels = 1;
    for (const auto &[name, e] : index.entries)
        if (text::startsWith(name, m + "input_blocks.") && name.find(".op.weight") != std::string::npos)
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
        u.upCrossAttention.push_back(
            index.entries.count(m + "output_blocks." + std::to_string(i * per) + ".1.proj_in.weight") > 0);
    }
    const std::string firstAttention = m + "middle_block.1.";
    u.crossAttentionDim = shapeOf(index, firstAttention + "transformer_blocks.0.attn2.to_k.weight")[1];
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

std::string describe(const UNetConfig &u, const VaeConfig &v, const ClipTextConfig &t)
{
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

torch::Tensor toTensor(const Floats &f, const torch::TensorOptions &options)
{
    torch::Tensor t = torch::from_blob(const_cast<float *>(f.data.data()), f.shape, torch::kFloat32);
    return t.to(options).clone();
}

Floats toFloats(const torch::Tensor &t)
{
    torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    Floats f;
    f.shape.assign(c.sizes().begin(), c.sizes().end());
    f.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return f;
}

bool shapeIs(const Floats &f, size_t dims)
{
    if (f.shape.size() != dims)
        return false;
    int64_t n = 1;
    for (int64_t s : f.shape)
        n *= s;
    return n == static_cast<int64_t>(f.data.size());
}

std::vector<RgbImage> toImages(const torch::Tensor &unit) // [B, 3, H, W] in [0, 1]
{
    torch::Tensor u8 = (unit.to(torch::kCPU, torch::kFloat32) * 255.0)
                           .round()
                           .clamp(0, 255)
                           .to(torch::kUInt8)
                           .permute({0, 2, 3, 1})
                           .contiguous();
    std::vector<RgbImage> out;
    for (int64_t b = 0; b < u8.size(0); ++b) {
        RgbImage img;
        img.height = static_cast<int>(u8.size(1));
        img.width = static_cast<int>(u8.size(2));
        const uint8_t *p = u8[b].data_ptr<uint8_t>();
        img.rgb.assign(p, p + u8[b].numel());
        out.push_back(std::move(img));
    }
    return out;
}

} // namespace

// ---- the model ----------------------------------------------------------------------------------

struct StableDiffusion::Impl
{
    ModelInfo info;
    torch::TensorOptions options;
    std::optional<ClipTokenizer> tokenizer;
    SchedulerConfig scheduler;
    std::unique_ptr<ClipTextModel> text;
    std::unique_ptr<UNet2DCondition> unet;
    std::unique_ptr<AutoencoderKL> vae;

    torch::Tensor ids(const std::string &prompt) const
    {
        const std::vector<int32_t> v =
            tokenizer->encodePadded(prompt, static_cast<int>(text->config().maxPositions));
        std::vector<int64_t> wide(v.begin(), v.end());
        return torch::tensor(wide, torch::kLong).unsqueeze(0).to(options.device());
    }
};

StableDiffusion::StableDiffusion(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

StableDiffusion::~StableDiffusion() = default;

const ModelInfo &StableDiffusion::info() const
{
    return d->info;
}

bool StableDiffusion::looksLikeModel(const fs::path &path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return fs::exists(path / "model_index.json") && fs::exists(path / "unet");
    if (path.extension() != ".safetensors")
        return false;
    Result<tensorfile::Index> index = tensorfile::readIndex(path);
    return index && index->entries.count("model.diffusion_model.input_blocks.0.0.weight");
}

Result<std::unique_ptr<StableDiffusion>> StableDiffusion::load(const fs::path &path,
                                                               const LoadOptions &options,
                                                               const ProgressFn &progress,
                                                               const CancelToken *cancel)
{
    auto impl = std::make_unique<Impl>();
    torch::Device device(torch::kCPU);
    try {
        device = torch::Device(options.device);
    } catch (const c10::Error &) {
        return makeError("unknown device '" + options.device + "' (cpu, cuda or cuda:N)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
        return makeError("CUDA is not available to this LibTorch build or machine; use --device cpu");
    const bool half = device.is_cuda() && options.halfOnCuda;
    impl->options = torch::TensorOptions().device(device).dtype(half ? torch::kFloat16 : torch::kFloat32);
    impl->info.path = path;
    impl->info.device = device.str();
    impl->info.dtype = half ? "float16" : "float32";

    UNetConfig unetConfig;
    VaeConfig vaeConfig;
    ClipTextConfig textConfig;
    fs::path tokenizerFolder;
    tensorfile::Index unetIndex, vaeIndex, textIndex;
    std::function<std::string(const std::string &)> unetRename, vaeRename, textRename;

    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    if (!folder && !fs::exists(path, ec))
        return makeError(path.string() + ": no such file or folder");
    // The configs: the folder's own, or the configFolder a single file was given.
    const fs::path configRoot = folder ? path : options.configFolder;
    if (!configRoot.empty()) {
        if (!fs::exists(configRoot / "model_index.json"))
            return makeError(configRoot.string() +
                             ": no model_index.json; not a diffusers Stable Diffusion folder");
        Result<Json> u = readJson(configRoot / "unet/config.json");
        if (!u)
            return makeError(u.error());
        Result<UNetConfig> uc = parseUNet(*u, configRoot / "unet/config.json");
        if (!uc)
            return makeError(uc.error());
        unetConfig = *uc;
        Result<Json> v = readJson(configRoot / "vae/config.json");
        if (!v)
            return makeError(v.error());
        Result<VaeConfig> vc = parseVae(*v, configRoot / "vae/config.json");
        if (!vc)
            return makeError(vc.error());
        vaeConfig = *vc;
        Result<Json> t = readJson(configRoot / "text_encoder/config.json");
        if (!t)
            return makeError(t.error());
        Result<ClipTextConfig> tc = parseText(*t, configRoot / "text_encoder/config.json");
        if (!tc)
            return makeError(tc.error());
        textConfig = *tc;
        const fs::path schedulerFile = configRoot / "scheduler/scheduler_config.json";
        if (fs::exists(schedulerFile)) {
            Result<Json> s = readJson(schedulerFile);
            if (!s)
                return makeError(s.error());
            Result<SchedulerConfig> sc = parseScheduler(*s, schedulerFile);
            if (!sc)
                return makeError(sc.error());
            impl->scheduler = *sc;
        }
        tokenizerFolder = configRoot / "tokenizer";
    }

    try {
        if (folder) {
            impl->info.format = "diffusers folder";
            for (auto [index, sub, plain] :
                 {std::tuple{&unetIndex, "unet", "diffusion_pytorch_model"},
                  std::tuple{&vaeIndex, "vae", "diffusion_pytorch_model"},
                  std::tuple{&textIndex, "text_encoder", "model"}}) {
                Result<fs::path> file = componentWeights(path / sub, plain, half);
                if (!file)
                    return makeError(file.error());
                Result<tensorfile::Index> idx = tensorfile::readIndex(*file);
                if (!idx)
                    return makeError(idx.error());
                *index = std::move(*idx);
            }
        } else {
            impl->info.format = "single-file LDM checkpoint";
            Result<tensorfile::Index> idx = tensorfile::readIndex(path);
            if (!idx)
                return makeError(idx.error());
            if (!idx->entries.count("model.diffusion_model.input_blocks.0.0.weight"))
                return makeError(path.string() +
                                 ": no 'model.diffusion_model.*' tensors; not a Stable Diffusion "
                                 "1.x checkpoint in LDM key names");
            if (configRoot.empty())
                inferFromShapes(*idx, unetConfig, vaeConfig, textConfig);
            unetIndex = vaeIndex = textIndex = std::move(*idx);
            unetRename = [&unetConfig](const std::string &n) { return ldmUNetName(n, unetConfig); };
            vaeRename = [&vaeConfig](const std::string &n) { return ldmVaeName(n, vaeConfig); };
            textRename = [](const std::string &n) { return "cond_stage_model.transformer." + n; };
        }
        if (tokenizerFolder.empty() || !fs::exists(tokenizerFolder / "vocab.json")) {
            if (folder)
                return makeError((path / "tokenizer/vocab.json").string() + ": missing");
            tokenizerFolder = bundledTokenizer();
            if (tokenizerFolder.empty())
                return makeError("the bundled CLIP tokenizer (resources/sd/clip-tokenizer) is not "
                                 "installed; pass a diffusers folder with --config");
        }
        Result<ClipTokenizer> tok = ClipTokenizer::load(tokenizerFolder);
        if (!tok)
            return makeError(tok.error());
        impl->tokenizer = std::move(*tok);

        torch::NoGradGuard noGrad;
        reportProgress(progress, 0.05, "text encoder");
        WeightReader textReader{&textIndex, textRename, impl->options};
        impl->text = std::make_unique<ClipTextModel>(textConfig, std::ref(textReader));
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, 0.2, "UNet");
        WeightReader unetReader{&unetIndex, unetRename, impl->options};
        impl->unet = std::make_unique<UNet2DCondition>(unetConfig, std::ref(unetReader));
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, 0.85, "VAE");
        WeightReader vaeReader{&vaeIndex, vaeRename, impl->options};
        impl->vae = std::make_unique<AutoencoderKL>(vaeConfig, std::ref(vaeReader), options.withEncoder);
        reportProgress(progress, 1.0, "loaded");

        if (unetConfig.crossAttentionDim != textConfig.hidden)
            return makeError(path.string() + ": the UNet attends to " +
                             std::to_string(unetConfig.crossAttentionDim) +
                             "-wide context but the text encoder is " +
                             std::to_string(textConfig.hidden) + " wide");
        impl->info.unetParameters = unetReader.parameters;
        impl->info.textParameters = textReader.parameters;
        impl->info.vaeParameters = vaeReader.parameters;
        impl->info.storedDtype = dtypeName(unetReader.stored);
    } catch (const WeightError &e) {
        // Shape and file errors name their file; structural ones get the model's path.
        return makeError(e.message.find(".safetensors") != std::string::npos
                             ? e.message
                             : path.string() + ": " + e.message +
                                   (folder ? "" : " (pass the model's diffusers folder with --config)"));
    } catch (const c10::Error &e) {
        return makeError(path.string() + ": " + e.what_without_backtrace());
    } catch (const std::exception &e) {
        return makeError(path.string() + ": " + e.what());
    }
    const int64_t factor = int64_t(1) << (vaeConfig.blockOut.size() - 1);
    impl->info.defaultWidth = impl->info.defaultHeight = static_cast<int>(unetConfig.sampleSize * factor);
    impl->info.latentChannels = static_cast<int>(vaeConfig.latentChannels);
    impl->info.architecture = describe(unetConfig, vaeConfig, textConfig);
    return std::unique_ptr<StableDiffusion>(new StableDiffusion(std::move(impl)));
}

std::vector<int32_t> StableDiffusion::tokenize(const std::string &text) const
{
    return d->tokenizer->encodePadded(text, static_cast<int>(d->text->config().maxPositions));
}

std::string StableDiffusion::tokenText(int32_t id) const
{
    return d->tokenizer->tokenText(id);
}

Result<Floats> StableDiffusion::encodeText(const std::string &prompt) const
{
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->text->forward(d->ids(prompt)));
    } catch (const c10::Error &e) {
        return makeError(std::string("text encoder: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::predictNoise(const Floats &x, const std::vector<double> &timesteps,
                                             const Floats &context) const
{
    if (!shapeIs(x, 4) || !shapeIs(context, 3) || x.shape[0] != context.shape[0] ||
        static_cast<int64_t>(timesteps.size()) != x.shape[0])
        return makeError("predictNoise: x must be [B, C, h, w], context [B, tokens, width] and one "
                         "timestep per image");
    try {
        torch::NoGradGuard noGrad;
        torch::Tensor t = torch::tensor(timesteps, torch::kFloat64).to(torch::kFloat32).to(d->options.device());
        return toFloats(d->unet->forward(toTensor(x, d->options), t, toTensor(context, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("UNet: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::decodeLatents(const Floats &latents) const
{
    if (!shapeIs(latents, 4))
        return makeError("decodeLatents: latents must be [B, C, h, w]");
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->vae->decode(toTensor(latents, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("VAE decoder: ") + e.what_without_backtrace());
    }
}

Result<Floats> StableDiffusion::encodeImage(const Floats &image) const
{
    if (!d->vae->hasEncoder())
        return makeError("the VAE encoder was not loaded (LoadOptions::withEncoder)");
    if (!shapeIs(image, 4))
        return makeError("encodeImage: image must be [B, 3, H, W]");
    try {
        torch::NoGradGuard noGrad;
        return toFloats(d->vae->encode(toTensor(image, d->options)));
    } catch (const c10::Error &e) {
        return makeError(std::string("VAE encoder: ") + e.what_without_backtrace());
    }
}

Result<GenerateResult> StableDiffusion::generate(const GenerateRequest &r, const PreviewFn &preview,
                                                 const ProgressFn &progress,
                                                 const CancelToken *cancel) const
{
    const auto start = std::chrono::steady_clock::now();
    const auto batch = static_cast<int64_t>(r.prompts.size());
    if (batch == 0 || r.seeds.size() != r.prompts.size())
        return makeError("generate: one seed per prompt is needed");
    const int64_t factor = int64_t(1) << (d->vae->config().blockOut.size() - 1);
    if (r.width <= 0 || r.height <= 0 || r.width % factor || r.height % factor)
        return makeError("width and height must be positive multiples of " + std::to_string(factor));
    if (r.steps < 1 || r.steps > 1000)
        return makeError("steps must be between 1 and 1000");
    Result<SamplerKind> kind = parseSamplerKind(r.sampler);
    if (!kind)
        return makeError(kind.error());
    const int64_t channels = d->vae->config().latentChannels;
    const int64_t h = r.height / factor, w = r.width / factor;
    if (r.initLatents.data.size() &&
        (!shapeIs(r.initLatents, 4) || r.initLatents.shape != std::vector<int64_t>{batch, channels, h, w}))
        return makeError("initial latents must be [" + std::to_string(batch) + ", " +
                         std::to_string(channels) + ", " + std::to_string(h) + ", " +
                         std::to_string(w) + "] for this batch and size");
    try {
        torch::NoGradGuard noGrad;
        const torch::TensorOptions &o = d->options;
        // One CPU generator per image: an image does not change with the batch it is in, and a
        // seed gives the same noise as torch.randn on a CPU generator in Python.
        std::vector<at::Generator> gens;
        for (uint64_t seed : r.seeds)
            gens.push_back(at::detail::createCPUGenerator(seed));
        auto draw = [&] {
            std::vector<torch::Tensor> parts;
            for (at::Generator &g : gens)
                parts.push_back(torch::randn({channels, h, w}, g, torch::kFloat32));
            return torch::stack(parts).to(o);
        };
        torch::Tensor noise = r.initLatents.data.empty() ? draw() : toTensor(r.initLatents, o);

        std::vector<torch::Tensor> cond;
        for (const std::string &p : r.prompts)
            cond.push_back(d->text->forward(d->ids(p)));
        torch::Tensor context = torch::cat(cond, 0);
        const bool guided = r.guidance != 1.0;
        if (guided) {
            torch::Tensor uncond = d->text->forward(d->ids(r.negativePrompt)).expand({batch, -1, -1});
            context = torch::cat({uncond, context}, 0);
        }

        Scheduler scheduler(d->scheduler, *kind, r.steps, r.karras, r.eta);
        torch::Tensor x = noise * scheduler.initNoiseSigma();
        // SD 1.x's linear latent-to-RGB approximation for previews (4 latent channels).
        const torch::Tensor rgbFactors =
            torch::tensor({0.298f, 0.207f, 0.208f, 0.187f, 0.286f, 0.173f, -0.158f, 0.189f, 0.264f,
                           -0.184f, -0.271f, -0.473f})
                .view({4, 3});
        for (int i = 0; i < scheduler.steps(); ++i) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            torch::Tensor in = scheduler.scaleModelInput(x, i).to(o);
            torch::Tensor t = torch::full({guided ? 2 * batch : batch}, scheduler.timesteps()[i],
                                          o.dtype(torch::kFloat32));
            torch::Tensor eps = d->unet->forward(guided ? torch::cat({in, in}, 0) : in, t, context);
            if (guided) {
                std::vector<torch::Tensor> parts = eps.chunk(2, 0);
                eps = parts[0] + r.guidance * (parts[1] - parts[0]);
            }
            if (preview) {
                torch::Tensor x0 = scheduler.predictedX0(eps, i, x).to(torch::kCPU, torch::kFloat32);
                torch::Tensor rgb;
                if (channels == 4)
                    rgb = torch::einsum("bchw,cr->brhw", {x0, rgbFactors});
                else
                    rgb = x0.mean(1, true).expand({-1, 3, -1, -1});
                if (!preview(i + 1, scheduler.steps(), toImages(((rgb + 1) / 2).clamp(0, 1))))
                    return makeError("cancelled");
            }
            x = scheduler.step(eps, i, x, draw);
            reportProgress(progress, (i + 1.0) / (scheduler.steps() + 1), "denoising");
        }
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, scheduler.steps() / (scheduler.steps() + 1.0), "decoding");
        torch::Tensor image = (d->vae->decode(x) / 2 + 0.5).clamp(0, 1);
        GenerateResult result;
        result.image = toFloats(image);
        result.images = toImages(image);
        result.noise = toFloats(noise);
        result.latents = toFloats(x);
        result.timesteps = scheduler.timesteps();
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        reportProgress(progress, 1.0, "done");
        return result;
    } catch (const c10::Error &e) {
        return makeError(std::string("generation failed: ") + e.what_without_backtrace());
    }
}

double StableDiffusion::unetMacs(int width, int height) const
{
    const int64_t factor = int64_t(1) << (d->vae->config().blockOut.size() - 1);
    torch::NoGradGuard noGrad;
    torch::Tensor x = torch::zeros({1, d->unet->config().inChannels, height / factor, width / factor}, d->options);
    torch::Tensor ctx = torch::zeros({1, d->text->config().maxPositions, d->unet->config().crossAttentionDim},
                                     d->options);
    setMacCounting(true);
    d->unet->forward(x, torch::full({1}, 500.0, d->options.dtype(torch::kFloat32)), ctx);
    const double macs = countedMacs();
    setMacCounting(false);
    return macs;
}

Result<std::unique_ptr<StableDiffusion>>
StableDiffusion::randomForBenchmark(const std::string &preset, const LoadOptions &options, uint64_t seed)
{
    if (preset != "sd15")
        return makeError("unknown preset '" + preset + "' (sd15)");
    auto impl = std::make_unique<Impl>();
    torch::Device device(options.device);
    const bool half = device.is_cuda() && options.halfOnCuda;
    impl->options = torch::TensorOptions().device(device).dtype(half ? torch::kFloat16 : torch::kFloat32);
    UNetConfig u;
    u.blockOut = {320, 640, 1280, 1280};
    u.downCrossAttention = {true, true, true, false};
    u.upCrossAttention = {false, true, true, true};
    u.heads = {8, 8, 8, 8};
    VaeConfig v;
    v.blockOut = {128, 256, 512, 512};
    ClipTextConfig t;
    torch::manual_seed(seed);
    int64_t count = 0;
    auto random = [&](const std::string &name, at::IntArrayRef shape) {
        count += c10::multiply_integers(shape);
        const bool isNorm = name.find("norm") != std::string::npos;
        if (isNorm)
            return (name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0
                        ? torch::ones(shape)
                        : torch::zeros(shape))
                .to(impl->options);
        const int64_t fanIn = shape.size() > 1 ? c10::multiply_integers(shape.slice(1)) : shape[0];
        return (torch::randn(shape) / std::sqrt(static_cast<double>(fanIn))).to(impl->options);
    };
    try {
        torch::NoGradGuard noGrad;
        impl->text = std::make_unique<ClipTextModel>(t, random);
        impl->info.textParameters = std::exchange(count, 0);
        impl->unet = std::make_unique<UNet2DCondition>(u, random);
        impl->info.unetParameters = std::exchange(count, 0);
        impl->vae = std::make_unique<AutoencoderKL>(v, random, false);
        impl->info.vaeParameters = count;
    } catch (const WeightError &e) {
        return makeError(e.message);
    } catch (const c10::Error &e) {
        return makeError(e.what_without_backtrace());
    }
    fs::path tok = bundledTokenizer();
    if (!tok.empty()) {
        Result<ClipTokenizer> loaded = ClipTokenizer::load(tok);
        if (loaded)
            impl->tokenizer = std::move(*loaded);
    }
    if (!impl->tokenizer)
        return makeError("the bundled CLIP tokenizer is not installed");
    impl->info.format = "random weights (" + preset + ")";
    impl->info.device = device.str();
    impl->info.dtype = half ? "float16" : "float32";
    impl->info.architecture = describe(u, v, t);
    return std::unique_ptr<StableDiffusion>(new StableDiffusion(std::move(impl)));
}

Result<ClipTokenizer> tokenizerForModel(const fs::path &model, const fs::path &configFolder)
{
    std::error_code ec;
    fs::path folder;
    if (fs::is_directory(model, ec))
        folder = model / "tokenizer";
    else if (!configFolder.empty())
        folder = configFolder / "tokenizer";
    else if (!fs::exists(model, ec))
        return makeError(model.string() + ": no such file or folder");
    else
        folder = bundledTokenizer();
    if (folder.empty())
        return makeError("the bundled CLIP tokenizer (resources/sd/clip-tokenizer) is not installed");
    return ClipTokenizer::load(folder);
}

// ---- files --------------------------------------------------------------------------------------

Result<std::map<std::string, Floats>> readFloatTensors(const fs::path &path)
{
    Result<tensorfile::Contents> c = tensorfile::load(path);
    if (!c)
        return makeError(c.error());
    std::map<std::string, Floats> out;
    for (const auto &[name, t] : c->tensors)
        out[name] = toFloats(t.to(torch::kFloat32));
    return out;
}

Result<void> saveLatents(const fs::path &path, const Floats &latents)
{
    if (!shapeIs(latents, latents.shape.size()))
        return makeError(path.string() + ": latents do not match their shape");
    return tensorfile::save(path, {{"latents", toTensor(latents, torch::TensorOptions())}},
                            {{"format", "synset-studio latents"}});
}

Result<Floats> loadLatents(const fs::path &path)
{
    Result<tensorfile::Index> index = tensorfile::readIndex(path);
    if (!index)
        return makeError(index.error());
    Result<torch::Tensor> t = tensorfile::readTensor(*index, "latents");
    if (!t)
        return makeError(path.string() + ": no tensor named 'latents'");
    if (t->dim() == 3)
        *t = t->unsqueeze(0);
    if (t->dim() != 4)
        return makeError(path.string() + ": 'latents' must be [B, C, h, w] or [C, h, w]");
    return toFloats(*t);
}

} // namespace synset::sd
