// What a trained encoder's penultimate features say beyond accuracy (plain types, LibTorch
// inside): sparsity, class compactness and separation, redundancy between dimensions, the coding
// rate of MCR^2 (Yu et al. 2020), and a linear probe (a logistic-regression head trained on
// frozen features).
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <vector>

namespace synset {

struct RepresentationMetrics
{
    int dim = 0;
    int64_t count = 0;
    double sparsity = 0;   // share of exactly zero activations (after the ReLU)
    double intraClass = 0; // mean cosine distance of a sample to its class centroid
    double separation = 0; // mean cosine distance between two class centroids
    double redundancy = 0; // mean |Pearson r| between two (non-constant) dimensions
    // R(Z, eps) = 1/2 logdet(I + d/(m eps^2) Z^T Z) over unit-normalised features, and its
    // class-conditional form R_c = sum_j m_j/(2m) logdet(I + d/(m_j eps^2) Z_j^T Z_j).
    double codingRate = 0, codingRateClasses = 0;
    double codingRateGain() const { return codingRate - codingRateClasses; }
};

// features: count*dim row-major; labels in [0, numClasses).
Result<RepresentationMetrics> representationMetrics(const std::vector<float> &features, int dim,
                                                    const std::vector<int> &labels, int numClasses,
                                                    double epsilon = 0.5);

struct LinearProbeOptions
{
    int epochs = 30;
    int batchSize = 256;
    double learningRate = 1e-2; // Adam, cosine decay to zero
    double weightDecay = 1e-4;
    uint64_t seed = 0;
};

struct LinearProbeResult
{
    double trainAccuracy = 0, testAccuracy = 0;
    std::vector<double> perClass; // test accuracy per class (NaN: no test images)
};

// A multinomial logistic regression on standardised features (the train set's mean and spread).
Result<LinearProbeResult>
trainLinearProbe(const std::vector<float> &trainFeatures, const std::vector<int> &trainLabels,
                 const std::vector<float> &testFeatures, const std::vector<int> &testLabels,
                 int dim, int numClasses, const LinearProbeOptions &options = {},
                 const ProgressFn &progress = {}, const CancelToken *cancel = nullptr);

} // namespace synset
