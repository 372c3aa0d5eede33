// The review grid: a virtualized thumbnail view (QListView over ReviewModel with a painting
// delegate, so 100k images cost no widgets), keyboard review (A accept, R reject, U undo,
// space for a large view, arrows to move) and a zoom.
#pragma once

#include <QListView>
#include <QStyledItemDelegate>

class ReviewModel;
class ThumbnailLoader;

class ReviewDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ReviewDelegate(QObject *parent = nullptr);
    void setThumbnailSize(int px) { m_size = px; }
    int thumbnailSize() const { return m_size; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_size = 96;
    // Fonts derived from the view's, made once rather than on every paint.
    mutable QFont m_baseFont, m_scoreFont, m_badgeFont;
    mutable bool m_fontsReady = false;
};

class ReviewGrid : public QListView
{
    Q_OBJECT

public:
    ReviewGrid(ThumbnailLoader *loader, QWidget *parent = nullptr);
    void setThumbnailSize(int px);
    int thumbnailSize() const;
    QList<qint64> selectedImageIds() const;

signals:
    void reviewRequested(const QString &state); // accepted | rejected | pending
    void undoRequested();
    void largeViewRequested(const QModelIndex &index);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateFocusRow();

    ThumbnailLoader *m_loader;
    ReviewDelegate *m_delegate;
};
