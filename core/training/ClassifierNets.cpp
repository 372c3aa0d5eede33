#include "ClassifierNets.h"
#include "Distributed.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace F = torch::nn::functional;

namespace synset::classifier {

namespace {

// A BatchNorm layer; in training under a SyncBatchNormScope, with the whole batch's statistics.
torch::Tensor batchNorm(torch::nn::BatchNorm2d &norm, const torch::Tensor &x)
{
    if (Collective *c = SyncBatchNormScope::current(); c && norm->is_training())
        return syncBatchNorm(*norm, x, *c);
    return norm(x);
}

torch::nn::Conv2d conv(int in, int out, int kernel, int stride = 1)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

class SmallCnn : public NetBase
{
public:
    explicit SmallCnn(const Spec &s)
    {
        const int w = s.width;
        const int widths[5] = {w, w, 2 * w, 2 * w, 4 * w};
        int in = s.channels;
        for (int i = 0; i < 5; ++i) {
            convs.push_back(register_module("conv" + std::to_string(i), conv(in, widths[i], 3)));
            norms.push_back(
                register_module("bn" + std::to_string(i), torch::nn::BatchNorm2d(widths[i])));
            in = widths[i];
        }
        head = register_module("head", torch::nn::Linear(in, s.classes));
    }
    torch::Tensor features(const torch::Tensor &x) override
    {
        torch::Tensor y = x;
        for (size_t i = 0; i < convs.size(); ++i) {
            y = F::relu(batchNorm(norms[i], convs[i](y)));
            if ((i == 1 || i == 3) && y.size(2) >= 2 && y.size(3) >= 2)
                y = F::max_pool2d(y, F::MaxPool2dFuncOptions(2));
        }
        return y.mean({2, 3});
    }
    torch::Tensor logits(const torch::Tensor &f) override { return head(f); }
    std::vector<torch::nn::Conv2d> convs;
    std::vector<torch::nn::BatchNorm2d> norms;
    torch::nn::Linear head{nullptr};
};

class Block : public torch::nn::Module
{
public:
    // bottleneck: 1x1 -> 3x3 -> 1x1 with 4x expansion (ResNet-50); else two 3x3 (ResNet-18).
    Block(int in, int planes, int stride, bool bottleneck)
    {
        const int out = bottleneck ? planes * 4 : planes;
        if (bottleneck) {
            add(in, planes, 1, 1);
            add(planes, planes, 3, stride);
            add(planes, out, 1, 1);
        } else {
            add(in, planes, 3, stride);
            add(planes, planes, 3, 1);
        }
        // The last norm of each block starts at zero, so every block starts as the identity.
        torch::NoGradGuard guard;
        norms.back()->weight.zero_();
        if (stride != 1 || in != out) {
            shortcut = register_module("shortcut", conv(in, out, 1, stride));
            shortcutNorm = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
        }
    }
    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor y = x;
        for (size_t i = 0; i < convs.size(); ++i) {
            y = batchNorm(norms[i], convs[i](y));
            if (i + 1 < convs.size())
                y = F::relu(y);
        }
        const torch::Tensor identity = shortcut ? batchNorm(shortcutNorm, shortcut(x)) : x;
        return F::relu(y + identity);
    }

private:
    void add(int in, int out, int kernel, int stride)
    {
        const std::string n = std::to_string(convs.size());
        convs.push_back(register_module("conv" + n, conv(in, out, kernel, stride)));
        norms.push_back(register_module("bn" + n, torch::nn::BatchNorm2d(out)));
    }
    std::vector<torch::nn::Conv2d> convs;
    std::vector<torch::nn::BatchNorm2d> norms;
    torch::nn::Conv2d shortcut{nullptr};
    torch::nn::BatchNorm2d shortcutNorm{nullptr};
};

class ResNet : public NetBase
{
public:
    ResNet(const Spec &s, bool bottleneck)
        : m_small(s.smallImages())
    {
        const int w = s.width;
        // Small images (CIFAR-style stem): one 3x3 convolution at full resolution, no pooling.
        // Larger ones: the ImageNet stem, a 7x7 stride-2 convolution and a max pool.
        stem = register_module("stem", conv(s.channels, w, m_small ? 3 : 7, m_small ? 1 : 2));
        stemNorm = register_module("stem_bn", torch::nn::BatchNorm2d(w));
        const std::vector<int> depth =
            bottleneck ? std::vector<int>{3, 4, 6, 3} : std::vector<int>{2, 2, 2, 2};
        int in = w;
        for (int stage = 0; stage < 4; ++stage) {
            const int planes = w << stage;
            for (int i = 0; i < depth[size_t(stage)]; ++i) {
                const int stride = (i == 0 && stage > 0) ? 2 : 1;
                blocks.push_back(
                    register_module("layer" + std::to_string(stage + 1) + "_" + std::to_string(i),
                                    std::make_shared<Block>(in, planes, stride, bottleneck)));
                in = bottleneck ? planes * 4 : planes;
            }
        }
        head = register_module("head", torch::nn::Linear(in, s.classes));
    }
    torch::Tensor features(const torch::Tensor &x) override
    {
        torch::Tensor y = F::relu(batchNorm(stemNorm, stem(x)));
        if (!m_small)
            y = F::max_pool2d(y, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
        for (const auto &b : blocks)
            y = b->forward(y);
        return y.mean({2, 3});
    }
    torch::Tensor logits(const torch::Tensor &f) override { return head(f); }

private:
    bool m_small;
    torch::nn::Conv2d stem{nullptr};
    torch::nn::BatchNorm2d stemNorm{nullptr};
    std::vector<std::shared_ptr<Block>> blocks;
    torch::nn::Linear head{nullptr};
};

} // namespace

std::shared_ptr<NetBase> makeNet(const Spec &s)
{
    if (s.model == "resnet18")
        return std::make_shared<ResNet>(s, false);
    if (s.model == "resnet50")
        return std::make_shared<ResNet>(s, true);
    return std::make_shared<SmallCnn>(s);
}

int defaultWidth(const std::string &model)
{
    return model == "cnn" ? 32 : 64;
}

void appendState(const torch::nn::Module &net,
                 std::vector<std::pair<std::string, torch::Tensor>> &out)
{
    for (const auto &p : net.named_parameters(true))
        out.emplace_back("model." + p.key(), p.value());
    for (const auto &b : net.named_buffers(true))
        out.emplace_back("model." + b.key(), b.value());
}

Result<void> loadState(torch::nn::Module &net, const std::map<std::string, torch::Tensor> &tensors,
                       const std::filesystem::path &path)
{
    torch::NoGradGuard guard;
    const auto copy = [&](const std::string &name, torch::Tensor &dst) -> Result<void> {
        const auto it = tensors.find("model." + name);
        if (it == tensors.end())
            return makeError(path.string() + ": tensor model." + name + " is missing");
        if (it->second.sizes() != dst.sizes())
            return makeError(path.string() + ": tensor model." + name + " has the wrong shape");
        dst.copy_(it->second);
        return {};
    };
    for (auto &p : net.named_parameters(true))
        if (Result<void> r = copy(p.key(), p.value()); !r)
            return r;
    for (auto &b : net.named_buffers(true))
        if (Result<void> r = copy(b.key(), b.value()); !r)
            return r;
    return {};
}

} // namespace synset::classifier
