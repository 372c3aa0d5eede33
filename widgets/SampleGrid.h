// A guidance x seed grid of sample images, painted in one widget (no widget per cell); each
// cell shows its latest denoising preview and a step counter until it is final.
#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

class SampleGrid : public QWidget
{
    Q_OBJECT

public:
    explicit SampleGrid(QWidget *parent = nullptr);

    void reset(const QVector<double> &guidances, const QVector<quint64> &seeds);
    void setCell(int column, int row, const QImage &image, int step, int steps);
    QImage image(int column, int row) const;
    bool isFinal(int column, int row) const;
    double guidance(int column) const { return m_guidances.value(column); }
    quint64 seed(int row) const { return m_seeds.value(row); }
    int columns() const { return m_guidances.size(); }
    int rows() const { return m_seeds.size(); }
    QSize sizeHint() const override;

signals:
    void cellClicked(int column, int row);
    void cellChanged(int column, int row, int step, int steps); // steps 0: the final image

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRect cellRect(int column, int row) const;
    int cellSize() const;
    struct Cell
    {
        QImage image;
        int step = 0, steps = 0;
    };
    QVector<double> m_guidances;
    QVector<quint64> m_seeds;
    QVector<Cell> m_cells; // row-major
};
