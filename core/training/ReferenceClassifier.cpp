#include "ReferenceClassifier.h"

#include "curation/ScoreMath.h"

#include "diffusion/DiffusionModel.h"
#include "diffusion/TensorFile.h"

#include "common/Json.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

namespace F = torch::nn::functional;

namespace synset {

namespace {

class NetImpl : public torch::nn::Module
{
public:
    NetImpl(int channels, int height, int width, int classes)
        : h(height)
        , w(width)
    {
        c1 = register_module(
            "c1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, 16, 3).padding(1)));
        c2 = register_module("c2",
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 3).padding(1)));
        c3 = register_module("c3",
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).padding(1)));
        fc = register_module("fc", torch::nn::Linear(64 * (height / 4) * (width / 4),
                                                     ReferenceClassifier::kFeatureDim));
        head =
            register_module("head", torch::nn::Linear(ReferenceClassifier::kFeatureDim, classes));
    }
    torch::Tensor features(const torch::Tensor &x)
    {
        torch::Tensor y = F::relu(c1(x));
        y = F::max_pool2d(F::relu(c2(y)), F::MaxPool2dFuncOptions(2));
        y = F::max_pool2d(F::relu(c3(y)), F::MaxPool2dFuncOptions(2));
        return F::relu(fc(y.flatten(1)));
    }
    torch::Tensor forward(const torch::Tensor &x) { return head(features(x)); }
    int h, w;
    torch::nn::Conv2d c1{nullptr}, c2{nullptr}, c3{nullptr};
    torch::nn::Linear fc{nullptr}, head{nullptr};
};
TORCH_MODULE(Net);

torch::Tensor toInput(const std::vector<uint8_t> &pixels, size_t first, size_t count, int c, int h,
                      int w)
{
    const size_t size = size_t(c) * h * w;
    return torch::from_blob(const_cast<uint8_t *>(pixels.data() + first * size),
                            {int64_t(count), c, h, w}, torch::kUInt8)
        .to(torch::kFloat32)
        .div(127.5)
        .sub(1.0);
}

} // namespace

struct ReferenceClassifier::Impl
{
    int channels = 1, height = 28, width = 28, classes = 10;
    Net net{nullptr};
};

ReferenceClassifier::ReferenceClassifier() = default;
ReferenceClassifier::~ReferenceClassifier() = default;
int ReferenceClassifier::channels() const
{
    return m_impl->channels;
}
int ReferenceClassifier::height() const
{
    return m_impl->height;
}
int ReferenceClassifier::width() const
{
    return m_impl->width;
}
int ReferenceClassifier::numClasses() const
{
    return m_impl->classes;
}

Result<std::unique_ptr<ReferenceClassifier>>
ReferenceClassifier::train(const GeneratorTrainData &data, int epochs, uint64_t seed,
                           const ProgressFn &progress, const CancelToken *cancel)
{
    useAllCores();
    std::unique_ptr<ReferenceClassifier> rc(new ReferenceClassifier);
    rc->m_impl = std::make_unique<Impl>();
    Impl &d = *rc->m_impl;
    d.channels = data.channels;
    d.height = data.height;
    d.width = data.width;
    d.classes = int(data.classWnids.size());
    try {
        torch::manual_seed(seed);
        d.net = Net(d.channels, d.height, d.width, d.classes);
        torch::optim::Adam opt(d.net->parameters(), torch::optim::AdamOptions(1e-3));
        const int64_t n = int64_t(data.count());
        const int64_t batch = 128;
        const torch::Tensor labels = torch::tensor(
            std::vector<int64_t>(data.labels.begin(), data.labels.end()), torch::kInt64);
        for (int e = 0; e < epochs; ++e) {
            at::Generator g = at::detail::createCPUGenerator(seed * 7919 + uint64_t(e));
            const torch::Tensor perm = torch::randperm(n, g, torch::kInt64);
            for (int64_t b = 0; b < n; b += batch) {
                if (isCancelled(cancel))
                    return makeError("classifier training cancelled");
                const torch::Tensor idx = perm.slice(0, b, std::min(n, b + batch));
                std::vector<uint8_t> px;
                px.reserve(size_t(idx.size(0)) * d.channels * d.height * d.width);
                const size_t size = size_t(d.channels) * d.height * d.width;
                for (int64_t i = 0; i < idx.size(0); ++i) {
                    const size_t k = size_t(idx[i].item<int64_t>());
                    px.insert(px.end(), data.pixels.begin() + long(k * size),
                              data.pixels.begin() + long((k + 1) * size));
                }
                const torch::Tensor x =
                    toInput(px, 0, size_t(idx.size(0)), d.channels, d.height, d.width);
                const torch::Tensor loss =
                    torch::cross_entropy_loss(d.net(x), labels.index_select(0, idx));
                opt.zero_grad();
                loss.backward();
                opt.step();
                if ((b / batch) % 50 == 0)
                    reportProgress(progress, (e + double(b) / n) / epochs,
                                   "Training the reference classifier");
            }
        }
        d.net->eval();
    } catch (const c10::Error &e) {
        return makeError(std::string("classifier training failed: ") + e.what_without_backtrace());
    }
    return rc;
}

