// Imports real images into a project: an IDX folder (MNIST / Fashion-MNIST layout) or an
// ImageFolder (wnid-named class folders of PNG/JPEG, optionally under train/val/test). Image sizes
// come from the files' headers, not by decoding, so a million-file folder imports in minutes;
// a file whose header or ending is broken is reported by name and skipped, the rest goes on, and
// what was imported before stays (importing again adds only what is new). Damage inside a file's
// compressed data shows when it is read: training leaves such an image out and names it.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace synset {

class Project;

struct ImportOptions
{
    std::string split;       // empty: from the file or folder names, else "train"
    std::string datasetName; // empty: the source folder's name
    bool copyFiles = true;   // false: images stay where they are and the project links to them
};

struct ImportReport
{
    std::string datasetName;
    int64_t imported = 0;
    int64_t skipped = 0;             // already in the project
    std::vector<std::string> errors; // "file: problem", one per broken file or folder
    bool cancelled = false;
};

enum class SourceKind
{
    Idx,
    ImageFolder,
    Unknown
};
SourceKind detectSourceKind(const std::filesystem::path &source);

// Fails as a whole only when the source cannot be used at all (missing, empty, unreadable).
Result<ImportReport> importSource(Project &project, const std::filesystem::path &source,
                                  const ImportOptions &options, const ProgressFn &progress = {},
                                  const CancelToken *cancel = nullptr);
Result<ImportReport> importIdxFolder(Project &project, const std::filesystem::path &dir,
                                     const ImportOptions &options, const ProgressFn &progress = {},
                                     const CancelToken *cancel = nullptr);
Result<ImportReport> importImageFolder(Project &project, const std::filesystem::path &dir,
                                       const ImportOptions &options,
                                       const ProgressFn &progress = {},
                                       const CancelToken *cancel = nullptr);

} // namespace synset
