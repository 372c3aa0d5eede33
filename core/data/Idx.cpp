#include "Idx.h"

#include "common/FileUtil.h"

#include <list>
#include <mutex>

namespace synset::idx {

size_t IdxFile::itemSize() const
{
    size_t size = 1;
    for (size_t i = 1; i < dims.size(); ++i)
        size *= dims[i];
    return size;
}

Result<IdxFile> read(const std::filesystem::path &path)
{
    Result<std::vector<uint8_t>> raw = files::readMaybeGzip(path);
    if (!raw)
        return makeError(raw.error());
    IdxFile f;
    f.data = std::move(*raw);
    const std::vector<uint8_t> &b = f.data;
    if (b.size() < 4 || b[0] != 0 || b[1] != 0)
        return makeError(path.string() + ": not an IDX file (bad magic number)");
    if (b[2] != 0x08)
        return makeError(path.string() + ": IDX element type " + std::to_string(b[2]) +
                         " is not unsigned bytes");
    const size_t rank = b[3];
    if (rank < 1 || rank > 4)
        return makeError(path.string() + ": IDX rank " + std::to_string(rank) +
                         " is not supported");
    f.headerSize = 4 + 4 * rank;
    if (b.size() < f.headerSize)
        return makeError(path.string() + ": truncated IDX header");
    size_t expected = 1;
    for (size_t i = 0; i < rank; ++i) {
        const uint8_t *p = b.data() + 4 + 4 * i;
        const uint32_t d =
            (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
        f.dims.push_back(d);
        expected *= d;
    }
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

Result<std::shared_ptr<const IdxFile>> cached(const std::filesystem::path &path)
{
    static std::mutex mutex;
    static std::list<std::pair<std::string, std::shared_ptr<const IdxFile>>> lru;
    constexpr size_t kKeep = 4;
    const std::string key = path.string();
    {
        std::lock_guard lock(mutex);
        for (auto it = lru.begin(); it != lru.end(); ++it) {
            if (it->first == key) {
                lru.splice(lru.begin(), lru, it);
                return lru.front().second;
            }
        }
    }
    Result<IdxFile> f = read(path);
    if (!f)
        return makeError(f.error());
    auto shared = std::make_shared<const IdxFile>(std::move(*f));
    std::lock_guard lock(mutex);
    lru.emplace_front(key, shared);
    while (lru.size() > kKeep)
        lru.pop_back();
    return std::shared_ptr<const IdxFile>(shared);
}

} // namespace synset::idx
