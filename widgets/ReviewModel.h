// The generated images under review, as a flat list model for the review grid: one row per
// image, sorted by any score, filtered by review state. A row holds the 40-byte ReviewEntry only,
// so a class of a million images costs 40 MB; the files of the rows being painted are looked up
// in blocks, and thumbnails come from a ThumbnailLoader, which repaints a row when its thumbnail
// arrives.
#pragma once

#include "curation/Curation.h"

#include <QAbstractListModel>
#include <QHash>
#include <QString>

#include <functional>
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
    // The files of some images (those about to be painted).
    using FileSource = std::function<std::vector<synset::ImageFile>(const std::vector<int64_t> &)>;

    explicit ReviewModel(ThumbnailLoader *loader, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    // Replaces the images (every row a project's generated image, files relative to projectDir).
    void setImages(std::vector<synset::ReviewEntry> images, const QString &projectDir,
                   FileSource files);
    // "id" (creation order) or a score name; the better values first unless reversed.
    void setSort(const QString &score, bool reversed = false);
    QString sortScore() const { return m_sort; }
    // "" (all), "pending", "accepted" or "rejected".
    void setStateFilter(const QString &state);
    QString stateFilter() const { return m_stateFilter; }

    const synset::ReviewEntry &image(int row) const { return m_all[size_t(m_rows[size_t(row)])]; }
    int rowOf(qint64 imageId) const; // -1 when not shown
    int totalImages() const { return int(m_all.size()); }
    // Values of a score over every image loaded (whatever the state filter), for histograms.
    std::vector<double> values(const QString &score) const;
    // New review states for some images, as saved in the store.
    void updateReviews(const std::vector<std::pair<qint64, synset::ReviewState>> &changed);

private:
    void rebuild();
    void onThumbnail(qint64 id);
    int allIndexOf(qint64 imageId) const;
    const synset::ImageFile *fileOf(int row) const;

    ThumbnailLoader *m_loader;
    QString m_projectDir;
    FileSource m_files;
    std::vector<synset::ReviewEntry> m_all; // by class, then id
    std::vector<int> m_byId;                // indices into m_all, by image id
    std::vector<int> m_rows;                // shown rows -> m_all
    std::vector<int> m_rowOfAll;            // m_all -> shown row, -1 when filtered out
    // Files of rows painted lately, looked up a block at a time; dropped when large.
    mutable QHash<qint64, synset::ImageFile> m_fileCache;
    QString m_sort = QStringLiteral("id");
    bool m_reversed = false;
    QString m_stateFilter;
};
