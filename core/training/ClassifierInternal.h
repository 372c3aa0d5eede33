// What Classifier.cpp and ClassifierTraining.cpp share, internal to core/training: the file
// formats, the optimiser, the learning-rate schedule, the device choice, evaluation and the
// options as stored.
#pragma once

#include "Classifier.h"
#include "ClassifierNets.h"

#include "common/Json.h"

#include <torch/nn/module.h>

#include <string>
#include <vector>

namespace synset::classifier {

constexpr const char *kModelFormat = "synset-studio/classifier";
constexpr const char *kCheckpointFormat = "synset-studio/classifier-checkpoint";

// ---- Optimiser -------------------------------------------------------------------------------

// SGD with momentum and AdamW written out, so that their state saves and resumes exactly.
// Weight decay applies to weights only, not to biases and norm parameters.
struct Optimizer
{
    bool adamw = false;
    double momentum = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    int64_t steps = 0;
    std::vector<torch::Tensor> params, buf1, buf2;

    Optimizer(std::vector<torch::Tensor> p, bool useAdamW, double mom)
        : adamw(useAdamW)
        , momentum(mom)
        , params(std::move(p))
    {
        for (const torch::Tensor &t : params) {
            buf1.push_back(torch::zeros_like(t));
            if (adamw)
                buf2.push_back(torch::zeros_like(t));
        }
    }
    void apply(double lr, double weightDecay)
    {
        torch::NoGradGuard guard;
        ++steps;
        for (size_t i = 0; i < params.size(); ++i) {
            torch::Tensor &p = params[i];
            const torch::Tensor &g = p.grad();
            if (!g.defined())
                continue;
            const double decay = p.dim() > 1 ? weightDecay : 0.0;
            if (adamw) {
                p.mul_(1 - lr * decay);
                buf1[i].mul_(beta1).add_(g, 1 - beta1);
                buf2[i].mul_(beta2).addcmul_(g, g, 1 - beta2);
                const double bc1 = 1 - std::pow(beta1, double(steps));
                const double bc2 = 1 - std::pow(beta2, double(steps));
                p.addcdiv_(buf1[i], (buf2[i] / bc2).sqrt_().add_(eps), -lr / bc1);
            } else {
                buf1[i].mul_(momentum).add_(g).add_(p, decay);
                p.add_(buf1[i], -lr);
            }
        }
    }
    void append(std::vector<std::pair<std::string, torch::Tensor>> &out) const
    {
        for (size_t i = 0; i < params.size(); ++i) {
            out.emplace_back("opt.a." + std::to_string(i), buf1[i]);
            if (adamw)
                out.emplace_back("opt.b." + std::to_string(i), buf2[i]);
        }
    }
    Result<void> load(const std::map<std::string, torch::Tensor> &t,
                      const std::filesystem::path &path)
    {
        torch::NoGradGuard guard;
        for (size_t i = 0; i < params.size(); ++i) {
            const auto a = t.find("opt.a." + std::to_string(i));
            const auto b = t.find("opt.b." + std::to_string(i));
            if (a == t.end() || (adamw && b == t.end()))
                return makeError(path.string() + ": the optimizer state is missing");
            buf1[i].copy_(a->second);
            if (adamw)
                buf2[i].copy_(b->second);
        }
        return {};
    }
};

double scheduledRate(double base, int64_t step, int64_t warmup, int64_t total);
torch::Device pickDevice(const std::string &name);
// Streamed sets are decoded in batches (centre-crop views) on a pool of threads.
Result<ClassifierEvaluation> evaluateNet(NetBase &net, const ImageSet &data, const Spec &spec,
                                         const torch::Device &device, const ProgressFn &progress,
                                         const CancelToken *cancel);
Json optionsJson(const ClassifierTrainOptions &o);

} // namespace synset::classifier
