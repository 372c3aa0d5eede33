// The 15 ImageNet-C corruptions (Hendrycks & Dietterich 2019) at 5 severities, with the
// parameters CIFAR-10-C uses for small images, scaled to the image's own size. Frost blends a
// procedurally made ice texture (the original photographs cannot ship). Every corruption is a
// pure function of the image, the severity and a seed, and works on gray and colour images.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synset {

struct CorruptionInfo
{
    std::string name;   // gaussian_noise, ..., jpeg_compression
    std::string label;  // "Gaussian noise"
    std::string family; // noise, blur, weather, digital
};

// The 15 corruptions in ImageNet-C's order.
const std::vector<CorruptionInfo> &corruptionList();
// Index into corruptionList(), or -1.
int corruptionIndex(const std::string &name);
// The four families in order, with their corruptions.
std::vector<std::string> corruptionFamilies();

// One channel-planar uint8 image (C*H*W) corrupted; severity 1..5. Throws nothing: the caller
// checks name and severity (corruptImages does).
std::vector<uint8_t> corruptImage(const uint8_t *planar, int channels, int height, int width,
                                  int corruption, int severity, uint64_t seed);

// Every image of a set corrupted. Image i uses seed mix(seed, firstIndex + i), so the same set,
// corruption, severity and seed always give the same images, whichever run is being tested (and
// a slice of a larger set, given its place as firstIndex, the images the whole set would get).
Result<GeneratorTrainData> corruptImages(const GeneratorTrainData &images,
                                         const std::string &corruption, int severity, uint64_t seed,
                                         const ProgressFn &progress = {},
                                         const CancelToken *cancel = nullptr,
                                         uint64_t firstIndex = 0);

// The procedural frost texture (RGB, planar, values 0..255) of a given size, for the gallery.
std::vector<uint8_t> frostTexture(int height, int width, uint64_t seed);

} // namespace synset
