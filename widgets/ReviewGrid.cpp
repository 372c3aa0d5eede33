#include "ReviewGrid.h"
#include "LocaleText.h"

#include "ReviewModel.h"
#include "ThumbnailLoader.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <cmath>

namespace {
constexpr int kPadding = 3;
constexpr int kTextHeight = 15;
} // namespace

ReviewDelegate::ReviewDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

QSize ReviewDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return {m_size + 2 * kPadding, m_size + 2 * kPadding + kTextHeight};
}

void ReviewDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    if (!m_fontsReady || m_baseFont != option.font) {
        m_baseFont = option.font;
        m_scoreFont = option.font;
        m_scoreFont.setPointSizeF(option.font.pointSizeF() * 0.85);
        m_badgeFont = option.font;
        m_badgeFont.setPointSizeF(option.font.pointSizeF() * 0.75);
        m_fontsReady = true;
    }
    painter->save();
    const QRect r = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    painter->fillRect(r, selected ? option.palette.highlight() : option.palette.base());
    const QRect imageRect(r.x() + kPadding, r.y() + kPadding, m_size, m_size);
    const QImage thumb = index.data(ReviewModel::ThumbnailRole).value<QImage>();
    if (thumb.isNull()) {
        painter->fillRect(imageRect, option.palette.alternateBase());
    } else {
        // Small images (28 px) are enlarged with square pixels; larger ones are smoothed.
        const QSize fitted = thumb.size().scaled(imageRect.size(), Qt::KeepAspectRatio);
        const QRect target(imageRect.center() - QPoint(fitted.width() / 2, fitted.height() / 2),
                           fitted);
        painter->setRenderHint(QPainter::SmoothPixmapTransform, thumb.width() > m_size);
        painter->drawImage(target, thumb);
    }
    const QString state = index.data(ReviewModel::StateRole).toString();
    if (state != QLatin1String("pending")) {
        const QColor c =
            state == QLatin1String("accepted") ? QColor(40, 170, 70) : QColor(210, 50, 50);
        if (state == QLatin1String("rejected"))
            painter->fillRect(imageRect, QColor(0, 0, 0, 110));
        painter->setPen(QPen(c, 3));
        painter->drawRect(imageRect.adjusted(1, 1, -2, -2));
    }
    if (index.data(ReviewModel::DuplicateRole).toBool()) {
        const QRect badge(imageRect.right() - 26, imageRect.top() + 3, 24, 13);
        painter->fillRect(badge, QColor(230, 140, 0));
        painter->setPen(Qt::black);
        painter->setFont(m_badgeFont);
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("dup"));
    }
    const double score = index.data(ReviewModel::ScoreRole).toDouble();
    const QRect textRect(r.x() + kPadding, imageRect.bottom() + 1, m_size, kTextHeight);
    painter->setFont(m_scoreFont);
    painter->setPen(selected ? option.palette.highlightedText().color()
                             : option.palette.text().color());
    const QString text =
        std::isnan(score)
            ? QStringLiteral("#%1").arg(index.data(ReviewModel::ImageIdRole).toLongLong())
            : localeText::number(score, 3);
    painter->drawText(textRect, Qt::AlignCenter, text);
    painter->restore();
}

ReviewGrid::ReviewGrid(ThumbnailLoader *loader, QWidget *parent)
    : QListView(parent)
    , m_loader(loader)
    , m_delegate(new ReviewDelegate(this))
{
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(true);
    setLayoutMode(QListView::SinglePass);
    setMovement(QListView::Static);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setSpacing(2);
    setItemDelegate(m_delegate);
    setToolTip(tr("A accept, R reject, U undo, Space large view; arrows move, Shift and Ctrl "
                  "select several"));
}

void ReviewGrid::setThumbnailSize(int px)
{
    m_delegate->setThumbnailSize(px);
    // The uniform item size is cached by the view: a layout pass picks up the new one.
    scheduleDelayedItemsLayout();
    updateFocusRow();
}

int ReviewGrid::thumbnailSize() const
{
    return m_delegate->thumbnailSize();
}

QList<qint64> ReviewGrid::selectedImageIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows =
        selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    for (const QModelIndex &i : rows)
        ids.append(i.data(ReviewModel::ImageIdRole).toLongLong());
    if (ids.isEmpty() && currentIndex().isValid())
        ids.append(currentIndex().data(ReviewModel::ImageIdRole).toLongLong());
    return ids;
}

void ReviewGrid::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                             const QList<int> &roles)
{
    // Every tile has the same size: a thumbnail or a review state that arrives repaints its tile
    // and never lays the rows out again, as QListView would (35 ms for a class of 1.28 M images,
    // on every thumbnail).
    QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
}

void ReviewGrid::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
        QListView::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_A:
        emit reviewRequested(QStringLiteral("accepted"));
        return;
    case Qt::Key_R:
        emit reviewRequested(QStringLiteral("rejected"));
        return;
    case Qt::Key_U:
        emit undoRequested();
        return;
    case Qt::Key_Space:
        if (currentIndex().isValid())
            emit largeViewRequested(currentIndex());
        return;
    default:
        QListView::keyPressEvent(event);
    }
}

void ReviewGrid::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    updateFocusRow();
}

void ReviewGrid::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    updateFocusRow();
}

void ReviewGrid::updateFocusRow()
{
    const QModelIndex centre = indexAt(viewport()->rect().center());
    if (centre.isValid())
        m_loader->setFocusRow(centre.row());
}
