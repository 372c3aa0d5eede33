// Reading and writing the class-conditional diffusion model file and the training checkpoint,
// both in the safetensors layout with the UNet config and class list in the metadata.
// Internal to the tensor library.
#pragma once

#include "NoiseSchedule.h"
#include "UNet.h"

#include "common/Json.h"

#include <filesystem>
#include <map>
#include <string>

namespace synset::diffusion {

inline constexpr const char *kModelFormat = "synset-studio/diffusion";
inline constexpr const char *kCheckpointFormat = "synset-studio/diffusion-checkpoint";
inline constexpr int kModelVersion = 1;

struct ModelMeta
{
    UNetConfig config;
    std::string schedule = "cosine";
    int timesteps = 1000;
    std::vector<std::string> classWnids, classNames;
    Json defaults; // {"guidance", "sampler", "steps"}
    Json training; // how the model was made
};

std::map<std::string, std::string> metaToStrings(const ModelMeta &meta, const char *format);
Result<ModelMeta> metaFromStrings(const std::map<std::string, std::string> &m,
                                  const std::filesystem::path &path, const char *format);

// Copies tensors named prefix + parameter name into the module; a missing tensor or a shape
// mismatch is an error naming the file and the tensor.
Result<void> loadInto(torch::nn::Module &module,
                      const std::map<std::string, torch::Tensor> &tensors,
                      const std::string &prefix, const std::filesystem::path &path);
void appendParameters(const torch::nn::Module &module, const std::string &prefix,
                      std::vector<std::pair<std::string, torch::Tensor>> &out);

} // namespace synset::diffusion
