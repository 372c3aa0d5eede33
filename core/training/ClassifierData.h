// Training data for the classifiers: DINO-style augmentation on whole batches, and a loader that
// builds batches on its own thread a few steps ahead of training. Internal to the tensor library.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace synset::classifier {

struct Augment
{
    double cropScaleMin = 1, ratioMin = 1, ratioMax = 1, flip = 0;
    double jitter = 0, brightness = 0, contrast = 0, saturation = 0;
    double grayscale = 0, blur = 0, blurSigmaMin = 0.1, blurSigmaMax = 1.0, solarize = 0;

    static Augment preset(const std::string &name, int height, int width)
    {
        Augment a;
        if (name == "light") {
            // A gentle crop (mostly a shift and a slight zoom) and a flip: small images such as
            // Fashion-MNIST's fill their frame, and cutting more off loses what tells classes
            // apart.
            a.cropScaleMin = 0.8;
            a.ratioMin = 0.9;
            a.ratioMax = 1.0 / 0.9;
            a.flip = 0.5;
        } else if (name == "dino") {
            // DINO's global-crop recipe, averaged over its two views and scaled for small images.
            a.cropScaleMin = 0.35;
            a.ratioMin = 3.0 / 4.0;
            a.ratioMax = 4.0 / 3.0;
            a.flip = 0.5;
            a.jitter = 0.8;
            a.brightness = 0.4;
            a.contrast = 0.4;
            a.saturation = 0.2;
            a.grayscale = 0.2;
            a.blur = 0.2;
            a.blurSigmaMax = std::min(height, width) <= 64 ? 1.0 : 2.0;
            a.solarize = 0.1;
        }
        return a;
    }
};

// x: N*C*H*W floats in [0, 1]; returns the augmented batch, normalised to [-1, 1].
torch::Tensor augment(torch::Tensor x, const Augment &a, at::Generator &g);
// uint8 pixels -> floats in [-1, 1], as the networks take them.
torch::Tensor normalise(const torch::Tensor &pixelsU8);

struct Batch
{
    int64_t step = 0;
    torch::Tensor x, y;
};

// Builds batches (gather, augment) on its own thread, a few steps ahead of training. Batch k of
// epoch e depends only on the seed, e and k, so a resumed or repeated run sees the same data.
class Loader
{
public:
    Loader(const torch::Tensor &pixels, const torch::Tensor &labels, const Augment &augment,
           uint64_t seed, int64_t batchSize, int64_t firstStep, int64_t totalSteps, int depth);
    ~Loader();
    int64_t stepsPerEpoch() const { return (m_pixels.size(0) + m_batch - 1) / m_batch; }
    // Blocks until the next batch is ready; an empty batch means the loader failed (error()).
    Batch next();
    std::string error() const;

private:
    void run();

    torch::Tensor m_pixels, m_labels;
    Augment m_augment;
    uint64_t m_seed;
    int64_t m_batch, m_next, m_total;
    size_t m_depth;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Batch> m_queue;
    std::string m_error;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace synset::classifier
