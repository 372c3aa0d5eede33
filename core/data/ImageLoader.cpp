#include "ImageLoader.h"

#include "Idx.h"
#include "common/FileUtil.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace synset {

namespace {

bool endsWithMarker(const std::string &bytes, const char *marker, size_t markerSize, size_t slack)
{
    if (bytes.size() < markerSize)
        return false;
    const size_t from = bytes.size() > markerSize + slack ? bytes.size() - markerSize - slack : 0;
    return bytes.find(std::string(marker, markerSize), from) != std::string::npos;
}

uint32_t bigEndian(const std::string &b, size_t at, int bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | uint8_t(b[at + size_t(i)]);
    return v;
}

// Bytes [at, at + n) of an open file (fewer at its end).
std::string readAt(std::ifstream &in, int64_t at, int64_t n)
{
    std::string out(size_t(std::max<int64_t>(0, n)), '\0');
    in.clear();
    in.seekg(at);
    in.read(out.data(), std::streamsize(out.size()));
    out.resize(size_t(std::max<std::streamsize>(0, in.gcount())));
    return out;
}

Result<ImageHeader> pngHeader(const std::filesystem::path &file, const std::string &head)
{
    if (head.size() < 33 || head.compare(12, 4, "IHDR") != 0)
        return makeError(file.string() + ": corrupt PNG (no IHDR chunk)");
    ImageHeader h;
    h.format = ImageFormat::Png;
    h.width = int(bigEndian(head, 16, 4));
    h.height = int(bigEndian(head, 20, 4));
    const uint8_t colourType = uint8_t(head[25]);
    h.channels = colourType == 0 ? 1 : 3; // grey; RGB, palette and alpha load as RGB
    return h;
}

// Walks the JPEG's segments to its frame header (SOF0-SOF15), seeking past the others (EXIF and
// ICC segments can be large), without reading the entropy-coded data.
Result<ImageHeader> jpegHeader(const std::filesystem::path &file, std::ifstream &in, int64_t size)
{
    int64_t pos = 2;
    for (int segments = 0; segments < 4096 && pos + 4 <= size; ++segments) {
        const std::string marker = readAt(in, pos, 4);
        if (marker.size() < 4 || uint8_t(marker[0]) != 0xFF)
            break;
        const uint8_t m = uint8_t(marker[1]);
        if (m == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { // no length
            pos += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA)
            break; // image data or its end before any frame header
        const int64_t length = bigEndian(marker, 2, 2);
        const bool frame = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (frame) {
            const std::string f = readAt(in, pos + 4, 6);
            if (f.size() < 6)
                break;
            ImageHeader h;
            h.format = ImageFormat::Jpeg;
            h.height = int(bigEndian(f, 1, 2));
            h.width = int(bigEndian(f, 3, 2));
            h.channels = uint8_t(f[5]) == 1 ? 1 : 3; // grey; YCbCr and CMYK load as RGB
            return h;
        }
        pos += 2 + length;
    }
    return makeError(file.string() + ": corrupt JPEG (no frame header)");
}

} // namespace

Result<ImageHeader> readImageHeader(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(file.string() + ": cannot open");
    in.seekg(0, std::ios::end);
    const int64_t size = int64_t(in.tellg());
    if (size <= 0)
        return makeError(file.string() + ": empty file");
    // The signature from the start and the end marker from the end, as checkImageBytes reads
    // them from a whole file.
    const std::string head = readAt(in, 0, std::min<int64_t>(size, 64 * 1024));
    const int64_t tailSize = std::min<int64_t>(128, size - int64_t(head.size()));
    const std::string ends = head + readAt(in, size - tailSize, tailSize);
    Result<ImageFormat> format = checkImageBytes(file, ends);
    if (!format)
        return makeError(format.error());
    Result<ImageHeader> h =
        *format == ImageFormat::Png ? pngHeader(file, head) : jpegHeader(file, in, size);
    if (h && (h->width <= 0 || h->height <= 0 || h->width > 65535 || h->height > 65535))
        return makeError(file.string() + ": implausible image size " + std::to_string(h->width) +
                         "x" + std::to_string(h->height));
    return h;
}

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
