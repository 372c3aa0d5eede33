// File helpers: whole-file reads with clear errors, atomic writes (temp file, fsync, rename),
// and gzip decompression.
#pragma once

#include "Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace synset::files {

Result<std::string> readText(const std::filesystem::path &path);
// Writes through a temporary file in the same folder, fsyncs it and renames it over the target,
// so that a crash leaves either the old or the new content, never a mix.
Result<void> writeAtomically(const std::filesystem::path &path, std::string_view data);
Result<void> copyAtomically(const std::filesystem::path &from, const std::filesystem::path &to);
// Decompresses a .gz file (or reads a plain file when it has no gzip magic). A truncated or
// corrupt stream is an error naming the file. (Gzip.cpp: in synset_core, not the tensor library.)
Result<std::vector<uint8_t>> readMaybeGzip(const std::filesystem::path &path);

} // namespace synset::files
