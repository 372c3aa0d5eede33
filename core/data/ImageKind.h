// A project's kind of image: the size and channel count of its real images. Images made by a
// generator of another kind (a 64x64 colour Stable Diffusion image in a 28x28 greyscale
// Fashion-MNIST project) are refused, or converted when the user asks for it, never mixed in
// silently.
#pragma once

#include <optional>
#include <string>

namespace synset {

class Project;
struct ImageData;

struct ImageKind
{
    int width = 0, height = 0; // 0: the sizes vary (ImageNet's photos); only channels then count
    int channels = 0;          // 1 (greyscale) or 3 (RGB)

    bool anySize() const { return width <= 0 || height <= 0; }
    bool operator==(const ImageKind &) const = default;
};

// "28x28 greyscale", "64x64 RGB", "RGB of varied sizes"
std::string describeImageKind(const ImageKind &kind);

// The kind of the project's real images: the most common channel count, and the most common size
// when at least half of them share it. None while the project has no real images.
std::optional<ImageKind> projectImageKind(Project &project);

// Whether an image of this size and channel count is of the project's kind.
bool fitsImageKind(const ImageKind &projectKind, int width, int height, int channels);

// The image converted to the kind: channels (luma for greyscale, as OpenCV's RGB2GRAY), then the
// size (area interpolation) where the kind has one.
ImageData convertToImageKind(const ImageData &image, const ImageKind &kind);

} // namespace synset
