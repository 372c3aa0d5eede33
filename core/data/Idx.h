// IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or not.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace synset::idx {

struct IdxFile
{
    std::vector<uint32_t> dims; // dims[0] is the item count
    std::vector<uint8_t> data;  // unsigned bytes, items back to back
    size_t headerSize = 0;

    size_t itemSize() const;
};

// Reads an unsigned-byte IDX file; a wrong magic, a short body or a truncated gzip stream is an
// error naming the file.
Result<IdxFile> read(const std::filesystem::path &path);
// The same checks on bytes already in memory (uncompressed); path names the source in errors.
// In the tensor library (IdxParse.cpp): read() needs zlib, this does not.
Result<IdxFile> parse(std::vector<uint8_t> bytes, const std::filesystem::path &path);

// The whole size (header and data) that an IDX header declares, from at least its first
// 4 + 4 * rank bytes; a bad magic, element type or rank, or a size past 2^64, is an error.
Result<uint64_t> declaredSize(const std::vector<uint8_t> &head, const std::filesystem::path &path);

// Shared, decompressed IDX bodies for image loading; keeps the few most recently used.
Result<std::shared_ptr<const IdxFile>> cached(const std::filesystem::path &path);

} // namespace synset::idx
