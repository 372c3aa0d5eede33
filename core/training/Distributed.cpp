#include "Distributed.h"

#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if defined(SYNSET_WITH_GLOO)
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#include <torch/nn/modules/batchnorm.h>
#include <torch/version.h>
#if defined(SYNSET_WITH_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <cstdlib>
#include <stdexcept>

namespace synset::classifier {

namespace {

// LibTorch 2 split the process group into a front (ProcessGroup) and its backends; the Gloo and
// NCCL classes are backends there and process groups in 1.13. Their collectives are the same.
#if TORCH_VERSION_MAJOR >= 2
using Group = c10d::Backend;
#else
using Group = c10d::ProcessGroup;
#endif

constexpr int64_t kBucketElements = int64_t(1) << 22; // 16 MB of float32 a collective

thread_local Collective *t_syncNorm = nullptr;

std::string describe(const DistributedOptions &o)
{
    return "rank " + std::to_string(o.rank) + " of " + std::to_string(o.worldSize);
}

} // namespace

struct Collective::Impl
{
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<Group> group;
    std::chrono::milliseconds timeout{0};

    // Runs a collective and waits for it; c10d's exceptions become an error naming the rank.
    template<typename F> Result<void> run(const DistributedOptions &o, const char *what, F &&f)
    {
        try {
            c10::intrusive_ptr<c10d::Work> work = f();
            work->wait(timeout);
            return {};
        } catch (const std::exception &e) {
            const std::string message = e.what();
            return makeError(describe(o) + ": " + what + " with the other ranks failed (" +
                             message.substr(0, message.find('\n')) +
                             "); a rank has stopped, or cannot be reached");
        }
    }
};

Collective::Collective(const DistributedOptions &options, std::unique_ptr<Impl> impl)
    : m_options(options)
    , m_impl(std::move(impl))
{}

Collective::~Collective() = default;

Result<std::unique_ptr<Collective>> Collective::connect(const DistributedOptions &o,
                                                        torch::Device device)
{
    if (o.worldSize < 1 || o.rank < 0 || o.rank >= o.worldSize)
        return makeError("rank " + std::to_string(o.rank) + " is not in a world of " +
                         std::to_string(o.worldSize));
    if (o.backend == "nccl" && !device.is_cuda())
        return makeError("the NCCL backend needs CUDA devices; on the CPU use gloo");
    if (o.backend != "gloo" && o.backend != "nccl")
        return makeError("the distributed backend is gloo or nccl, not '" + o.backend + "'");
    auto impl = std::make_unique<Impl>();
    impl->timeout = std::chrono::seconds(std::max(1, o.timeoutSeconds));
    try {
        // Rank 0 hosts the store unless torchrun's agent does already.
        c10d::TCPStoreOptions so;
        so.port = uint16_t(o.masterPort);
        so.isServer = o.rank == 0 && !o.agentStore;
        if (!o.agentStore)
            so.numWorkers = size_t(o.worldSize);
        so.waitWorkers = false;
        so.timeout = impl->timeout;
        c10::intrusive_ptr<c10d::Store> store =
            c10::make_intrusive<c10d::TCPStore>(o.masterAddr, so);
        if (!o.storePrefix.empty())
            store = c10::make_intrusive<c10d::PrefixStore>(o.storePrefix, store);
        impl->store = c10::make_intrusive<c10d::PrefixStore>("synset-studio", store);
        if (o.backend == "gloo") {
#if defined(SYNSET_WITH_GLOO)
            auto options = c10d::ProcessGroupGloo::Options::create(impl->timeout);
            const char *ifname = std::getenv("GLOO_SOCKET_IFNAME");
            options->devices.push_back(
                ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                                  : c10d::ProcessGroupGloo::createDefaultDevice());
            impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, o.rank,
                                                                      o.worldSize, options);
#else
            return makeError("this build of Synset Studio has no Gloo (built without gloo's "
                             "headers: libgloo-dev)");
#endif
        } else {
#if defined(SYNSET_WITH_NCCL)
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = impl->timeout;
            impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl->store, o.rank,
                                                                      o.worldSize, options);
#else
            return makeError("this build of Synset Studio has no NCCL (its LibTorch has no "
                             "CUDA); use --distributed gloo");
#endif
        }
    } catch (const std::exception &e) {
        const std::string message = e.what();
        return makeError(describe(o) + ": cannot meet the other ranks at " + o.masterAddr + ":" +
                         std::to_string(o.masterPort) + " (" +
                         message.substr(0, message.find('\n')) + ")");
    }
    std::unique_ptr<Collective> c(new Collective(o, std::move(impl)));
    if (Result<void> r = c->barrier(); !r)
        return makeError(r.error());
    return c;
}

Result<void> Collective::broadcast(const std::vector<torch::Tensor> &tensors)
{
    for (const torch::Tensor &t : tensors) {
        std::vector<at::Tensor> one{t};
        c10d::BroadcastOptions bo;
        bo.rootRank = 0;
        if (Result<void> r = m_impl->run(m_options, "broadcasting the weights",
                                         [&] { return m_impl->group->broadcast(one, bo); });
            !r)
            return r;
    }
    return {};
}

