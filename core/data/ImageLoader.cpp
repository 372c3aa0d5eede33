#include "ImageLoader.h"

#include "Idx.h"
#include "common/FileUtil.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>

namespace synset {

namespace {

bool endsWithMarker(const std::string &bytes, const char *marker, size_t markerSize, size_t slack)
{
    if (bytes.size() < markerSize)
        return false;
    const size_t from = bytes.size() > markerSize + slack ? bytes.size() - markerSize - slack : 0;
    return bytes.find(std::string(marker, markerSize), from) != std::string::npos;
}

} // namespace

Result<ImageFormat> checkImageBytes(const std::filesystem::path &file, const std::string &b)
{
    const bool png = b.size() >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0;
    const bool jpeg = b.size() >= 3 && std::memcmp(b.data(), "\xFF\xD8\xFF", 3) == 0;
    if (!png && !jpeg)
        return makeError(file.string() + ": not a PNG or JPEG image");
    if (png && !endsWithMarker(b, "IEND\xAE\x42\x60\x82", 8, 0))
        return makeError(file.string() + ": truncated PNG (no IEND chunk at the end)");
    if (jpeg && !endsWithMarker(b, "\xFF\xD9", 2, 64))
        return makeError(file.string() + ": truncated JPEG (no end-of-image marker)");
    return png ? ImageFormat::Png : ImageFormat::Jpeg;
}

Result<ImageData> decodeImageFile(const std::filesystem::path &file)
{
    Result<std::string> bytes = files::readText(file);
    if (!bytes)
        return makeError(bytes.error());
    const std::string &b = *bytes;
    if (Result<ImageFormat> format = checkImageBytes(file, b); !format)
        return makeError(format.error());
    cv::Mat mat;
    try {
        const cv::Mat buf(1, static_cast<int>(b.size()), CV_8U, const_cast<char *>(b.data()));
        mat = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception &e) {
        return makeError(file.string() + ": cannot decode (" + e.what() + ")");
    }
    if (mat.empty())
        return makeError(file.string() + ": corrupt image (cannot decode)");
    if (mat.depth() != CV_8U)
        mat.convertTo(mat, CV_8U, mat.depth() == CV_16U ? 1.0 / 257.0 : 1.0);
    cv::Mat out;
    switch (mat.channels()) {
    case 1:
        out = mat;
        break;
    case 3:
        cv::cvtColor(mat, out, cv::COLOR_BGR2RGB);
        break;
    case 4:
        cv::cvtColor(mat, out, cv::COLOR_BGRA2RGB);
        break;
    default:
        return makeError(file.string() + ": unsupported channel count " +
                         std::to_string(mat.channels()));
    }
    ImageData img;
    img.width = out.cols;
    img.height = out.rows;
    img.channels = out.channels();
    img.pixels.resize(static_cast<size_t>(img.width) * img.height * img.channels);
    const size_t rowBytes = static_cast<size_t>(img.width) * img.channels;
    for (int y = 0; y < out.rows; ++y)
        std::memcpy(img.pixels.data() + y * rowBytes, out.ptr(y), rowBytes);
    return img;
}

Result<ImageData> loadImage(const std::filesystem::path &file, int64_t record)
{
    if (record < 0)
        return decodeImageFile(file);
    Result<std::shared_ptr<const idx::IdxFile>> f = idx::cached(file);
    if (!f)
        return makeError(f.error());
    const idx::IdxFile &idxFile = **f;
    if (idxFile.dims.size() != 3 || static_cast<uint64_t>(record) >= idxFile.dims[0])
        return makeError(file.string() + ": no image record " + std::to_string(record));
    ImageData img;
    img.height = static_cast<int>(idxFile.dims[1]);
    img.width = static_cast<int>(idxFile.dims[2]);
    img.channels = 1;
    const size_t size = idxFile.itemSize();
    const uint8_t *begin =
        idxFile.data.data() + idxFile.headerSize + size * static_cast<size_t>(record);
    img.pixels.assign(begin, begin + size);
    return img;
}

} // namespace synset
