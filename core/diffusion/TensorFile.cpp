#include "TensorFile.h"

#include "common/FileUtil.h"
#include "common/Json.h"

#include <cstring>

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
    Json::Object meta;
    for (const auto &[k, v] : metadata)
        meta[k] = Json(v);
    header["__metadata__"] = Json(std::move(meta));
    std::vector<torch::Tensor> cpu;
    uint64_t offset = 0;
    for (const auto &[name, t] : tensors) {
        const DType *d = byType(t.scalar_type());
        if (!d)
            return makeError(path.string() + ": tensor '" + name + "' has an unsupported dtype");
        torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
        const uint64_t bytes = static_cast<uint64_t>(c.numel()) * d->size;
        Json::Array shape;
        for (int64_t s : c.sizes())
            shape.emplace_back(s);
        Json entry;
        entry["dtype"] = Json(d->name);
        entry["shape"] = Json(std::move(shape));
        entry["data_offsets"] = Json(Json::Array{Json(offset), Json(offset + bytes)});
        header[name] = std::move(entry);
        offset += bytes;
        cpu.push_back(std::move(c));
    }
    std::string json = header.dump();
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

Result<Contents> load(const std::filesystem::path &path)
{
    Result<std::string> raw = files::readText(path);
    if (!raw)
        return makeError(raw.error());
    const std::string &b = *raw;
    const std::string where = path.string() + ": ";
    if (b.size() < 8)
        return makeError(where + "truncated (" + std::to_string(b.size()) +
                         " bytes; not a tensor file)");
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
        n |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << (8 * i);
    if (n > b.size() - 8)
        return makeError(where + "truncated or not a tensor file (header of " + std::to_string(n) +
                         " bytes, file of " + std::to_string(b.size()) + ")");
    Result<Json> header = Json::parse(std::string_view(b).substr(8, n));
    if (!header || !header->isObject())
        return makeError(where + "corrupt header (" +
                         (header ? std::string("not an object") : header.error()) + ")");
    const size_t dataStart = 8 + n;
    const size_t dataSize = b.size() - dataStart;
    Contents c;
    for (const auto &[name, entry] : header->object()) {
        if (name == "__metadata__") {
            for (const auto &[k, v] : entry.object())
                c.metadata[k] = v.asString();
            continue;
        }
        const DType *d = byName(entry["dtype"].asString());
        if (!d)
            return makeError(where + "tensor '" + name + "' has unknown dtype '" +
                             entry["dtype"].asString() + "'");
        std::vector<int64_t> shape;
        uint64_t count = 1;
        for (const Json &s : entry["shape"].array()) {
            if (s.asInt(-1) < 0)
                return makeError(where + "tensor '" + name + "' has a bad shape");
            shape.push_back(s.asInt());
            count *= static_cast<uint64_t>(s.asInt());
        }
        const Json::Array &offsets = entry["data_offsets"].array();
        if (offsets.size() != 2)
            return makeError(where + "tensor '" + name + "' has no data_offsets");
        const uint64_t begin = static_cast<uint64_t>(offsets[0].asInt()),
                       end = static_cast<uint64_t>(offsets[1].asInt());
        if (end < begin || end - begin != count * d->size)
            return makeError(where + "tensor '" + name + "' holds " + std::to_string(end - begin) +
                             " bytes but its shape needs " + std::to_string(count * d->size));
        if (end > dataSize)
            return makeError(where + "truncated: tensor '" + name + "' ends at byte " +
                             std::to_string(end) + " of data but the file has " +
                             std::to_string(dataSize));
        torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(d->type));
        if (count)
            std::memcpy(t.data_ptr(), b.data() + dataStart + begin, end - begin);
        c.tensors.emplace(name, std::move(t));
    }
    return c;
}

} // namespace synset::tensorfile
