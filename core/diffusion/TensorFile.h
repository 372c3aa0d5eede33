// Tensor files in the safetensors layout (TensorIndex.h reads their header): whole files, or one
// tensor at a time. Internal to the tensor library (includes LibTorch).
#pragma once

#include "TensorIndex.h"

#include "common/Result.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace synset::tensorfile {

struct Contents
{
    std::map<std::string, torch::Tensor> tensors; // CPU, contiguous, in the stored dtype
    std::map<std::string, std::string> metadata;
};

// One tensor's bytes, straight from the file into a CPU tensor of the stored dtype.
Result<torch::Tensor> readTensor(const Index &index, const std::string &name);

// Written atomically; tensors are moved to the CPU and made contiguous.
Result<void> save(const std::filesystem::path &path,
                  const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                  const std::map<std::string, std::string> &metadata);
// A truncated file, a bad header or a tensor whose bytes do not fit its dtype and shape is an
// error naming the file (and the tensor).
Result<Contents> load(const std::filesystem::path &path);

} // namespace synset::tensorfile
