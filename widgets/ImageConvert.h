// Loading project images as QImage, off the GUI thread where it matters.
#pragma once

#include <QImage>
#include <QString>

// Decodes one image (a file, or record >= 0 of an IDX file); a null QImage when it cannot.
QImage loadProjectImage(const QString &file, qint64 record, QString *error = nullptr);
