#include "Idx.h"

#include "common/FileUtil.h"

#include <list>
#include <mutex>

namespace synset::idx {

Result<IdxFile> read(const std::filesystem::path &path)
{
    // A gzip body may inflate to no more than its header declares (20 bytes hold any header).
    files::OutputCap cap;
    cap.headBytes = 20;
    cap.ask = [&](const std::vector<uint8_t> &head) { return declaredSize(head, path); };
    Result<std::vector<uint8_t>> raw = files::readMaybeGzip(path, cap);
    if (!raw)
        return makeError(raw.error());
    return parse(std::move(*raw), path);
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