Result<void> Collective::allReduceSum(const std::vector<torch::Tensor> &tensors)
{
    // Buckets of tensors of one type and device, flattened into one collective each.
    size_t i = 0;
    while (i < tensors.size()) {
        size_t j = i;
        int64_t elements = 0;
        std::vector<torch::Tensor> flat;
        while (j < tensors.size() && (j == i || (elements + tensors[j].numel() <= kBucketElements &&
                                                 tensors[j].dtype() == tensors[i].dtype() &&
                                                 tensors[j].device() == tensors[i].device()))) {
            elements += tensors[j].numel();
            flat.push_back(tensors[j].reshape({-1}));
            ++j;
        }
        std::vector<at::Tensor> bucket{torch::cat(flat)};
        if (Result<void> r = m_impl->run(m_options, "summing the gradients",
                                         [&] { return m_impl->group->allreduce(bucket); });
            !r)
            return r;
        int64_t offset = 0;
        for (size_t k = i; k < j; ++k) {
            const int64_t n = tensors[k].numel();
            tensors[k].copy_(bucket[0].narrow(0, offset, n).view_as(tensors[k]));
            offset += n;
        }
        i = j;
    }
    return {};
}

Result<void> Collective::barrier()
{
    return m_impl->run(m_options, "meeting", [&] { return m_impl->group->barrier(); });
}

// ---- SyncBatchNorm ------------------------------------------------------------------------------

namespace {

torch::Tensor channelView(const torch::Tensor &v)
{
    return v.view({1, -1, 1, 1});
}

// Sums over the ranks inside autograd: a failure cannot return, so it throws (and training turns
// it into its error).
void sumOverRanks(Collective &c, const torch::Tensor &t)
{
    if (Result<void> r = c.allReduceSum({t}); !r)
        throw std::runtime_error(r.error());
}

struct SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction>
{
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext *ctx,
                                                  torch::Tensor x, torch::Tensor weight,
                                                  torch::Tensor bias, torch::Tensor runningMean,
                                                  torch::Tensor runningVar, double momentum,
                                                  double eps, int64_t collective)
    {
        Collective &c = *reinterpret_cast<Collective *>(collective);
        const int64_t channels = x.size(1);
        const torch::Tensor x64 = x.to(torch::kFloat64);
        torch::Tensor stats = torch::cat(
            {x64.sum({0, 2, 3}), x64.pow(2).sum({0, 2, 3}),
             torch::full({1}, double(x.numel() / std::max<int64_t>(1, channels)), x64.options())});
        sumOverRanks(c, stats);
        const double n = stats[2 * channels].item<double>();
        const torch::Tensor mean64 = stats.narrow(0, 0, channels) / std::max(1.0, n);
        const torch::Tensor var64 =
            (stats.narrow(0, channels, channels) / std::max(1.0, n) - mean64.pow(2)).clamp_min(0);
        const torch::Tensor mean = mean64.to(x.scalar_type());
        const torch::Tensor invstd = (var64 + eps).rsqrt().to(x.scalar_type());
        if (runningMean.defined() && n > 1) {
            runningMean.mul_(1 - momentum).add_(mean, momentum);
            runningVar.mul_(1 - momentum)
                .add_((var64 * (n / (n - 1))).to(x.scalar_type()), momentum);
        }
        const torch::Tensor y =
            (x - channelView(mean)) * channelView(invstd * weight) + channelView(bias);
        ctx->save_for_backward({x, weight, mean, invstd});
        ctx->saved_data["collective"] = collective;
        ctx->saved_data["n"] = n;
        return {y};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &x = saved[0], &weight = saved[1], &mean = saved[2], &invstd = saved[3];
        Collective &c = *reinterpret_cast<Collective *>(ctx->saved_data["collective"].toInt());
        const double n = ctx->saved_data["n"].toDouble();
        const torch::Tensor dy = grads[0];
        const torch::Tensor xmu = x - channelView(mean);
        const torch::Tensor sumDy = dy.sum({0, 2, 3});
        const torch::Tensor sumDyXmu = (dy * xmu).sum({0, 2, 3});
        // Weight and bias: this rank's part; the gradients' sum over the ranks adds the rest.
        const torch::Tensor gradWeight = sumDyXmu * invstd;
        const torch::Tensor gradBias = sumDy;
        torch::Tensor global = torch::cat({sumDy, sumDyXmu});
        sumOverRanks(c, global);
        const int64_t channels = x.size(1);
        const torch::Tensor gDy = global.narrow(0, 0, channels);
        const torch::Tensor gDyXmu = global.narrow(0, channels, channels);
        const torch::Tensor gradX =
            channelView(weight * invstd / n) *
            (dy * n - channelView(gDy) - xmu * channelView(invstd.pow(2) * gDyXmu));
        return {gradX,           gradWeight,      gradBias,        torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor syncBatchNorm(torch::nn::BatchNorm2dImpl &norm, const torch::Tensor &x,
                            Collective &collective)
{
    const auto &o = norm.options;
    const double momentum = o.momentum().value_or(0.1);
    {
        torch::NoGradGuard guard;
        norm.num_batches_tracked.add_(1);
    }
    return SyncBatchNormFunction::apply(x, norm.weight, norm.bias, norm.running_mean,
                                        norm.running_var, momentum, o.eps(),
                                        reinterpret_cast<int64_t>(&collective))[0];
}

SyncBatchNormScope::SyncBatchNormScope(Collective *collective)
    : m_previous(t_syncNorm)
{
    t_syncNorm = collective;
}

SyncBatchNormScope::~SyncBatchNormScope()
{
    t_syncNorm = m_previous;
}

Collective *SyncBatchNormScope::current()
{
    return t_syncNorm;
}

} // namespace synset::classifier
