// The ranks of a data-parallel run, over PyTorch's c10d: a TCPStore rendezvous (hosted by rank 0,
// or by torchrun's agent), then a Gloo (CPU) or NCCL (CUDA) process group. The only file that
// names c10d, so that the differences between LibTorch 1.13 and 2.x stay in Distributed.cpp.
// Every collective has the options' timeout and turns c10d's exceptions (a rank gone, a timeout)
// into an error that says which rank failed and why. Internal to the tensor library.
#pragma once

#include "Classifier.h"

#include "common/Result.h"

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace torch::nn {
class BatchNorm2dImpl;
}

namespace synset::classifier {

class Collective
{
public:
    // Meets the other ranks (every rank calls it); device: where the tensors live (CPU for Gloo,
    // CUDA for NCCL).
    static Result<std::unique_ptr<Collective>> connect(const DistributedOptions &options,
                                                       torch::Device device);
    ~Collective();

    int rank() const { return m_options.rank; }
    int size() const { return m_options.worldSize; }

    // Rank 0's values into every rank's tensors, in place.
    Result<void> broadcast(const std::vector<torch::Tensor> &tensors);
    // The sum over the ranks, in place; the tensors go as a few flat buckets.
    Result<void> allReduceSum(const std::vector<torch::Tensor> &tensors);
    Result<void> barrier();

private:
    struct Impl;
    explicit Collective(const DistributedOptions &options, std::unique_ptr<Impl> impl);
    DistributedOptions m_options;
    std::unique_ptr<Impl> m_impl;
};

// BatchNorm in training mode with its statistics over every rank's part of the batch
// (SyncBatchNorm): the forward sums each channel's count, sum and sum of squares over the ranks,
// the backward the gradient terms, so the result is the one batch norm of the whole batch would
// give. Running statistics are updated from the global ones.
torch::Tensor syncBatchNorm(torch::nn::BatchNorm2dImpl &norm, const torch::Tensor &x,
                            Collective &collective);

// While alive on a thread, the networks' BatchNorm layers in training mode synchronise over this
// collective.
class SyncBatchNormScope
{
public:
    explicit SyncBatchNormScope(Collective *collective);
    ~SyncBatchNormScope();
    static Collective *current();

private:
    Collective *m_previous;
};

} // namespace synset::classifier
