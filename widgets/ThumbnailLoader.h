// Thumbnails for large image grids: made on worker threads, the requests nearest the viewport
// first, kept in an LRU cache in memory and, when a disk cache is set, in the project's
// cache/thumbnails.db (read back instead of decoding the image again, in this session or the
// next). thumbnail() never blocks the GUI thread: it returns the cached image or a null one and
// queues the work; ready() says when to repaint.
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

namespace synset {
class ThumbnailStore;
}

class ThumbnailLoader : public QObject
{
    Q_OBJECT

public:
    // cacheImages: how many decoded thumbnails to keep, counted in 64 KB (128x128) tiles so that
    // memory stays bounded whatever the images' size (a 256 px thumbnail counts as 4, a small one
    // as 1); maxSide: larger images are scaled down; threads: workers (0: the cores, at most 4).
    explicit ThumbnailLoader(int cacheImages = 6000, int maxSide = 256, QObject *parent = nullptr,
                             int threads = 0);
    ~ThumbnailLoader() override;

    // GUI thread. row orders the queue (nearest the focus row first).
    QImage thumbnail(qint64 id, const QString &file, qint64 record, int row);
    bool isCached(qint64 id) const { return m_cache.contains(id); }
    // The row at the centre of the viewport; requests far from it are dropped.
    void setFocusRow(int row);
    void clearPending();
    void clearCache();
    // Thumbnails are also kept in (and read from) this store; null: in memory only. Pending
    // requests are dropped.
    void setDiskCache(std::shared_ptr<synset::ThumbnailStore> store);
    qint64 fromDisk() const { return m_fromDisk; }
    int pendingCount() const;
    qint64 decoded() const { return m_decoded; }

signals:
    void ready(qint64 id);

private:
    struct Request
    {
        QString file;
        qint64 record = -1;
        int row = 0;
    };
    void work();
    QImage make(qint64 id, const Request &request, bool &fromDisk);

    QCache<qint64, QImage> m_cache;
    int m_maxSide;
    qint64 m_decoded = 0, m_fromDisk = 0;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::unordered_map<qint64, Request> m_pending; // guarded by m_mutex
    // The pending requests by (row, id), so the one nearest the focus row is found in
    // O(log n) while the GUI thread waits for the lock. Guarded by m_mutex.
    std::set<std::pair<int, qint64>> m_byRow;
    // Taken from the queue and not yet in the cache (being decoded, or on the way to the GUI
    // thread): asked for again meanwhile, they are not decoded twice. Guarded by m_mutex.
    std::unordered_map<qint64, bool> m_inFlight;
    int m_focus = 0;                                 // guarded by m_mutex
    bool m_stop = false;                             // guarded by m_mutex
    std::shared_ptr<synset::ThumbnailStore> m_store; // guarded by m_mutex
    std::vector<std::thread> m_workers;
};
