#include "TensorFile.h"

#include "common/FileUtil.h"
#include "common/Json.h"

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

const DType *byName(std::string_view name)
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

Result<torch::Tensor> readTensor(const Index &index, const std::string &name)
{
    auto it = index.entries.find(name);
    if (it == index.entries.end())
        return makeError(index.path.string() + ": no tensor '" + name + "'");
    const Entry &e = it->second;
    const DType *d = byName(e.dtype);
    if (!d)
        return makeError(index.path.string() + ": tensor '" + name + "' has unknown dtype '" +
                         e.dtype + "'");
    torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(d->type));
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
