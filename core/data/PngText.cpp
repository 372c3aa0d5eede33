#include "PngText.h"

#include "ImageLoader.h"
#include "common/FileUtil.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include <cstring>

namespace synset {

namespace {

void putU32(std::string &out, uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t getU32(std::string_view b, size_t at)
{
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) |
           (uint32_t(uint8_t(b[at + 2])) << 8) | uint32_t(uint8_t(b[at + 3]));
}

std::string chunk(const std::string &type, const std::string &data)
{
    std::string out;
    putU32(out, static_cast<uint32_t>(data.size()));
    const std::string body = type + data;
    out += body;
    putU32(out, static_cast<uint32_t>(
                    crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size()))));
    return out;
}

} // namespace

Result<void> writePngWithText(const std::filesystem::path &path, const ImageData &image,
                              const std::string &keyword, const std::string &text)
{
    if (image.channels != 1 && image.channels != 3)
        return makeError(path.string() + ": only gray and RGB images are written");
    cv::Mat mat(image.height, image.width, image.channels == 1 ? CV_8UC1 : CV_8UC3,
                const_cast<uint8_t *>(image.pixels.data()));
    cv::Mat bgr;
    if (image.channels == 3)
        cv::cvtColor(mat, bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> encoded;
    try {
        if (!cv::imencode(".png", image.channels == 3 ? bgr : mat, encoded))
            return makeError(path.string() + ": PNG encoding failed");
    } catch (const cv::Exception &e) {
        return makeError(path.string() + ": PNG encoding failed (" + e.what() + ")");
    }
    std::string png(encoded.begin(), encoded.end());
    const bool latin1 = std::all_of(text.begin(), text.end(),
                                    [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const std::string textChunk =
        latin1 ? chunk("tEXt", keyword + '\0' + text)
               : chunk("iTXt", keyword + '\0' + '\0' + '\0' + '\0' + '\0' + text);
    // Right after IHDR: signature (8) + IHDR chunk (4 + 4 + 13 + 4).
    png.insert(33, textChunk);
    return files::writeAtomically(path, png);
}

Result<std::string> readPngText(const std::filesystem::path &path, const std::string &keyword)
{
    Result<std::string> bytes = files::readText(path);
    if (!bytes)
        return makeError(bytes.error());
    return pngText(*bytes, keyword, path.string());
}

Result<std::string> pngText(std::string_view b, const std::string &keyword,
                            const std::string &origin)
{
    if (b.size() < 8 || std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) != 0)
        return makeError(origin + ": not a PNG file");
    const std::string prefix = keyword + '\0';
    size_t at = 8;
    while (at + 12 <= b.size()) {
        const uint32_t len = getU32(b, at);
        if (len > b.size() - at - 12)
            break;
        const std::string_view type = b.substr(at + 4, 4);
        const std::string_view data = b.substr(at + 8, len);
        if ((type == "tEXt" || type == "iTXt") && data.substr(0, prefix.size()) == prefix) {
            if (type == "tEXt")
                return std::string(data.substr(prefix.size()));
            // iTXt: keyword\0 flag method language\0 translated\0 text (uncompressed only)
            size_t p = data.find('\0', prefix.size() + 2);
            if (p == std::string_view::npos)
                break;
            p = data.find('\0', p + 1);
            if (p == std::string_view::npos)
                break;
            return std::string(data.substr(p + 1));
        }
        if (type == "IEND")
            break;
        at += 12 + len;
    }
    return makeError(origin + ": no '" + keyword + "' text in the PNG");
}

} // namespace synset