Result<void> ReferenceClassifier::save(const std::filesystem::path &path) const
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto &p : m_impl->net->named_parameters())
        tensors.emplace_back(p.key(), p.value());
    Json shape;
    shape["channels"] = m_impl->channels;
    shape["height"] = m_impl->height;
    shape["width"] = m_impl->width;
    shape["classes"] = m_impl->classes;
    return tensorfile::save(
        path, tensors,
        {{"format", "synset-studio/reference-classifier"}, {"shape", dumpJson(shape)}});
}

Result<std::unique_ptr<ReferenceClassifier>>
ReferenceClassifier::load(const std::filesystem::path &path)
{
    useAllCores();
    Result<tensorfile::Contents> c = tensorfile::load(path);
    if (!c)
        return makeError(c.error());
    if (c->metadata["format"] != "synset-studio/reference-classifier")
        return makeError(path.string() + ": not a reference classifier");
    Result<Json> shape = parseStoredJson(c->metadata["shape"]);
    if (!shape)
        return makeError(path.string() + ": bad shape");
    std::unique_ptr<ReferenceClassifier> rc(new ReferenceClassifier);
    rc->m_impl = std::make_unique<Impl>();
    Impl &d = *rc->m_impl;
    d.channels = json::int32(*shape, "channels", 1);
    d.height = json::int32(*shape, "height", 28);
    d.width = json::int32(*shape, "width", 28);
    d.classes = json::int32(*shape, "classes", 10);
    if (d.channels < 1 || d.channels > 16 || d.height < 4 || d.height > 4096 || d.width < 4 ||
        d.width > 4096 || d.classes < 1 || d.classes > 1'000'000)
        return makeError(path.string() + ": the classifier's sizes are out of range");
    try {
        d.net = Net(d.channels, d.height, d.width, d.classes);
        torch::NoGradGuard guard;
        for (auto &p : d.net->named_parameters()) {
            const auto it = c->tensors.find(p.key());
            if (it == c->tensors.end() || it->second.sizes() != p.value().sizes())
                return makeError(path.string() + ": tensor '" + p.key() +
                                 "' is missing or has the wrong shape");
            p.value().copy_(it->second);
        }
        d.net->eval();
    } catch (const c10::Error &e) {
        return makeError(path.string() + ": " + e.what_without_backtrace());
    }
    return rc;
}

void ReferenceClassifier::classify(const std::vector<uint8_t> &pixels, size_t count,
                                   std::vector<int> &predictions, std::vector<float> *features,
                                   std::vector<float> *probabilities) const
{
    torch::InferenceMode guard;
    Impl &d = *m_impl; // LibTorch modules have no const forward
    predictions.clear();
    if (features)
        features->clear();
    if (probabilities)
        probabilities->clear();
    for (size_t b = 0; b < count; b += 512) {
        const size_t n = std::min<size_t>(512, count - b);
        const torch::Tensor x = toInput(pixels, b, n, d.channels, d.height, d.width);
        const torch::Tensor f = d.net->features(x);
        const torch::Tensor logits = d.net->head(f);
        const torch::Tensor pred = logits.argmax(1);
        for (int64_t i = 0; i < int64_t(n); ++i)
            predictions.push_back(int(pred[i].item<int64_t>()));
        if (features) {
            const torch::Tensor fc = f.contiguous();
            features->insert(features->end(), fc.data_ptr<float>(),
                             fc.data_ptr<float>() + fc.numel());
        }
        if (probabilities) {
            const torch::Tensor p = torch::softmax(logits, 1).contiguous();
            probabilities->insert(probabilities->end(), p.data_ptr<float>(),
                                  p.data_ptr<float>() + p.numel());
        }
    }
}

double frechetDistance(const std::vector<float> &a, const std::vector<float> &b, int dim)
{
    return curation::frechetDistance(a, b, dim);
}

} // namespace synset
