// A spider (radar) chart on QCustomPlot: one closed polygon per run over any number of axes,
// each axis normalised to the best run (1 = best; raw values on hover), with a legend and export
// to PNG, SVG and PDF.
#pragma once

#include <qcustomplot.h>

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

class SpiderChart : public QCustomPlot
{
    Q_OBJECT

public:
    struct Axis
    {
        QString label;
        bool higherIsBetter = true;
        bool percent = true; // raw values shown as percentages
    };
    struct Series
    {
        QString name;
        std::vector<double> values; // raw, one per axis (NaN: not measured)
    };

    // How an axis maps to the radius: FromZero puts zero at the centre and the best run on the
    // outer ring (value / best); Spread puts the worst run on the inner ring (0.25) and the best
    // on the outer one, so that small differences show (the hover and the table keep the raw
    // values).
    enum class Scaling
    {
        FromZero,
        Spread
    };

    explicit SpiderChart(QWidget *parent = nullptr);
    void setScaling(Scaling scaling);
    Scaling scaling() const { return m_scaling; }

    void setData(const std::vector<Axis> &axes, const std::vector<Series> &series);
    const std::vector<Axis> &axes() const { return m_axes; }
    const std::vector<Series> &series() const { return m_series; }
    // Each series' values on the chart, per axis in [0, 1].
    std::vector<std::vector<double>> normalised() const;
    // The hover text at a vertex (series, axis): run, axis and raw value.
    QString vertexText(int series, int axis) const;
    // PNG, SVG or PDF by the file's suffix; an error message, empty on success.
    QString exportTo(const QString &file, int width = 900, int height = 700);

    static QColor seriesColor(int index);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void keepAspect(QSize size = {});
    QPointF point(int axis, double radius) const;

    std::vector<Axis> m_axes;
    std::vector<Series> m_series;
    Scaling m_scaling = Scaling::FromZero;
};
