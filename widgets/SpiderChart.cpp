#include "SpiderChart.h"

#include "LocaleText.h"
#include "PlotExport.h"

#include <QLocale>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace {

constexpr double kLabelRadius = 1.1;
constexpr double kExtent = 1.55; // room for the labels around the unit circle

} // namespace

SpiderChart::SpiderChart(QWidget *parent)
    : QCustomPlot(parent)
{
    xAxis->setVisible(false);
    yAxis->setVisible(false);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    xAxis->setRange(-kExtent, kExtent);
    yAxis->setRange(-kExtent * 0.8, kExtent * 0.8);
    legend->setVisible(false); // shown with the first series
    legend->setBrush(QColor(255, 255, 255, 220));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setMouseTracking(true);
    setMinimumSize(320, 260);
}

QColor SpiderChart::seriesColor(int index)
{
    static const QColor colors[] = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127)};
    return colors[index % 8];
}

void SpiderChart::setData(const std::vector<Axis> &axes, const std::vector<Series> &series)
{
    m_axes = axes;
    m_series = series;
    rebuild();
}

void SpiderChart::setScaling(Scaling scaling)
{
    if (scaling == m_scaling)
        return;
    m_scaling = scaling;
    rebuild();
}

std::vector<std::vector<double>> SpiderChart::normalised() const
{
    std::vector<std::vector<double>> out(m_series.size(), std::vector<double>(m_axes.size(), 0.0));
    for (size_t a = 0; a < m_axes.size(); ++a) {
        double best = std::numeric_limits<double>::quiet_NaN(), worst = best;
        for (const Series &s : m_series) {
            const double v = a < s.values.size() ? s.values[a] : std::nan("");
            if (std::isnan(v))
                continue;
            if (std::isnan(best))
                best = worst = v;
            best = m_axes[a].higherIsBetter ? std::max(best, v) : std::min(best, v);
            worst = m_axes[a].higherIsBetter ? std::min(worst, v) : std::max(worst, v);
        }
        for (size_t i = 0; i < m_series.size(); ++i) {
            const double v = a < m_series[i].values.size() ? m_series[i].values[a] : std::nan("");
            double r = 0;
            if (!std::isnan(v) && !std::isnan(best) && m_scaling == Scaling::Spread) {
                r = best == worst ? 1.0 : 0.25 + 0.75 * (v - worst) / (best - worst);
            } else if (!std::isnan(v) && !std::isnan(best)) {
                if (m_axes[a].higherIsBetter)
                    r = best > 0 ? v / best : (v == best ? 1 : 0);
                else
                    r = v > 0 ? best / v : (v == best ? 1 : 0);
            }
            out[i][a] = std::clamp(r, 0.0, 1.0);
        }
    }
    return out;
}

QString SpiderChart::vertexText(int series, int axis) const
{
    if (series < 0 || series >= int(m_series.size()) || axis < 0 || axis >= int(m_axes.size()))
        return {};
    const double v = m_series[size_t(series)].values[size_t(axis)];
    const Axis &a = m_axes[size_t(axis)];
    const QString value = std::isnan(v) ? tr("not measured")
                          : a.percent   ? QStringLiteral("%1 %").arg(localeText::number(v * 100, 2))
                                        : QLocale().toString(v, 'g', 4);
    return QStringLiteral("%1 — %2: %3%4")
        .arg(m_series[size_t(series)].name, a.label, value,
             a.higherIsBetter ? QString() : tr(" (lower is better)"));
}

QPointF SpiderChart::point(int axis, double radius) const
{
    // The first axis points up; the rest follow clockwise.
    const double angle =
        std::numbers::pi / 2 - 2 * std::numbers::pi * axis / std::max<size_t>(1, m_axes.size());
    return {radius * std::cos(angle), radius * std::sin(angle)};
}

