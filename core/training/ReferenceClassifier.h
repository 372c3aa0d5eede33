// A small CNN trained on real images only, used to judge generated ones: how often it labels an
// image as the class that was asked for, and its penultimate features for FID. Plain types only.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace synset {

class ReferenceClassifier
{
public:
    ~ReferenceClassifier();
    static constexpr int kFeatureDim = 128;

    static Result<std::unique_ptr<ReferenceClassifier>> train(const GeneratorTrainData &data,
                                                              int epochs, uint64_t seed,
                                                              const ProgressFn &progress = {},
                                                              const CancelToken *cancel = nullptr);
    static Result<std::unique_ptr<ReferenceClassifier>> load(const std::filesystem::path &path);
    Result<void> save(const std::filesystem::path &path) const;

    int channels() const;
    int height() const;
    int width() const;
    int numClasses() const;
    // pixels: N*C*H*W uint8 (planar per image). Returns N predicted classes and N*kFeatureDim
    // features.
    void classify(const std::vector<uint8_t> &pixels, size_t count, std::vector<int> &predictions,
                  std::vector<float> *features = nullptr,
                  std::vector<float> *probabilities = nullptr) const;

    struct Impl;

private:
    ReferenceClassifier();
    std::unique_ptr<Impl> m_impl;
};

// Fréchet distance between Gaussians fitted to two feature sets (N*dim floats each).
double frechetDistance(const std::vector<float> &a, const std::vector<float> &b, int dim);

} // namespace synset
