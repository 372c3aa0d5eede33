#include "ThumbnailStore.h"

#include "Database.h"

#include <chrono>

namespace synset {

namespace fs = std::filesystem;

ThumbnailStore::Stamp ThumbnailStore::stampOf(const fs::path &file)
{
    Stamp s;
    s.file = file.string();
    std::error_code ec;
    const uintmax_t size = fs::file_size(file, ec);
    if (ec)
        return s;
    const fs::file_time_type modified = fs::last_write_time(file, ec);
    if (ec)
        return s;
    s.size = int64_t(size);
    s.modified = int64_t(
        std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count());
    return s;
}

fs::path ThumbnailStore::fileOf(const fs::path &projectDir)
{
    return projectDir / "cache" / "thumbnails.db";
}

Result<std::unique_ptr<ThumbnailStore>> ThumbnailStore::open(const fs::path &file)
{
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec)
        return makeError(file.parent_path().string() + ": cannot create the cache folder (" +
                         ec.message() + ")");
    Result<std::unique_ptr<Database>> db = Database::open(file, true);
    if (!db)
        return makeError(db.error());
    if (Result<void> r = (*db)->exec(
            "CREATE TABLE IF NOT EXISTS thumbnails(image_id INTEGER NOT NULL, "
            "side INTEGER NOT NULL, file TEXT NOT NULL, size INTEGER NOT NULL, "
            "modified INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(image_id, side)) "
            "WITHOUT ROWID");
        !r)
        return makeError(r.error());
    std::unique_ptr<ThumbnailStore> store(new ThumbnailStore(std::move(*db)));
    Result<Statement> find = store->m_db->prepare(
        "SELECT file, size, modified, data FROM thumbnails WHERE image_id = ? AND side = ?");
    Result<Statement> put = store->m_db->prepare(
        "INSERT OR REPLACE INTO thumbnails(image_id, side, file, size, modified, data) "
        "VALUES(?, ?, ?, ?, ?, ?)");
    if (!find || !put)
        return makeError(!find ? find.error() : put.error());
    store->m_find = std::make_unique<Statement>(std::move(*find));
    store->m_put = std::make_unique<Statement>(std::move(*put));
    return store;
}

ThumbnailStore::ThumbnailStore(std::unique_ptr<Database> db)
    : m_db(std::move(db))
{}

ThumbnailStore::~ThumbnailStore()
{
    // Statements before the connection they belong to.
    m_find.reset();
    m_put.reset();
}

std::optional<std::vector<uint8_t>> ThumbnailStore::find(int64_t imageId, int side,
                                                         const Stamp &stamp)
{
    std::lock_guard lock(m_mutex);
    m_find->reset();
    m_find->bind(1, imageId).bind(2, side);
    if (!m_find->step())
        return std::nullopt;
    if (m_find->columnText(0) != stamp.file || m_find->columnInt(1) != stamp.size ||
        m_find->columnInt(2) != stamp.modified)
        return std::nullopt;
    return m_find->columnBlob(3);
}

Result<void> ThumbnailStore::put(int64_t imageId, int side, const Stamp &stamp,
                                 const std::vector<uint8_t> &encoded)
{
    std::lock_guard lock(m_mutex);
    m_put->reset();
    m_put->bind(1, imageId)
        .bind(2, side)
        .bind(3, stamp.file)
        .bind(4, stamp.size)
        .bind(5, stamp.modified)
        .bindBlob(6, encoded);
    return m_put->exec();
}

int64_t ThumbnailStore::count()
{
    std::lock_guard lock(m_mutex);
    Result<Statement> st = m_db->prepare("SELECT COUNT(*) FROM thumbnails");
    return st && st->step() ? st->columnInt(0) : 0;
}

} // namespace synset
