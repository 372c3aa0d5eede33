#include "ReviewModel.h"

#include "ThumbnailLoader.h"

#include <QDir>
#include <QImage>

#include <algorithm>
#include <cmath>

namespace {
// Files looked up together when a row's is missing: the rows about to be painted around it.
constexpr int kFileBlockBefore = 32, kFileBlockAfter = 224;
constexpr int kFileCacheLimit = 50000;
} // namespace

ReviewModel::ReviewModel(ThumbnailLoader *loader, QObject *parent)
    : QAbstractListModel(parent)
    , m_loader(loader)
{
    connect(m_loader, &ThumbnailLoader::ready, this, &ReviewModel::onThumbnail);
}

int ReviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ReviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const synset::ReviewEntry &s = image(index.row());
    switch (role) {
    case ImageIdRole:
        return qint64(s.imageId);
    case StateRole:
        return QString::fromLatin1(synset::reviewStateName(s.state));
    case ScoreRole:
        return m_sort == QLatin1String("id") || !s.scored ? std::nan("")
                                                          : s.value(m_sort.toStdString());
    case DuplicateRole:
        return s.duplicate;
    case ClassIndexRole:
        return s.classIndex;
    case ThumbnailRole: {
        if (m_loader->isCached(s.imageId))
            return m_loader->thumbnail(s.imageId, {}, -1, index.row());
        const synset::ImageFile *f = fileOf(index.row());
        if (!f)
            return QImage();
        const QString file = QDir(m_projectDir).filePath(QString::fromStdString(f->file));
        return m_loader->thumbnail(s.imageId, file, f->record, index.row());
    }
    case Qt::AccessibleTextRole:
    case Qt::DisplayRole:
        return tr("Image %1").arg(s.imageId);
    default:
        return {};
    }
}

void ReviewModel::setImages(std::vector<synset::ReviewEntry> images, const QString &projectDir,
                            FileSource files)
{
    beginResetModel();
    m_projectDir = projectDir;
    m_files = std::move(files);
    m_fileCache.clear();
    m_all = std::move(images);
    m_byId.resize(m_all.size());
    for (size_t i = 0; i < m_all.size(); ++i)
        m_byId[i] = int(i);
    std::sort(m_byId.begin(), m_byId.end(),
              [this](int a, int b) { return m_all[size_t(a)].imageId < m_all[size_t(b)].imageId; });
    m_loader->clearPending();
    rebuild();
    endResetModel();
}

void ReviewModel::setSort(const QString &score, bool reversed)
{
    if (score == m_sort && reversed == m_reversed)
        return;
    beginResetModel();
    m_sort = score;
    m_reversed = reversed;
    m_loader->clearPending();
    rebuild();
    endResetModel();
}

void ReviewModel::setStateFilter(const QString &state)
{
    if (state == m_stateFilter)
        return;
    beginResetModel();
    m_stateFilter = state;
    m_loader->clearPending();
    rebuild();
    endResetModel();
}

int ReviewModel::allIndexOf(qint64 imageId) const
{
    const auto it =
        std::lower_bound(m_byId.begin(), m_byId.end(), imageId,
                         [this](int i, qint64 id) { return m_all[size_t(i)].imageId < id; });
    return it != m_byId.end() && m_all[size_t(*it)].imageId == imageId ? *it : -1;
}

int ReviewModel::rowOf(qint64 imageId) const
{
    const int i = allIndexOf(imageId);
    return i < 0 ? -1 : m_rowOfAll[size_t(i)];
}

std::vector<double> ReviewModel::values(const QString &score) const
{
    std::vector<double> out;
    out.reserve(m_all.size());
    const std::string name = score.toStdString();
    for (const synset::ReviewEntry &s : m_all)
        if (s.scored)
            out.push_back(s.value(name));
    return out;
}

void ReviewModel::updateReviews(const std::vector<std::pair<qint64, synset::ReviewState>> &changed)
{
    for (const auto &[id, state] : changed) {
        const int i = allIndexOf(id);
        if (i < 0 || m_all[size_t(i)].state == state)
            continue;
        m_all[size_t(i)].state = state;
        const int row = m_rowOfAll[size_t(i)];
        if (row >= 0)
            emit dataChanged(index(row), index(row), {StateRole});
    }
    // Rows stay where they are while reviewing (a state filter would make them jump away
    // under the keyboard); the next reload applies the filter again.
}

void ReviewModel::rebuild()
{
    m_rows.clear();
    const bool anyState = m_stateFilter.isEmpty();
    const synset::ReviewState wanted = synset::reviewStateFromName(m_stateFilter.toStdString());
    for (size_t i = 0; i < m_all.size(); ++i)
        if (anyState || m_all[i].state == wanted)
            m_rows.push_back(int(i));
    if (m_sort != QLatin1String("id")) {
        const std::string name = m_sort.toStdString();
        const bool higher = synset::score::higherIsBetter(name) != m_reversed;
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](int a, int b) {
            const synset::ReviewEntry &x = m_all[size_t(a)], &y = m_all[size_t(b)];
            if (x.scored != y.scored)
                return x.scored; // unscored images last
            const double vx = x.value(name), vy = y.value(name);
            return higher ? vx > vy : vx < vy;
        });
    } else if (m_reversed) {
        std::reverse(m_rows.begin(), m_rows.end());
    }
    m_rowOfAll.assign(m_all.size(), -1);
    for (size_t r = 0; r < m_rows.size(); ++r)
        m_rowOfAll[size_t(m_rows[r])] = int(r);
}

const synset::ImageFile *ReviewModel::fileOf(int row) const
{
    const qint64 id = image(row).imageId;
    if (auto it = m_fileCache.constFind(id); it != m_fileCache.constEnd())
        return &*it;
    if (!m_files)
        return nullptr;
    if (m_fileCache.size() > kFileCacheLimit)
        m_fileCache.clear();
    std::vector<int64_t> ids;
    const int last = std::min(int(m_rows.size()), row + kFileBlockAfter);
    for (int r = std::max(0, row - kFileBlockBefore); r < last; ++r)
        if (!m_fileCache.contains(image(r).imageId))
            ids.push_back(image(r).imageId);
    for (synset::ImageFile &f : m_files(ids))
        m_fileCache.insert(f.imageId, std::move(f));
    const auto it = m_fileCache.constFind(id);
    return it != m_fileCache.constEnd() ? &*it : nullptr;
}

void ReviewModel::onThumbnail(qint64 id)
{
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row), index(row), {ThumbnailRole});
}
