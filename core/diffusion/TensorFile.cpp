#include "TensorFile.h"

#include "common/FileUtil.h"
#include "common/Json.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace synset::tensorfile {

namespace {

struct DType
{
    const char *name;
    torch::ScalarType type;
    size_t size;
};

constexpr DType kTypes[] = {
    {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2}, {"BF16", torch::kBFloat16, 2},
    {"F64", torch::kFloat64, 8}, {"I64", torch::kInt64, 8},   {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},   {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DType *byName(const std::string &name)
{
    for (const DType &d : kTypes)
        if (name == d.name)
            return &d;
    return nullptr;
}

const DType *byType(torch::ScalarType t)
{
    for (const DType &d : kTypes)
        if (t == d.type)
            return &d;
    return nullptr;
}

} // namespace

Result<void> save(const std::filesystem::path &path,
                  const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                  const std::map<std::string, std::string> &metadata)
{
    Json header;
    header["__metadata__"] = metadata;
    std::vector<torch::Tensor> cpu;
    uint64_t offset = 0;
    for (const auto &[name, t] : tensors) {
        const DType *d = byType(t.scalar_type());
        if (!d)
            return makeError(path.string() + ": tensor '" + name + "' has an unsupported dtype");
        torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
        const uint64_t bytes = static_cast<uint64_t>(c.numel()) * d->size;
        header[name] = {{"dtype", d->name},
                        {"shape", std::vector<int64_t>(c.sizes().begin(), c.sizes().end())},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        cpu.push_back(std::move(c));
    }
    std::string json = dumpJson(header);
    while ((json.size() + 8) % 8 != 0)
        json.push_back(' '); // align the data to 8 bytes, as the reference writer does
    std::string out;
    out.reserve(8 + json.size() + offset);
    uint64_t n = json.size();
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    out += json;
    for (const torch::Tensor &c : cpu)
        out.append(static_cast<const char *>(c.data_ptr()), c.numel() * c.element_size());
    return files::writeAtomically(path, out);
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
    const DType *d = byName(json::stringOf(json::member(entry, "dtype")));
    if (!d)
        return makeError(where + "tensor '" + name + "' has unknown dtype '" +
                         json::stringOf(json::member(entry, "dtype"), "(none)") + "'");
    Entry e;
    e.dtype = d->type;
    uint64_t bytes = d->size;
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

Result<torch::Tensor> readTensor(const Index &index, const std::string &name)
{
    auto it = index.entries.find(name);
    if (it == index.entries.end())
        return makeError(index.path.string() + ": no tensor '" + name + "'");
    const Entry &e = it->second;
    torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype));
    const uint64_t bytes = e.end - e.begin;
    if (bytes) {
        std::ifstream in(index.path, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(index.dataStart + e.begin));
        if (!in || !in.read(static_cast<char *>(t.data_ptr()), static_cast<std::streamsize>(bytes)))
            return makeError(index.path.string() + ": cannot read tensor '" + name +
                             "' (the file changed or is truncated)");
    }
    return t;
}

Result<Contents> load(const std::filesystem::path &path)
{
    Result<Index> index = readIndex(path);
    if (!index)
        return makeError(index.error());
    Contents c;
    c.metadata = index->metadata;
    for (const auto &[name, entry] : index->entries) {
        Result<torch::Tensor> t = readTensor(*index, name);
        if (!t)
            return makeError(t.error());
        c.tensors.emplace(name, std::move(*t));
    }
    return c;
}

} // namespace synset::tensorfile
