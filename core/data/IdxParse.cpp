// The IDX format itself, with no file or gzip handling: part of the tensor library, so that tools
// built with LibTorch alone read the same files with the same checks.
#include "Idx.h"

namespace synset::idx {

namespace {

uint32_t dimension(const std::vector<uint8_t> &b, size_t i)
{
    const uint8_t *p = b.data() + 4 + 4 * i;
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

} // namespace

size_t IdxFile::itemSize() const
{
    size_t size = 1;
    for (size_t i = 1; i < dims.size(); ++i)
        size *= dims[i];
    return size;
}

Result<uint64_t> declaredSize(const std::vector<uint8_t> &b, const std::filesystem::path &path)
{
    if (b.size() < 4 || b[0] != 0 || b[1] != 0)
        return makeError(path.string() + ": not an IDX file (bad magic number)");
    if (b[2] != 0x08)
        return makeError(path.string() + ": IDX element type " + std::to_string(b[2]) +
                         " is not unsigned bytes");
    const size_t rank = b[3];
    if (rank < 1 || rank > 4)
        return makeError(path.string() + ": IDX rank " + std::to_string(rank) +
                         " is not supported");
    const size_t headerSize = 4 + 4 * rank;
    if (b.size() < headerSize)
        return makeError(path.string() + ": truncated IDX header");
    uint64_t data = 1;
    for (size_t i = 0; i < rank; ++i)
        // Four 32-bit dimensions can multiply past 2^64: no file holds that much.
        if (__builtin_mul_overflow(data, uint64_t(dimension(b, i)), &data) ||
            data > UINT64_MAX - headerSize)
            return makeError(path.string() + ": IDX header declares more data than a file holds");
    return headerSize + data;
}

Result<IdxFile> parse(std::vector<uint8_t> bytes, const std::filesystem::path &path)
{
    Result<uint64_t> size = declaredSize(bytes, path);
    if (!size)
        return makeError(size.error());
    IdxFile f;
    f.data = std::move(bytes);
    const std::vector<uint8_t> &b = f.data;
    const size_t rank = b[3];
    f.headerSize = 4 + 4 * rank;
    for (size_t i = 0; i < rank; ++i)
        f.dims.push_back(dimension(b, i));
    const uint64_t expected = *size - f.headerSize;
    if (b.size() - f.headerSize < expected)
        return makeError(path.string() + ": truncated IDX data (" +
                         std::to_string(b.size() - f.headerSize) + " of " +
                         std::to_string(expected) + " bytes)");
    if (b.size() - f.headerSize > expected)
        return makeError(path.string() + ": IDX file has " +
                         std::to_string(b.size() - f.headerSize - expected) +
                         " bytes more than its header declares");
    return f;
}

} // namespace synset::idx
