#include "ThumbnailLoader.h"

#include "ImageConvert.h"

#include "project/ThumbnailStore.h"

#include <QBuffer>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace {
// Requests further than this from the focus row are dropped: the user has scrolled away.
constexpr int kKeepDistance = 1500;
// The memory cache's unit: a 128x128 RGB32 tile.
constexpr qsizetype kTileBytes = 128 * 128 * 4;
} // namespace

ThumbnailLoader::ThumbnailLoader(int cacheImages, int maxSide, QObject *parent, int threads)
    : QObject(parent)
    , m_cache(cacheImages)
    , m_maxSide(maxSide)
{
    if (threads <= 0)
        threads = std::clamp(int(std::thread::hardware_concurrency()), 1, 4);
    for (int i = 0; i < threads; ++i)
        m_workers.emplace_back([this] { work(); });
}

ThumbnailLoader::~ThumbnailLoader()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_workers)
        t.join();
}

QImage ThumbnailLoader::thumbnail(qint64 id, const QString &file, qint64 record, int row)
{
    if (const QImage *image = m_cache.object(id))
        return *image;
    {
        std::lock_guard lock(m_mutex);
        if (m_inFlight.count(id))
            return {};
        auto [it, added] = m_pending.try_emplace(id, Request{file, record, row});
        if (!added && it->second.row != row) {
            m_byRow.erase({it->second.row, id});
            it->second.row = row;
        }
        m_byRow.insert({row, id});
    }
    m_wake.notify_one();
    return {};
}

void ThumbnailLoader::setFocusRow(int row)
{
    std::lock_guard lock(m_mutex);
    m_focus = row;
    // Drop what lies further than kKeepDistance rows on either side.
    while (!m_byRow.empty() && m_byRow.begin()->first < row - kKeepDistance) {
        m_pending.erase(m_byRow.begin()->second);
        m_byRow.erase(m_byRow.begin());
    }
    while (!m_byRow.empty() && std::prev(m_byRow.end())->first > row + kKeepDistance) {
        m_pending.erase(std::prev(m_byRow.end())->second);
        m_byRow.erase(std::prev(m_byRow.end()));
    }
}

void ThumbnailLoader::clearPending()
{
    std::lock_guard lock(m_mutex);
    m_pending.clear();
    m_byRow.clear();
}

void ThumbnailLoader::clearCache()
{
    clearPending();
    m_cache.clear();
}

void ThumbnailLoader::setDiskCache(std::shared_ptr<synset::ThumbnailStore> store)
{
    std::lock_guard lock(m_mutex);
    m_pending.clear();
    m_byRow.clear();
    m_store = std::move(store);
}

int ThumbnailLoader::pendingCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_pending.size());
}

void ThumbnailLoader::work()
{
    for (;;) {
        qint64 id = 0;
        Request request;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_pending.empty(); });
            if (m_stop)
                return;
            // The request nearest the viewport's centre goes first.
            auto next = m_byRow.lower_bound({m_focus, std::numeric_limits<qint64>::min()});
            if (next == m_byRow.end() || (next != m_byRow.begin() &&
                                          m_focus - std::prev(next)->first < next->first - m_focus))
                next = std::prev(next);
            id = next->second;
            m_byRow.erase(next);
            const auto best = m_pending.find(id);
            request = std::move(best->second);
            m_pending.erase(best);
            m_inFlight[id] = true;
        }
        bool fromDisk = false;
        QImage image;
        try {
            image = make(id, request, fromDisk);
        } catch (...) {
            // Nothing a file holds may end the process: an exception here (a crafted file, no
            // memory) is an unreadable image like any other.
            image = QImage();
        }
        if (image.isNull()) {
            // A file that cannot be read gets a grey tile, so that it is not asked for again.
            image = QImage(8, 8, QImage::Format_Grayscale8);
            image.fill(128);
        }
        // The format the raster engine draws fastest, converted here rather than on every paint.
        image = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                              : QImage::Format_RGB32);
        QMetaObject::invokeMethod(
            this,
            [this, id, image, fromDisk] {
                {
                    std::lock_guard lock(m_mutex);
                    m_inFlight.erase(id);
                }
                m_cache.insert(id, new QImage(image),
                               std::max<qsizetype>(1, image.sizeInBytes() / kTileBytes));
                ++(fromDisk ? m_fromDisk : m_decoded);
                emit ready(id);
            },
            Qt::QueuedConnection);
    }
}

// The thumbnail from the disk cache when it is there and current, else decoded from the image
// and scaled, then stored (JPEG, or PNG where there is transparency) for the next time.
QImage ThumbnailLoader::make(qint64 id, const Request &request, bool &fromDisk)
{
    std::shared_ptr<synset::ThumbnailStore> store;
    {
        std::lock_guard lock(m_mutex);
        store = m_store;
    }
    synset::ThumbnailStore::Stamp stamp;
    if (store) {
        stamp = synset::ThumbnailStore::stampOf(request.file.toStdString());
        if (request.record >= 0)
            stamp.file += "#" + std::to_string(request.record);
        if (std::optional<std::vector<uint8_t>> bytes = store->find(id, m_maxSide, stamp)) {
            QImage cached;
            if (cached.loadFromData(bytes->data(), int(bytes->size()))) {
                fromDisk = true;
                return cached;
            }
        }
    }
    QImage image = loadProjectImage(request.file, request.record);
    if (image.isNull())
        return image;
    if (std::max(image.width(), image.height()) > m_maxSide)
        image = image.scaled(m_maxSide, m_maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    if (store && stamp.valid()) {
        QByteArray encoded;
        QBuffer buffer(&encoded);
        buffer.open(QIODevice::WriteOnly);
        // Small images (Fashion-MNIST's 28 px) and transparent ones stay lossless.
        const bool png = image.hasAlphaChannel() || std::max(image.width(), image.height()) <= 64;
        if (image.save(&buffer, png ? "PNG" : "JPG", png ? -1 : 88)) {
            const auto *data = reinterpret_cast<const uint8_t *>(encoded.constData());
            // A cache that cannot be written (full disk, read-only project) only costs speed.
            (void)store->put(id, m_maxSide, stamp,
                             std::vector<uint8_t>(data, data + encoded.size()));
        }
    }
    return image;
}
