// PNG files with text chunks: AUTOMATIC1111-style "parameters" so that other tools read how an
// image was made.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

struct ImageData;

// Encodes pixels (gray or RGB) as PNG with a text chunk (tEXt for Latin-1 text, iTXt for UTF-8),
// written atomically.
Result<void> writePngWithText(const std::filesystem::path &path, const ImageData &image,
                              const std::string &keyword, const std::string &text);
// The text of the first tEXt/iTXt chunk with that keyword; an error when the file is not a PNG
// or has no such chunk.
Result<std::string> readPngText(const std::filesystem::path &path, const std::string &keyword);
// The same on a PNG's bytes; origin names it in errors.
Result<std::string> pngText(std::string_view bytes, const std::string &keyword,
                            const std::string &origin);

} // namespace synset
