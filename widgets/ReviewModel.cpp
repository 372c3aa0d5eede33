#include "ReviewModel.h"

#include "ThumbnailLoader.h"

#include <QDir>
#include <QImage>

#include <algorithm>
#include <cmath>

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
    const synset::ScoredImage &s = image(index.row());
    switch (role) {
    case ImageIdRole:
        return qint64(s.imageId);
    case StateRole:
        return QString::fromStdString(s.state);
    case ScoreRole:
        return m_sort == QLatin1String("id") || !s.scored ? std::nan("")
                                                          : s.value(m_sort.toStdString());
    case DuplicateRole:
        return s.duplicateOf != 0;
    case ClassIndexRole:
        return s.classIndex;
    case ThumbnailRole: {
        const QString file = QDir(m_projectDir).filePath(QString::fromStdString(s.file));
        return m_loader->thumbnail(s.imageId, file, s.record, index.row());
    }
    case Qt::AccessibleTextRole:
    case Qt::DisplayRole:
        return tr("Image %1").arg(s.imageId);
    default:
        return {};
    }
}

void ReviewModel::setImages(std::vector<synset::ScoredImage> images, const QString &projectDir)
{
    beginResetModel();
    m_projectDir = projectDir;
    m_all = std::move(images);
    m_allOfId.clear();
    for (size_t i = 0; i < m_all.size(); ++i)
        m_allOfId.insert(m_all[i].imageId, int(i));
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

int ReviewModel::rowOf(qint64 imageId) const
{
    return m_rowOfId.value(imageId, -1);
}

std::vector<double> ReviewModel::values(const QString &score) const
{
    std::vector<double> out;
    out.reserve(m_all.size());
    const std::string name = score.toStdString();
    for (const synset::ScoredImage &s : m_all)
        if (s.scored)
            out.push_back(s.value(name));
    return out;
}

void ReviewModel::updateReviews(const std::vector<synset::ScoredImage> &changed)
{
    for (const synset::ScoredImage &c : changed) {
        const auto it = m_allOfId.constFind(c.imageId);
        if (it == m_allOfId.constEnd())
            continue;
        synset::ScoredImage &s = m_all[size_t(*it)];
        s.state = c.state;
        s.origin = c.origin;
        s.rule = c.rule;
        const int row = rowOf(c.imageId);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {StateRole});
    }
    // Rows stay where they are while reviewing (a state filter would make them jump away
    // under the keyboard); the next reload applies the filter again.
}

void ReviewModel::rebuild()
{
    m_rows.clear();
    for (size_t i = 0; i < m_all.size(); ++i)
        if (m_stateFilter.isEmpty() || m_all[i].state == m_stateFilter.toStdString())
            m_rows.push_back(int(i));
    if (m_sort != QLatin1String("id")) {
        const std::string name = m_sort.toStdString();
        const bool higher = synset::score::higherIsBetter(name) != m_reversed;
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](int a, int b) {
            const synset::ScoredImage &x = m_all[size_t(a)], &y = m_all[size_t(b)];
            if (x.scored != y.scored)
                return x.scored; // unscored images last
            const double vx = x.value(name), vy = y.value(name);
            return higher ? vx > vy : vx < vy;
        });
    } else if (m_reversed) {
        std::reverse(m_rows.begin(), m_rows.end());
    }
    m_rowOfId.clear();
    for (size_t r = 0; r < m_rows.size(); ++r)
        m_rowOfId.insert(m_all[size_t(m_rows[r])].imageId, int(r));
}

void ReviewModel::onThumbnail(qint64 id)
{
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row), index(row), {ThumbnailRole});
}
