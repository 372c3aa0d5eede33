// Between core's packed pixel buffers and QImage, and loading project images as QImage.
#pragma once

#include "data/ImageLoader.h"

#include <QImage>
#include <QString>

#include <cstdint>

// A grey (1 channel) or RGB (3) packed buffer as a QImage that owns a copy of the pixels.
QImage toQImage(int width, int height, int channels, const uint8_t *pixels);
// The inverse: grey stays grey, anything else becomes RGB.
synset::ImageData toImageData(const QImage &image);

// Decodes one image (a file, or record >= 0 of an IDX file); a null QImage when it cannot.
QImage loadProjectImage(const QString &file, qint64 record, QString *error = nullptr);
