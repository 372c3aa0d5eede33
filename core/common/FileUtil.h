// File helpers: whole-file reads with clear errors, atomic writes (temp file, fsync, rename),
// and gzip decompression.
#pragma once

#include "Result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace synset::files {

Result<std::string> readText(const std::filesystem::path &path);
// Writes through a temporary file in the same folder, fsyncs it and renames it over the target,
// so that a crash leaves either the old or the new content, never a mix.
Result<void> writeAtomically(const std::filesystem::path &path, std::string_view data);
Result<void> copyAtomically(const std::filesystem::path &from, const std::filesystem::path &to);
// `to` becomes a hard link to `from` (replacing what was there, atomically), or an atomic copy
// where a link cannot be made (another file system): true when linked. Already the same file:
// nothing to do.
Result<bool> linkOrCopyAtomically(const std::filesystem::path &from,
                                  const std::filesystem::path &to);
// A bound on what a gzip stream may decompress to, read from the head of its data: once
// headBytes are out, ask() gives the most the whole output may hold (or an error for a bad
// header), so that a few kilobytes cannot inflate into gigabytes.
struct OutputCap
{
    size_t headBytes = 0;
    std::function<Result<uint64_t>(const std::vector<uint8_t> &head)> ask;
};
// Decompresses gzip data; `where` names its source in errors. (Gzip.cpp: in synset_core, not
// the tensor library.)
Result<std::vector<uint8_t>> gunzip(std::string_view in, const std::string &where,
                                    const OutputCap &cap = {});
// Decompresses a .gz file (or reads a plain file when it has no gzip magic). A truncated or
// corrupt stream, or one past the cap, is an error naming the file.
Result<std::vector<uint8_t>> readMaybeGzip(const std::filesystem::path &path,
                                           const OutputCap &cap = {});

} // namespace synset::files
