// Gathers a project's images of one split into the plain arrays the trainers take.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Project;
struct ImageData;

// Appends one decoded image (packed HWC, gray or RGB) to planar CHW pixels at a shape, converting
// the channel count and resizing (area interpolation) when they differ.
void appendPlanarImage(const ImageData &image, int channels, int height, int width,
                       std::vector<uint8_t> &pixels);

// Real images of split (all classes) as uint8 N*C*H*W, resized to the most common size and
// channel count when they differ. Labels are project class indices.
Result<GeneratorTrainData> loadRealImages(const Project &project, const std::string &split,
                                          const ProgressFn &progress = {},
                                          const CancelToken *cancel = nullptr);

// Images by project id, in that order, at the shape of the project's real images (the most common
// one; others are resized). imageIds is filled in.
Result<GeneratorTrainData> loadImagesById(const Project &project, const std::vector<int64_t> &ids,
                                          const ProgressFn &progress = {},
                                          const CancelToken *cancel = nullptr);

// Images whose most common real shape has a shorter side of at least this many pixels
// (ImageNet-sized) are streamed from their files instead of being loaded whole.
constexpr int kStreamFromSide = 128;

// The most common shape of the project's real images (counted in the database; one pass over
// them, so ask once per job); nullopt when there are none.
struct ImageShape
{
    int width = 0, height = 0, channels = 0;
};
std::optional<ImageShape> commonRealImageShape(const Project &project);

// The size a project's images are trained and evaluated at when streamed: 0 when they are small
// enough to load whole, else imageSize (224 when 0).
int streamedImageSize(const Project &project, int imageSize = 0);
int streamedImageSize(const std::optional<ImageShape> &commonReal, int imageSize = 0);

// The same sets as above, streamed at size x size: nothing is decoded here, and the set holds the
// files, their stored sizes and labels only, so memory stays flat whatever the count.
Result<GeneratorTrainData> listRealImages(const Project &project, const std::string &split,
                                          int size);
// channels: the set's (0: the common real shape's, which costs a pass over the real images).
Result<GeneratorTrainData> listImagesById(const Project &project, const std::vector<int64_t> &ids,
                                          int size, int channels = 0);

} // namespace synset
