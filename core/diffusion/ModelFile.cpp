#include "ModelFile.h"

#include "common/Numbers.h"

namespace synset::diffusion {

std::map<std::string, std::string> metaToStrings(const ModelMeta &meta, const char *format)
{
    return {
        {"format", format},
        {"version", std::to_string(kModelVersion)},
        {"config", dumpJson(meta.config.toJson())},
        {"schedule", meta.schedule},
        {"timesteps", std::to_string(meta.timesteps)},
        {"classes", dumpJson(Json(meta.classWnids))},
        {"class_names", dumpJson(Json(meta.classNames))},
        {"defaults", dumpJson(meta.defaults)},
        {"training", dumpJson(meta.training)},
    };
}

Result<ModelMeta> metaFromStrings(const std::map<std::string, std::string> &m,
                                  const std::filesystem::path &path, const char *format)
{
    const std::string where = path.string() + ": ";
    const auto get = [&](const char *key) {
        const auto it = m.find(key);
        return it == m.end() ? std::string() : it->second;
    };
    if (get("format") != format)
        return makeError(where + "not a " + std::string(format) + " file (format '" +
                         get("format") + "')");
    const int64_t version = numbers::parseInteger(get("version")).value_or(0);
    if (version < 1 || version > kModelVersion)
        return makeError(where + "file version " + get("version") +
                         " is not supported (this build reads up to " +
                         std::to_string(kModelVersion) + ")");
    ModelMeta meta;
    Result<Json> config = parseStoredJson(get("config"));
    if (!config)
        return makeError(where + "bad config (" + config.error() + ")");
    Result<UNetConfig> c = UNetConfig::fromJson(*config);
    if (!c)
        return makeError(where + c.error());
    meta.config = *c;
    meta.schedule = get("schedule");
    const int64_t timesteps = numbers::parseInteger(get("timesteps")).value_or(0);
    if (timesteps < 2 || timesteps > 100'000)
        return makeError(where + "bad timestep count '" + get("timesteps") + "'");
    meta.timesteps = int(timesteps);
    Result<Json> wnids = parseStoredJson(get("classes").empty() ? "[]" : get("classes"));
    Result<Json> names = parseStoredJson(get("class_names").empty() ? "[]" : get("class_names"));
    if (!wnids || !names)
        return makeError(where + "bad class list");
    for (const Json &w : json::elements(*wnids))
        meta.classWnids.push_back(json::stringOf(w));
    for (const Json &n : json::elements(*names))
        meta.classNames.push_back(json::stringOf(n));
    if (!meta.classWnids.empty() && int(meta.classWnids.size()) != meta.config.numClasses)
        return makeError(where + "lists " + std::to_string(meta.classWnids.size()) +
                         " classes but the model has " + std::to_string(meta.config.numClasses));
    Result<Json> defaults = parseStoredJson(get("defaults").empty() ? "{}" : get("defaults"));
    Result<Json> training = parseStoredJson(get("training").empty() ? "{}" : get("training"));
    meta.defaults = defaults ? *defaults : Json();
    meta.training = training ? *training : Json();
    return meta;
}

Result<void> loadInto(torch::nn::Module &module,
                      const std::map<std::string, torch::Tensor> &tensors,
                      const std::string &prefix, const std::filesystem::path &path)
{
    torch::NoGradGuard guard;
    for (auto &item : module.named_parameters(true)) {
        const std::string name = prefix + item.key();
        const auto it = tensors.find(name);
        if (it == tensors.end())
            return makeError(path.string() + ": tensor '" + name + "' is missing");
        if (it->second.sizes() != item.value().sizes())
            return makeError(path.string() + ": tensor '" + name + "' has shape " +
                             c10::str(it->second.sizes()) + ", the model needs " +
                             c10::str(item.value().sizes()));
        item.value().copy_(it->second.to(item.value().dtype()));
    }
    return {};
}

void appendParameters(const torch::nn::Module &module, const std::string &prefix,
                      std::vector<std::pair<std::string, torch::Tensor>> &out)
{
    for (const auto &item : module.named_parameters(true))
        out.emplace_back(prefix + item.key(), item.value());
}

} // namespace synset::diffusion
