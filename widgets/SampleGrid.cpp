#include "SampleGrid.h"

#include <QMouseEvent>
#include <QPainter>

namespace {
constexpr int kHeader = 22;
constexpr int kRowLabel = 70;
constexpr int kGap = 4;
} // namespace

SampleGrid::SampleGrid(QWidget *parent)
    : QWidget(parent)
{
    setMinimumSize(300, 200);
    setMouseTracking(true);
}

void SampleGrid::reset(const QVector<double> &guidances, const QVector<quint64> &seeds)
{
    m_guidances = guidances;
    m_seeds = seeds;
    m_cells = QVector<Cell>(guidances.size() * seeds.size());
    updateGeometry();
    update();
}

int SampleGrid::cellSize() const
{
    if (m_guidances.isEmpty() || m_seeds.isEmpty())
        return 64;
    const int w = (width() - kRowLabel) / m_guidances.size() - kGap;
    const int h = (height() - kHeader) / m_seeds.size() - kGap;
    return std::max(24, std::min(w, h));
}

QRect SampleGrid::cellRect(int column, int row) const
{
    const int s = cellSize();
    return QRect(kRowLabel + column * (s + kGap), kHeader + row * (s + kGap), s, s);
}

QSize SampleGrid::sizeHint() const
{
    return QSize(kRowLabel + std::max(1, int(m_guidances.size())) * 110,
                 kHeader + std::max(1, int(m_seeds.size())) * 110);
}

void SampleGrid::setCell(int column, int row, const QImage &image, int step, int steps)
{
    const int i = row * m_guidances.size() + column;
    if (i < 0 || i >= m_cells.size())
        return;
    m_cells[i] = {image, step, steps};
    update(cellRect(column, row));
    emit cellChanged(column, row, step, steps);
}

QImage SampleGrid::image(int column, int row) const
{
    const int i = row * m_guidances.size() + column;
    return i >= 0 && i < m_cells.size() ? m_cells[i].image : QImage();
}

bool SampleGrid::isFinal(int column, int row) const
{
    const int i = row * m_guidances.size() + column;
    return i >= 0 && i < m_cells.size() && !m_cells[i].image.isNull() && m_cells[i].steps == 0;
}

void SampleGrid::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().text().color());
    for (int c = 0; c < m_guidances.size(); ++c) {
        const QRect r = cellRect(c, 0);
        p.drawText(QRect(r.left(), 0, r.width(), kHeader), Qt::AlignCenter,
                   tr("w = %1").arg(m_guidances[c]));
    }
    for (int row = 0; row < m_seeds.size(); ++row) {
        const QRect r = cellRect(0, row);
        p.drawText(QRect(0, r.top(), kRowLabel - 6, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                   tr("seed %1").arg(m_seeds[row]));
        for (int c = 0; c < m_guidances.size(); ++c) {
            const QRect cell = cellRect(c, row);
            const Cell &data = m_cells[row * m_guidances.size() + c];
            if (data.image.isNull()) {
                p.fillRect(cell, palette().alternateBase());
                continue;
            }
            // Aspect kept; nearest scaling keeps small images crisp, smooth scaling keeps large
            // (Stable Diffusion) images free of aliasing.
            const QSize fitted = data.image.size().scaled(cell.size(), Qt::KeepAspectRatio);
            const QRect target(cell.left() + (cell.width() - fitted.width()) / 2,
                               cell.top() + (cell.height() - fitted.height()) / 2, fitted.width(),
                               fitted.height());
            p.setRenderHint(QPainter::SmoothPixmapTransform, data.image.width() > target.width());
            p.drawImage(target, data.image);
            if (data.steps > 0) {
                const QString label = QStringLiteral("%1/%2").arg(data.step).arg(data.steps);
                const QRect badge(cell.left() + 2, cell.bottom() - 15,
                                  p.fontMetrics().horizontalAdvance(label) + 6, 14);
                p.fillRect(badge, QColor(0, 0, 0, 150));
                p.setPen(Qt::white);
                p.drawText(badge, Qt::AlignCenter, label);
                p.setPen(palette().text().color());
            }
        }
    }
}

void SampleGrid::mousePressEvent(QMouseEvent *event)
{
    for (int row = 0; row < m_seeds.size(); ++row)
        for (int c = 0; c < m_guidances.size(); ++c)
            if (cellRect(c, row).contains(event->position().toPoint())) {
                emit cellClicked(c, row);
                return;
            }
}
