// Which rank of a data-parallel run this process is, from its launcher's environment, the
// conventions PyTorch's users already launch with: torchrun (RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT, and the store its agent hosts: TORCHELASTIC_USE_AGENT_STORE,
// TORCHELASTIC_RESTART_COUNT), or Slurm's srun (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, the
// master being the first host of the step's node list, at MASTER_PORT or a port of the job's
// own).
#pragma once

#include "common/Result.h"
#include "training/Classifier.h"

#include <string>

namespace synset {

// The options for backend ("gloo", "nccl"); an error names what is missing or malformed. Without
// any launcher, a world of one.
Result<DistributedOptions> distributedFromEnvironment(const std::string &backend);

} // namespace synset
