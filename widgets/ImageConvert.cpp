#include "ImageConvert.h"

#include <algorithm>

QImage toQImage(int width, int height, int channels, const uint8_t *pixels)
{
    const QImage::Format format = channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    // The QImage borrows the buffer, so copy before it goes out of scope.
    return QImage(pixels, width, height, width * channels, format).copy();
}

synset::ImageData toImageData(const QImage &image)
{
    const QImage img = image.format() == QImage::Format_Grayscale8
                           ? image
                           : image.convertToFormat(QImage::Format_RGB888);
    const int channels = img.format() == QImage::Format_Grayscale8 ? 1 : 3;
    synset::ImageData data{img.width(), img.height(), channels, {}};
    data.pixels.reserve(size_t(img.width()) * img.height() * channels);
    for (int y = 0; y < img.height(); ++y) // scan lines are padded to 4 bytes
        data.pixels.insert(data.pixels.end(), img.constScanLine(y),
                           img.constScanLine(y) + img.width() * channels);
    return data;
}

QImage loadProjectImage(const QString &file, qint64 record, QString *error)
{
    synset::Result<synset::ImageData> img = synset::loadImage(file.toStdString(), record);
    if (!img) {
        if (error)
            *error = QString::fromStdString(img.error());
        return {};
    }
    return toQImage(img->width, img->height, img->channels, img->pixels.data());
}
