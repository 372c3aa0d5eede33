#include "Representation.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <cmath>
#include <limits>
#include <string>

namespace synset {

namespace {

torch::Tensor matrix(const std::vector<float> &values, int64_t rows, int dim)
{
    return torch::from_blob(const_cast<float *>(values.data()), {rows, dim}, torch::kFloat32)
        .to(torch::kFloat64);
}

double logdetIdentityPlus(const torch::Tensor &gram, double scale)
{
    const int64_t d = gram.size(0);
    const torch::Tensor a = torch::eye(d, torch::kFloat64) + scale * gram;
    return torch::logdet(a).item<double>();
}

} // namespace

Result<RepresentationMetrics> representationMetrics(const std::vector<float> &features, int dim,
                                                    const std::vector<int> &labels, int numClasses,
                                                    double epsilon)
{
    const int64_t m = int64_t(labels.size());
    if (dim <= 0 || m == 0 || int64_t(features.size()) != m * dim)
        return makeError("representation metrics: " + std::to_string(features.size()) +
                         " values do not make " + std::to_string(m) + " features of " +
                         std::to_string(dim) + " dimensions");
    if (epsilon <= 0)
        return makeError("representation metrics: epsilon must be positive");
    for (int l : labels)
        if (l < 0 || l >= numClasses)
            return makeError("representation metrics: label " + std::to_string(l) +
                             " is outside 0.." + std::to_string(numClasses - 1));
    RepresentationMetrics r;
    r.dim = dim;
    r.count = m;
    try {
        torch::NoGradGuard guard;
        const torch::Tensor z = matrix(features, m, dim);
        r.sparsity = z.eq(0).to(torch::kFloat64).mean().item<double>();

        // Class centroids and cosine distances.
        const torch::Tensor y =
            torch::from_blob(const_cast<int *>(labels.data()), {m}, torch::kInt32).to(torch::kLong);
        const torch::Tensor counts = torch::bincount(y, {}, numClasses).to(torch::kFloat64);
        torch::Tensor centroids = torch::zeros({numClasses, dim}, torch::kFloat64);
        centroids.index_add_(0, y, z);
        const torch::Tensor present = counts.gt(0);
        centroids = centroids / counts.clamp_min(1).unsqueeze(1);
        const auto unit = [](const torch::Tensor &t) {
            return t / t.norm(2, 1, true).clamp_min(1e-12);
        };
        const torch::Tensor zu = unit(z);
        const torch::Tensor cu = unit(centroids);
        r.intraClass = (1.0 - (zu * cu.index_select(0, y)).sum(1)).mean().item<double>();
        const torch::Tensor cp = cu.index({present});
        const int64_t k = cp.size(0);
        if (k >= 2) {
            const torch::Tensor cos = cp.matmul(cp.t());
            const torch::Tensor offDiagonal = 1.0 - torch::eye(k, torch::kFloat64);
            r.separation = ((1.0 - cos) * offDiagonal).sum().item<double>() / double(k * (k - 1));
        }

        // Redundancy: mean |r| over pairs of dimensions that vary.
        const torch::Tensor centred = z - z.mean(0, true);
        const torch::Tensor sd = centred.pow(2).mean(0).sqrt();
        const torch::Tensor varying = sd.gt(1e-12);
        const int64_t v = varying.sum().item<int64_t>();
        if (v >= 2) {
            const torch::Tensor s =
                centred.index({torch::indexing::Slice(), varying}) / sd.index({varying});
            const torch::Tensor corr = s.t().matmul(s) / double(m);
            const torch::Tensor offDiagonal = 1.0 - torch::eye(v, torch::kFloat64);
            r.redundancy = (corr.abs().clamp_max(1.0) * offDiagonal).sum().item<double>() /
                           double(v * (v - 1));
        }

        // Coding rates over unit-normalised features.
        const double eps2 = epsilon * epsilon;
        r.codingRate =
            0.5 * logdetIdentityPlus(zu.t().matmul(zu), double(dim) / (double(m) * eps2));
        double rc = 0;
        for (int c = 0; c < numClasses; ++c) {
            const double mc = counts[c].item<double>();
            if (mc == 0)
                continue;
            const torch::Tensor zc = zu.index({y.eq(c)});
            rc += mc / (2.0 * double(m)) *
                  logdetIdentityPlus(zc.t().matmul(zc), double(dim) / (mc * eps2));
        }
        r.codingRateClasses = rc;
    } catch (const c10::Error &e) {
        return makeError(std::string("representation metrics failed: ") +
                         e.what_without_backtrace());
    }
    return r;
}

Result<LinearProbeResult> trainLinearProbe(const std::vector<float> &trainFeatures,
                                           const std::vector<int> &trainLabels,
                                           const std::vector<float> &testFeatures,
                                           const std::vector<int> &testLabels, int dim,
                                           int numClasses, const LinearProbeOptions &options,
                                           const ProgressFn &progress, const CancelToken *cancel)
{
    const int64_t n = int64_t(trainLabels.size()), t = int64_t(testLabels.size());
    if (dim <= 0 || n == 0 || int64_t(trainFeatures.size()) != n * dim ||
        int64_t(testFeatures.size()) != t * dim)
        return makeError("linear probe: the feature arrays do not match the labels");
    if (numClasses < 2)
        return makeError("linear probe: needs at least two classes");
    for (const auto *labels : {&trainLabels, &testLabels})
        for (int l : *labels)
            if (l < 0 || l >= numClasses)
                return makeError("linear probe: label " + std::to_string(l) + " is outside 0.." +
                                 std::to_string(numClasses - 1));
    LinearProbeResult out;
    try {
        torch::manual_seed(options.seed);
        const torch::Tensor xTrain =
            torch::from_blob(const_cast<float *>(trainFeatures.data()), {n, dim}, torch::kFloat32)
                .clone();
        const torch::Tensor mean = xTrain.mean(0, true);
        const torch::Tensor sd = xTrain.std(0, true, true).clamp_min(1e-6);
        const torch::Tensor xs = (xTrain - mean) / sd;
        const torch::Tensor yTrain =
            torch::from_blob(const_cast<int *>(trainLabels.data()), {n}, torch::kInt32)
                .to(torch::kLong);
        torch::nn::Linear head(dim, numClasses);
        torch::nn::init::zeros_(head->weight);
        torch::nn::init::zeros_(head->bias);
        torch::optim::Adam optimizer(
            head->parameters(),
            torch::optim::AdamOptions(options.learningRate).weight_decay(options.weightDecay));
        auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
        const int64_t batch = std::max(1, options.batchSize);
        const int64_t stepsPerEpoch = (n + batch - 1) / batch;
        const int64_t totalSteps = stepsPerEpoch * std::max(1, options.epochs);
        int64_t step = 0;
        for (int epoch = 0; epoch < std::max(1, options.epochs); ++epoch) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            const torch::Tensor order = torch::randperm(n, generator, torch::kLong);
            for (int64_t b = 0; b < n; b += batch, ++step) {
                const double lr = 0.5 * options.learningRate *
                                  (1 + std::cos(M_PI * double(step) / double(totalSteps)));
                for (auto &group : optimizer.param_groups())
                    static_cast<torch::optim::AdamOptions &>(group.options()).lr(lr);
                const torch::Tensor idx = order.slice(0, b, std::min(n, b + batch));
                const torch::Tensor loss = torch::nn::functional::cross_entropy(
                    head->forward(xs.index_select(0, idx)), yTrain.index_select(0, idx));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            reportProgress(progress, double(epoch + 1) / std::max(1, options.epochs),
                           "Training the linear probe");
        }
        torch::NoGradGuard guard;
        out.trainAccuracy =
            head->forward(xs).argmax(1).eq(yTrain).to(torch::kFloat64).mean().item<double>();
        if (t > 0) {
            const torch::Tensor xt = (torch::from_blob(const_cast<float *>(testFeatures.data()),
                                                       {t, dim}, torch::kFloat32) -
                                      mean) /
                                     sd;
            const torch::Tensor yt =
                torch::from_blob(const_cast<int *>(testLabels.data()), {t}, torch::kInt32)
                    .to(torch::kLong);
            const torch::Tensor hit = head->forward(xt).argmax(1).eq(yt).to(torch::kFloat64);
            out.testAccuracy = hit.mean().item<double>();
            for (int c = 0; c < numClasses; ++c) {
                const torch::Tensor mask = yt.eq(c);
                const int64_t count = mask.sum().item<int64_t>();
                out.perClass.push_back(count == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                  : hit.index({mask}).mean().item<double>());
            }
        }
    } catch (const c10::Error &e) {
        return makeError(std::string("linear probe failed: ") + e.what_without_backtrace());
    }
    return out;
}

} // namespace synset
