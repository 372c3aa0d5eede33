// Thumbnails kept on disk so that browsing a million generated images stays smooth across
// sessions: P/cache/thumbnails.db, a SQLite file of its own rather than tables in the project's
// database (a cache: deleted freely, never backed up with the project, written by the grid's
// threads without the project's write lock). A row per image holds the encoded thumbnail with
// the source file's path, size and modification time; when the file changes the row is stale
// and the thumbnail is made again. The store does not decode: callers encode and decode.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Database;
class Statement;

class ThumbnailStore
{
public:
    // What identifies the source's content: its path, size and modification time.
    struct Stamp
    {
        std::string file;
        int64_t size = -1, modified = 0;
        bool valid() const { return size >= 0; }
    };
    static Stamp stampOf(const std::filesystem::path &file);
    // The cache file of a project folder.
    static std::filesystem::path fileOf(const std::filesystem::path &projectDir);

    // Opens or creates the cache (and its folder). Safe from any thread once open.
    static Result<std::unique_ptr<ThumbnailStore>> open(const std::filesystem::path &file);
    ~ThumbnailStore();

    // The thumbnail stored for this image at this side, if its stamp still matches.
    std::optional<std::vector<uint8_t>> find(int64_t imageId, int side, const Stamp &stamp);
    Result<void> put(int64_t imageId, int side, const Stamp &stamp,
                     const std::vector<uint8_t> &encoded);
    int64_t count();

private:
    explicit ThumbnailStore(std::unique_ptr<Database> db);
    std::mutex m_mutex; // one connection, shared by the loader's threads
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Statement> m_find, m_put;
};

} // namespace synset
