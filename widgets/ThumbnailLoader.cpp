#include "ThumbnailLoader.h"

#include "ImageConvert.h"

#include <cstdlib>
#include <iterator>
#include <limits>

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
        QImage image;
        try {
            image = loadProjectImage(request.file, request.record);
        } catch (...) {
            // Nothing a file holds may end the process: an exception here (a crafted file, no
            // memory) is an unreadable image like any other.
            image = QImage();
        }
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
