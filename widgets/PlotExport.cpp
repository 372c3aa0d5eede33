#include "PlotExport.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSvgGenerator>

namespace {

class PlotExport
{
    Q_DECLARE_TR_FUNCTIONS(PlotExport)
};

bool saveSvg(QCustomPlot *plot, const QString &file, int width, int height, const QString &title)
{
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setTitle(title);
    QCPPainter painter;
    if (!painter.begin(&svg))
        return false;
    plot->toPainter(&painter, width, height);
    return painter.end();
}

} // namespace

QString exportPlot(QCustomPlot *plot, const QString &file, int width, int height,
                   const QString &title)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = plot->savePng(file, width, height);
    else if (suffix == QLatin1String("pdf"))
        ok = plot->savePdf(file, width, height);
    else if (suffix == QLatin1String("svg"))
        ok = saveSvg(plot, file, width, height, title);
    else
        return PlotExport::tr("%1: unknown format '%2' (png, svg or pdf)").arg(file, suffix);
    return ok ? QString() : PlotExport::tr("%1: could not be written").arg(file);
}
