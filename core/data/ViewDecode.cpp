#include "ViewDecode.h"

#include "ImageLoader.h"
#include "common/FileUtil.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace synset {

namespace {

int reducedFlag(int reduction, bool gray)
{
    switch (reduction) {
    case 8:
        return gray ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8;
    case 4:
        return gray ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
    case 2:
        return gray ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
    default:
        return gray ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
    }
}

// The file decoded as gray or BGR, reduced when it is a JPEG and the view allows.
Result<cv::Mat> decodeSource(const std::string &file, int64_t record, int sourceWidth,
                             int sourceHeight, const ViewCrop &crop, int channels, int outWidth,
                             int outHeight)
{
    if (record >= 0) {
        Result<ImageData> img = loadImage(file, record);
        if (!img)
            return makeError(img.error());
        cv::Mat gray(img->height, img->width, CV_8UC1, img->pixels.data());
        cv::Mat out;
        if (channels == 1)
            out = gray.clone();
        else
            cv::cvtColor(gray, out, cv::COLOR_GRAY2BGR);
        return out;
    }
    Result<std::string> bytes = files::readText(file);
    if (!bytes)
        return makeError(bytes.error());
    Result<ImageFormat> format = checkImageBytes(file, *bytes);
    if (!format)
        return makeError(format.error());
    const int reduction = *format == ImageFormat::Jpeg
                              ? jpegReduction(sourceWidth, sourceHeight, crop, outWidth, outHeight)
                              : 1;
    cv::Mat mat;
    try {
        const cv::Mat buf(1, int(bytes->size()), CV_8U, bytes->data());
        mat = cv::imdecode(buf,
                           reducedFlag(reduction, channels == 1) | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception &e) {
        return makeError(file + ": cannot decode (" + e.what() + ")");
    }
    if (mat.empty())
        return makeError(file + ": corrupt image (cannot decode)");
    return mat;
}

cv::Rect cropRect(const cv::Mat &mat, const ViewCrop &crop)
{
    const int x = std::clamp(int(std::lround(crop.x * mat.cols)), 0, mat.cols - 1);
    const int y = std::clamp(int(std::lround(crop.y * mat.rows)), 0, mat.rows - 1);
    const int w = std::clamp(int(std::lround(crop.w * mat.cols)), 1, mat.cols - x);
    const int h = std::clamp(int(std::lround(crop.h * mat.rows)), 1, mat.rows - y);
    return {x, y, w, h};
}

// Interleaved (gray or BGR) to planar (gray or RGB).
void writePlanar(const cv::Mat &view, int channels, uint8_t *chw)
{
    const size_t plane = size_t(view.rows) * view.cols;
    for (int y = 0; y < view.rows; ++y) {
        const uint8_t *row = view.ptr<uint8_t>(y);
        for (int x = 0; x < view.cols; ++x) {
            const size_t at = size_t(y) * view.cols + x;
            for (int c = 0; c < channels; ++c)
                chw[size_t(c) * plane + at] = row[x * channels + (channels - 1 - c)];
        }
    }
}

} // namespace

int jpegReduction(int sourceWidth, int sourceHeight, const ViewCrop &crop, int outWidth,
                  int outHeight)
{
    const double cropW = crop.w * sourceWidth, cropH = crop.h * sourceHeight;
    for (int r : {8, 4, 2})
        if (cropW / r >= outWidth && cropH / r >= outHeight)
            return r;
    return 1;
}

Result<void> decodeView(const std::string &file, int64_t record, int sourceWidth, int sourceHeight,
                        const ViewCrop &crop, int channels, int outWidth, int outHeight,
                        uint8_t *chw)
{
    Result<cv::Mat> source =
        decodeSource(file, record, sourceWidth, sourceHeight, crop, channels, outWidth, outHeight);
    if (!source)
        return makeError(source.error());
    try {
        const cv::Mat region = (*source)(cropRect(*source, crop));
        const bool shrinking = region.cols >= outWidth && region.rows >= outHeight;
        cv::Mat view;
        cv::resize(region, view, cv::Size(outWidth, outHeight), 0, 0,
                   shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (crop.flip)
            cv::flip(view, view, 1);
        writePlanar(view, channels, chw);
    } catch (const cv::Exception &e) {
        return makeError(file + ": cannot resize (" + e.what() + ")");
    }
    return {};
}

} // namespace synset
