// Training data for the classifiers: DINO-style augmentation on whole batches, and a loader that
// builds batches on its own thread a few steps ahead of training. Internal to the tensor library.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "Classifier.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
            if (std::min(height, width) >= 128) {
                // ImageNet-sized images: torchvision's RandomResizedCrop recipe.
                a.cropScaleMin = 0.08;
                a.ratioMin = 3.0 / 4.0;
                a.ratioMax = 4.0 / 3.0;
            }
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
            if (std::min(height, width) >= 128)
                a.cropScaleMin = 0.4; // DINO's global crops at 224 px
        }
        return a;
    }
    // Only the colour part (the crop and flip were applied when decoding).
    Augment colourOnly() const
    {
        Augment a = *this;
        a.cropScaleMin = 1;
        a.flip = 0;
        return a;
    }
};

// x: N*C*H*W floats in [0, 1]; returns the augmented batch, normalised to [-1, 1].
torch::Tensor augment(torch::Tensor x, const Augment &a, at::Generator &g);
// uint8 pixels -> floats in [-1, 1], as the networks take them.
torch::Tensor normalise(const torch::Tensor &pixelsU8);

// The networks' input from [-1, 1] pixels: unchanged ("unit", small images), or standardised
// with ImageNet's channel mean and deviation ("imagenet", streamed ImageNet-sized images).
torch::Tensor netInput(const torch::Tensor &unitRange, bool imagenet);

// Threads that a batch's images are spread over for decoding. The result of a batch does not
// depend on how many there are: every image's view comes from its own seed.
class DecodePool
{
public:
    explicit DecodePool(int threads);
    ~DecodePool();
    int threads() const { return int(m_threads.size()); }
    // fn(i) for every i in [0, count), on the pool's threads; returns when all are done.
    void run(int64_t count, const std::function<void(int64_t)> &fn);

private:
    void work();

    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_cv, m_doneCv;
    const std::function<void(int64_t)> *m_fn = nullptr;
    int64_t m_count = 0, m_next = 0, m_done = 0;
    bool m_stop = false;
};

// Decode threads when the user sets none: on a GPU every core but the loader's; on the CPU the
// cores LibTorch's intra-op threads leave (at least one).
int defaultDecodeThreads(bool cuda);

// Images idx of a streamed set as uint8 N*C*H*W, image idx[k] seen through view(k, idx[k]); with
// perImage, each decoded C*H*W image goes through perImage(k, image) on its decode thread and the
// batch holds what it returns (floats). Images that cannot be read are left out: kept gets the
// positions decoded, failed the errors.
using PerImage = std::function<torch::Tensor(int64_t k, const torch::Tensor &image)>;
torch::Tensor decodeBatch(const synset::ImageSet &set, const std::vector<int64_t> &idx,
                          const std::function<synset::ViewCrop(int64_t, int64_t)> &view,
                          const PerImage &perImage, DecodePool &pool, std::vector<int64_t> &kept,
                          std::vector<std::string> &failed);

// Network input for images [begin, begin + count) of a set, for evaluation: in-memory pixels as
// they are, streamed images through the centre-crop view (unreadable ones black, named in
// unreadable).
torch::Tensor evaluationBatch(const synset::ImageSet &set, int64_t begin, int64_t count,
                              bool imagenet, DecodePool *pool,
                              std::vector<std::string> *unreadable);

struct Batch
{
    int64_t step = 0;
    torch::Tensor x, y;
};

// Builds batches (gather, augment) on its own thread, a few steps ahead of training. Batch k of
// epoch e depends only on the seed, e and k, so a resumed or repeated run sees the same data.
// A streamed set's batches are decoded and augmented by a DecodePool: each image's crop, flip and
// colour augmentations come from (seed, step, position in the batch), so the batches do not
// depend on the thread count. An image that cannot be
// read is left out of its batch and reported (takeSkipped); the run goes on.
class Loader
{
public:
    struct Input
    {
        torch::Tensor pixels;                       // in memory: uint8 N*C*H*W
        const synset::ImageSet *streamed = nullptr; // or streamed
        DecodePool *pool = nullptr;                 // for streamed sets
        bool imagenet = false;                      // netInput's standardisation
        bool pin = false;                           // page-locked batches, for CUDA copies
        // Data parallel: this rank's slice of every batch (positions [n r / W, n (r + 1) / W)
        // of a batch of n), each image augmented as it is in the whole batch.
        int rank = 0, worldSize = 1;
    };
    Loader(Input input, const torch::Tensor &labels, const Augment &augment, uint64_t seed,
           int64_t batchSize, int64_t firstStep, int64_t totalSteps, int depth);
    ~Loader();
    int64_t stepsPerEpoch() const { return (m_count + m_batch - 1) / m_batch; }
    // Blocks until the next batch is ready; an empty batch means the loader failed (error()).
    Batch next();
    std::string error() const;
    // Errors of the images left out since the last call.
    std::vector<std::string> takeSkipped();

private:
    void run();
    Batch makeBatch(int64_t step, const torch::Tensor &idx);

    Input m_input;
    int64_t m_count;
    torch::Tensor m_labels;
    std::vector<std::string> m_skipped;
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
