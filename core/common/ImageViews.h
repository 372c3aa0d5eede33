// What part of a source image a training or evaluation view shows, decided before the image is
// decoded (from its stored size), so that a decoder can read a JPEG at a reduced scale. Plain
// arithmetic on seeds: the same seed gives the same view on every platform.
#pragma once

#include <cstdint>

namespace synset {

// A crop of the source in fractions of its width and height, optionally mirrored.
struct ViewCrop
{
    double x = 0, y = 0, w = 1, h = 1;
    bool flip = false;
};

// torchvision's RandomResizedCrop: an area of [scaleMin, 1] of the source at a log-uniform aspect
// ratio in [ratioMin, ratioMax], placed uniformly; after ten misses, the centre crop at the
// nearest allowed ratio. Mirrored with flipChance.
ViewCrop randomResizedCrop(int sourceWidth, int sourceHeight, double scaleMin, double ratioMin,
                           double ratioMax, double flipChance, uint64_t seed);

// The evaluation view: the source resized to outHeight * 256/224 on its shorter side, then the
// centre outWidth x outHeight (torchvision's Resize(256) + CenterCrop(224) at any size).
ViewCrop centreCrop(int sourceWidth, int sourceHeight, int outWidth, int outHeight);

// The whole source, resized (no crop): for small images that are used at their own size.
inline ViewCrop wholeImage()
{
    return {};
}

} // namespace synset
