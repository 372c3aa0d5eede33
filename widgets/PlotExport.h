// Saves a QCustomPlot as PNG, SVG or PDF (by the file's suffix), at a size of its own.
#pragma once

#include <QString>

class QCustomPlot;

// Returns an error message naming the file, empty on success.
QString exportPlot(QCustomPlot *plot, const QString &file, int width, int height,
                   const QString &title);
