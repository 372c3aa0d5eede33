// The header of a tensor file in the safetensors layout, without LibTorch: 8-byte little-endian
// header length, a JSON header (dtype, shape, data_offsets per tensor, plus string
// "__metadata__"), then the raw data. TensorFile.h reads the data into tensors.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace synset::tensorfile {

// What each tensor is and where it lies.
struct Entry
{
    std::string dtype; // safetensors' name: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL
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
// Bytes per element of a safetensors dtype name; 0 for an unknown one.
size_t dtypeSize(std::string_view dtype);
// Reads and checks the header only (every tensor's bytes must fit its dtype, its shape and the
// file), so that a 4 GB checkpoint can be inspected, or loaded one tensor at a time.
Result<Index> readIndex(const std::filesystem::path &path);
// The checks of readIndex on a header already read: its JSON text and the size of the data
// section after it (for a file: its size less 8 and the header).
Result<Index> parseIndex(std::string_view headerText, uint64_t dataSize,
                         const std::filesystem::path &path);

} // namespace synset::tensorfile
