// Tensor files in the safetensors layout: 8-byte little-endian header length, a JSON header
// (dtype, shape, data_offsets per tensor, plus string "__metadata__"), then the raw data.
// Internal to the tensor library (includes LibTorch).
#pragma once

#include "common/Result.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace synset::tensorfile {

struct Contents
{
    std::map<std::string, torch::Tensor> tensors; // CPU, contiguous, in the stored dtype
    std::map<std::string, std::string> metadata;
};

// Written atomically; tensors are moved to the CPU and made contiguous.
Result<void> save(const std::filesystem::path &path,
                  const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                  const std::map<std::string, std::string> &metadata);
// A truncated file, a bad header or a tensor whose bytes do not fit its dtype and shape is an
// error naming the file (and the tensor).
Result<Contents> load(const std::filesystem::path &path);

} // namespace synset::tensorfile
