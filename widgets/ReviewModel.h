// The generated images under review, as a flat list model for the review grid: one row per
// image, sorted by any score, filtered by review state. Thumbnails come from a ThumbnailLoader;
// the model repaints a row when its thumbnail arrives.
#pragma once

#include "curation/Curation.h"

#include <QAbstractListModel>
#include <QHash>
#include <QString>

#include <vector>

class ThumbnailLoader;

class ReviewModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        ImageIdRole = Qt::UserRole + 1,
        StateRole,      // "pending", "accepted", "rejected"
        ScoreRole,      // the sort score's value (NaN when not scored)
        DuplicateRole,  // bool
        ThumbnailRole,  // QImage, null until decoded
        ClassIndexRole, // int
    };

    explicit ReviewModel(ThumbnailLoader *loader, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    // Replaces the images (every row a project's generated image, files relative to projectDir).
    void setImages(std::vector<synset::ScoredImage> images, const QString &projectDir);
    // "id" (creation order) or a score name; the better values first unless reversed.
    void setSort(const QString &score, bool reversed = false);
    QString sortScore() const { return m_sort; }
    // "" (all), "pending", "accepted" or "rejected".
    void setStateFilter(const QString &state);
    QString stateFilter() const { return m_stateFilter; }

    const synset::ScoredImage &image(int row) const { return m_all[size_t(m_rows[size_t(row)])]; }
    int rowOf(qint64 imageId) const; // -1 when not shown
    int totalImages() const { return int(m_all.size()); }
    // Values of a score over every image loaded (whatever the state filter), for histograms.
    std::vector<double> values(const QString &score) const;
    // New review states (and origins) for some images, as saved in the store.
    void updateReviews(const std::vector<synset::ScoredImage> &changed);

private:
    void rebuild();
    void onThumbnail(qint64 id);

    ThumbnailLoader *m_loader;
    QString m_projectDir;
    std::vector<synset::ScoredImage> m_all;
    std::vector<int> m_rows; // shown rows -> m_all
    QHash<qint64, int> m_rowOfId;
    QHash<qint64, int> m_allOfId;
    QString m_sort = QStringLiteral("id");
    bool m_reversed = false;
    QString m_stateFilter;
};