void SpiderChart::rebuild()
{
    clearPlottables();
    clearItems();
    const int n = int(m_axes.size());
    if (n < 3) {
        auto *note = new QCPItemText(this);
        note->position->setCoords(0, 0);
        note->setText(m_axes.empty() ? tr("Evaluate runs and pick at least three axes")
                                     : tr("Pick at least three axes"));
        note->setColor(QColor(110, 110, 110));
        replot();
        return;
    }
    // The web: rings at 25 % steps, and a spoke per axis.
    const QPen gridPen(QColor(200, 200, 200), 1);
    for (double r : {0.25, 0.5, 0.75, 1.0}) {
        auto *ring = new QCPCurve(xAxis, yAxis);
        QVector<QCPCurveData> data;
        for (int a = 0; a <= n; ++a) {
            const QPointF p = point(a % n, r);
            data.append(QCPCurveData(a, p.x(), p.y()));
        }
        ring->data()->set(data, true);
        ring->setPen(r == 1.0 ? QPen(QColor(160, 160, 160), 1) : gridPen);
        ring->removeFromLegend();
        ring->setSelectable(QCP::stNone);
    }
    for (int a = 0; a < n; ++a) {
        auto *spoke = new QCPItemLine(this);
        spoke->start->setCoords(0, 0);
        const QPointF end = point(a, 1.0);
        spoke->end->setCoords(end.x(), end.y());
        spoke->setPen(gridPen);
        auto *label = new QCPItemText(this);
        const QPointF at = point(a, kLabelRadius);
        label->position->setCoords(at.x(), at.y());
        Qt::Alignment align = Qt::AlignVCenter;
        if (at.x() > 0.05)
            align |= Qt::AlignLeft;
        else if (at.x() < -0.05)
            align |= Qt::AlignRight;
        else
            align = Qt::AlignHCenter | (at.y() > 0 ? Qt::AlignBottom : Qt::AlignTop);
        label->setPositionAlignment(align);
        label->setText(m_axes[size_t(a)].label +
                       (m_axes[size_t(a)].higherIsBetter ? QString() : QStringLiteral(" ↓")));
        label->setColor(QColor(60, 60, 60));
    }
    // One closed polygon per series.
    const auto norm = normalised();
    for (size_t i = 0; i < m_series.size(); ++i) {
        auto *curve = new QCPCurve(xAxis, yAxis);
        QVector<QCPCurveData> data;
        for (int a = 0; a <= n; ++a) {
            const QPointF p = point(a % n, norm[i][size_t(a % n)]);
            data.append(QCPCurveData(a, p.x(), p.y()));
        }
        curve->data()->set(data, true);
        const QColor c = seriesColor(int(i));
        curve->setPen(QPen(c, 2));
        QColor fill = c;
        fill.setAlpha(m_series.size() > 2 ? 18 : 35);
        curve->setBrush(fill);
        curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, c, 6));
        curve->setName(m_series[i].name);
    }
    legend->setVisible(!m_series.empty()); // no empty box before there is a run to show
    keepAspect();
    replot();
}

void SpiderChart::keepAspect(QSize size)
{
    // Equal units on both axes, so the web is round (the axes are hidden: the axis rect is
    // about the whole plot).
    if (!size.isValid())
        size = axisRect()->rect().size();
    if (size.width() <= 0 || size.height() <= 0)
        return;
    const double aspect = double(size.height()) / double(size.width());
    if (aspect < 0.8) {
        yAxis->setRange(-kExtent * 0.8, kExtent * 0.8);
        const double half = kExtent * 0.8 / aspect;
        xAxis->setRange(-half, half);
    } else {
        xAxis->setRange(-kExtent, kExtent);
        yAxis->setRange(-kExtent * aspect, kExtent * aspect);
    }
}

void SpiderChart::resizeEvent(QResizeEvent *event)
{
    QCustomPlot::resizeEvent(event);
    keepAspect();
    replot(QCustomPlot::rpQueuedReplot);
}

void SpiderChart::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    const auto norm = normalised();
    double bestDistance = 12; // pixels
    int bestSeries = -1, bestAxis = -1;
    for (size_t i = 0; i < norm.size(); ++i)
        for (size_t a = 0; a < m_axes.size(); ++a) {
            const QPointF p = point(int(a), norm[i][a]);
            const QPointF px(xAxis->coordToPixel(p.x()), yAxis->coordToPixel(p.y()));
            const double d =
                std::hypot(px.x() - event->position().x(), px.y() - event->position().y());
            if (d < bestDistance) {
                bestDistance = d;
                bestSeries = int(i);
                bestAxis = int(a);
            }
        }
    if (bestSeries >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), vertexText(bestSeries, bestAxis),
                           this);
    else
        QToolTip::hideText();
}

QString SpiderChart::exportTo(const QString &file, int width, int height)
{
    keepAspect(QSize(width, height));
    const QString error = exportPlot(this, file, width, height, tr("Robustness spider chart"));
    keepAspect();
    replot();
    return error;
}
