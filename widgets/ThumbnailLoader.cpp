#include "ThumbnailLoader.h"

#include "ImageConvert.h"

#include <cstdlib>

namespace {
// Requests further than this from the focus row are dropped: the user has scrolled away.
constexpr int kKeepDistance = 1500;
} // namespace

ThumbnailLoader::ThumbnailLoader(int cacheImages, int maxSide, QObject *parent)
    : QObject(parent)
    , m_cache(cacheImages)
    , m_maxSide(maxSide)
{
    m_worker = std::thread([this] { work(); });
}

ThumbnailLoader::~ThumbnailLoader()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_worker.join();
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
        if (!added)
            it->second.row = row;
    }
    m_wake.notify_one();
    return {};
}

void ThumbnailLoader::setFocusRow(int row)
{
    std::lock_guard lock(m_mutex);
    m_focus = row;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (std::abs(it->second.row - row) > kKeepDistance)
            it = m_pending.erase(it);
        else
            ++it;
    }
}

void ThumbnailLoader::clearPending()
{
    std::lock_guard lock(m_mutex);
    m_pending.clear();
}

void ThumbnailLoader::clearCache()
{
    clearPending();
    m_cache.clear();
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
            auto best = m_pending.begin();
            for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
                if (std::abs(it->second.row - m_focus) < std::abs(best->second.row - m_focus))
                    best = it;
            id = best->first;
            request = std::move(best->second);
            m_pending.erase(best);
            m_inFlight[id] = true;
        }
        QImage image = loadProjectImage(request.file, request.record);
        if (image.isNull()) {
            // A file that cannot be read gets a grey tile, so that it is not asked for again.
            image = QImage(8, 8, QImage::Format_Grayscale8);
            image.fill(128);
        } else if (std::max(image.width(), image.height()) > m_maxSide) {
            image =
                image.scaled(m_maxSide, m_maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        }
        // The format the raster engine draws fastest, converted here rather than on every paint.
        image = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                              : QImage::Format_RGB32);
        QMetaObject::invokeMethod(
            this,
            [this, id, image] {
                {
                    std::lock_guard lock(m_mutex);
                    m_inFlight.erase(id);
                }
                m_cache.insert(id, new QImage(image));
                ++m_decoded;
                emit ready(id);
            },
            Qt::QueuedConnection);
    }
}
