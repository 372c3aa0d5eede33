#include "TensorIndex.h"

#include "common/Json.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace synset::tensorfile {

size_t dtypeSize(std::string_view dtype)
{
    static constexpr std::pair<std::string_view, size_t> kSizes[] = {
        {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"F64", 8}, {"I64", 8},
        {"I32", 4}, {"I16", 2}, {"I8", 1},   {"U8", 1},  {"BOOL", 1},
    };
    for (const auto &[name, size] : kSizes)
        if (dtype == name)
            return size;
    return 0;
}

Result<Index> readIndex(const std::filesystem::path &path)
{
    const std::string where = path.string() + ": ";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(where + "cannot open (" + std::strerror(errno) + ")");
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        return makeError(where + "cannot read its size (" + ec.message() + ")");
    if (fileSize < 8)
        return makeError(where + "truncated (" + std::to_string(fileSize) +
                         " bytes; not a tensor file)");
    unsigned char lenBytes[8];
    in.read(reinterpret_cast<char *>(lenBytes), 8);
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
        n |= static_cast<uint64_t>(lenBytes[i]) << (8 * i);
    if (n > fileSize - 8 || n > (uint64_t(1) << 30))
        return makeError(where + "truncated or not a tensor file (header of " + std::to_string(n) +
                         " bytes, file of " + std::to_string(fileSize) + ")");
    std::string headerText(n, '\0');
    if (!in.read(headerText.data(), static_cast<std::streamsize>(n)))
        return makeError(where + "cannot read the header");
    return parseIndex(headerText, fileSize - 8 - n, path);
}

namespace {

// One tensor's entry; its byte count must fit its dtype and shape, without overflow.
Result<Entry> parseEntry(const std::string &name, const Json &entry, uint64_t dataSize,
                         const std::string &where)
{
    Entry e;
    e.dtype = json::stringOf(json::member(entry, "dtype"));
    uint64_t bytes = dtypeSize(e.dtype);
    if (!bytes)
        return makeError(where + "tensor '" + name + "' has unknown dtype '" +
                         json::stringOf(json::member(entry, "dtype"), "(none)") + "'");
    for (const Json &s : json::elements(json::member(entry, "shape"))) {
        const int64_t dim = json::integer(s, -1);
        if (dim < 0 || __builtin_mul_overflow(bytes, uint64_t(dim), &bytes))
            return makeError(where + "tensor '" + name + "' has a bad shape");
        e.shape.push_back(dim);
    }
    const Json::array_t &offsets = json::elements(json::member(entry, "data_offsets"));
    const int64_t begin = offsets.size() == 2 ? json::integer(offsets[0], -1) : -1;
    const int64_t end = offsets.size() == 2 ? json::integer(offsets[1], -1) : -1;
    if (begin < 0 || end < 0)
        return makeError(where + "tensor '" + name + "' has no valid data_offsets");
    e.begin = uint64_t(begin);
    e.end = uint64_t(end);
    if (e.end < e.begin || e.end - e.begin != bytes)
        return makeError(where + "tensor '" + name + "' holds " +
                         std::to_string(e.end < e.begin ? 0 : e.end - e.begin) +
                         " bytes but its shape needs " + std::to_string(bytes));
    if (e.end > dataSize)
        return makeError(where + "truncated: tensor '" + name + "' ends at byte " +
                         std::to_string(e.end) + " of data but the file has " +
                         std::to_string(dataSize));
    return e;
}

} // namespace

Result<Index> parseIndex(std::string_view headerText, uint64_t dataSize,
                         const std::filesystem::path &path)
{
    const std::string where = path.string() + ": ";
    Result<Json> header = parseJson(headerText);
    if (!header || !header->is_object())
        return makeError(where + "corrupt header (" +
                         (header ? std::string("not an object") : header.error()) + ")");
    Index index;
    index.path = path;
    index.dataStart = 8 + headerText.size();
    for (const auto &[name, entry] : json::members(*header)) {
        if (name == "__metadata__") {
            for (const auto &[k, v] : json::members(entry))
                index.metadata[k] = json::stringOf(v);
            continue;
        }
        Result<Entry> e = parseEntry(name, entry, dataSize, where);
        if (!e)
            return makeError(e.error());
        index.entries.emplace(name, std::move(*e));
    }
    return index;
}

} // namespace synset::tensorfile
