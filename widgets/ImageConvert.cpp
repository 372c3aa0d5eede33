#include "ImageConvert.h"

#include "data/ImageLoader.h"

QImage loadProjectImage(const QString &file, qint64 record, QString *error)
{
    synset::Result<synset::ImageData> img = synset::loadImage(file.toStdString(), record);
    if (!img) {
        if (error)
            *error = QString::fromStdString(img.error());
        return {};
    }
    const QImage::Format format =
        img->channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    // The QImage borrows the buffer, so copy before it goes out of scope.
    return QImage(img->pixels.data(), img->width, img->height, img->width * img->channels, format)
        .copy();
}
