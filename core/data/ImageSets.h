// Working with image sets whatever their kind (pixels in memory, or streamed from files): a
// subset by index, a slice decoded at the evaluation view (for what needs pixels: corruptions,
// attacks), a streamed set made from a list of files, and an ImageFolder read as a set. Evaluation
// suites go through these so that they take an ImageNet-sized test set a bounded slice at a time.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace synset {

using ImageSet = GeneratorTrainData;

// Images `indices` of a set, in that order; a streamed set stays streamed (nothing decoded).
ImageSet subsetOf(const ImageSet &all, const std::vector<size_t> &indices);

// Images [begin, end) with their pixels: copied from an in-memory set; from a streamed one, each
// decoded at the evaluation view (resize, centre crop) on `threads` threads (0: the cores).
// Images that cannot be read are left out (with their labels and ids) and named in unreadable.
Result<ImageSet> evaluationPixels(const ImageSet &set, size_t begin, size_t end,
                                  std::vector<std::string> *unreadable = nullptr, int threads = 0,
                                  const CancelToken *cancel = nullptr);

// Files as a streamed set at channels x size x size: sizes from the file headers, decoded when a
// batch needs them. An error names a file whose header cannot be read.
Result<ImageSet> listImageFiles(const std::vector<std::filesystem::path> &files,
                                std::vector<int> labels, int channels, int size,
                                const CancelToken *cancel = nullptr);

// Images of an ImageFolder (one sub-folder per class) resized to a shape; folder names are the
// labels, in the order of classNames when given (an unknown folder is then an error), otherwise
// sorted. streamed: nothing is decoded here (sizes from the headers), each image is read at its
// evaluation view when a batch needs it, as the project's ImageNet-sized test sets are.
Result<ImageSet> loadImageFolder(const std::filesystem::path &dir, int channels, int height,
                                 int width, const std::vector<std::string> &classNames = {},
                                 const ProgressFn &progress = {},
                                 const CancelToken *cancel = nullptr, bool streamed = false);

} // namespace synset
