// Tensor files in the safetensors layout: 8-byte little-endian header length, a JSON header
// (dtype, shape, data_offsets per tensor, plus string "__metadata__"), then the raw data.
// Internal to the tensor library (includes LibTorch).
#pragma once

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

// The header of a tensor file, read without its data: what each tensor is and where it lies.
struct Entry
{
    torch::ScalarType dtype;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets into the data section
    uint64_t end = 0;
};
struct Index
{
    std::filesystem::path path;
    uint64_t dataStart = 0;
    std::map<std::string, Entry> entries;
    std::map<std::string, std::string> metadata;
};
// Reads and checks the header only (every tensor's bytes must fit its dtype, its shape and the
// file), so that a 4 GB checkpoint can be inspected, or loaded one tensor at a time.
Result<Index> readIndex(const std::filesystem::path &path);
// The checks of readIndex on a header already read: its JSON text and the size of the data
// section after it (for a file: its size less 8 and the header).
Result<Index> parseIndex(std::string_view headerText, uint64_t dataSize,
                         const std::filesystem::path &path);
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
