#include "ImageViews.h"

#include "Seeds.h"

#include <algorithm>
#include <cmath>

namespace synset {

namespace {

// Uniform in [0, 1) from the 53 high bits of a SplitMix64 step.
double uniform(uint64_t &state)
{
    return double(seeds::splitMix64(state) >> 11) * 0x1.0p-53;
}

double uniform(uint64_t &state, double lo, double hi)
{
    return lo + (hi - lo) * uniform(state);
}

} // namespace

ViewCrop randomResizedCrop(int sourceWidth, int sourceHeight, double scaleMin, double ratioMin,
                           double ratioMax, double flipChance, uint64_t seed)
{
    uint64_t state = seed;
    const double W = std::max(1, sourceWidth), H = std::max(1, sourceHeight);
    ViewCrop crop;
    bool found = false;
    for (int attempt = 0; attempt < 10 && !found; ++attempt) {
        const double area = W * H * uniform(state, scaleMin, 1.0);
        const double ratio = std::exp(uniform(state, std::log(ratioMin), std::log(ratioMax)));
        const double w = std::round(std::sqrt(area * ratio));
        const double h = std::round(std::sqrt(area / ratio));
        if (w < 1 || h < 1 || w > W || h > H)
            continue;
        const double left = std::floor(uniform(state) * (W - w + 1));
        const double top = std::floor(uniform(state) * (H - h + 1));
        crop = {left / W, top / H, w / W, h / H, false};
        found = true;
    }
    if (!found) {
        // The whole image cut to the nearest ratio in range, centred.
        const double ratio = std::clamp(W / H, ratioMin, ratioMax);
        const double w = W / H > ratio ? std::round(H * ratio) : W;
        const double h = W / H < ratio ? std::round(W / ratio) : H;
        crop = {(W - w) / 2 / W, (H - h) / 2 / H, w / W, h / H, false};
    }
    crop.flip = uniform(state) < flipChance;
    return crop;
}

ViewCrop centreCrop(int sourceWidth, int sourceHeight, int outWidth, int outHeight)
{
    const double W = std::max(1, sourceWidth), H = std::max(1, sourceHeight);
    // Scale so that the shorter side becomes the output's shorter side * 256/224.
    const double target = std::min(outWidth, outHeight) * 256.0 / 224.0;
    const double scale = target / std::min(W, H);
    const double w = std::min(1.0, outWidth / (W * scale));
    const double h = std::min(1.0, outHeight / (H * scale));
    return {(1 - w) / 2, (1 - h) / 2, w, h, false};
}

} // namespace synset
