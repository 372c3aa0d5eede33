// Decodes one image of a project (a PNG/JPEG file or a record of an IDX file) into plain pixels
// that the GUI can wrap without knowing OpenCV.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace synset {

struct ImageData
{
    int width = 0;
    int height = 0;
    int channels = 0;            // 1 (gray) or 3 (RGB)
    std::vector<uint8_t> pixels; // rows packed, no padding
};

enum class ImageFormat
{
    Png,
    Jpeg
};
// Checks the signature and that the file is complete (ends with IEND / EOI); the error names the
// file and what is wrong.
Result<ImageFormat> checkImageBytes(const std::filesystem::path &file, const std::string &bytes);

// A PNG's or JPEG's size and channels (1 or 3, as loadImage gives them) from its header (IHDR,
// the JPEG frame header), plus the checks of checkImageBytes on its first and last bytes: the
// file is not decoded, so a million can be read in minutes. Errors name the file.
struct ImageHeader
{
    ImageFormat format = ImageFormat::Png;
    int width = 0, height = 0, channels = 0;
};
Result<ImageHeader> readImageHeader(const std::filesystem::path &file);

// record >= 0 reads that item of an IDX file; -1 decodes the file as an image.
Result<ImageData> loadImage(const std::filesystem::path &file, int64_t record);

// Checks that a PNG or JPEG file is complete (ends with IEND / EOI) and decodes; reports
// truncated and corrupt files by name.
Result<ImageData> decodeImageFile(const std::filesystem::path &file);

} // namespace synset
