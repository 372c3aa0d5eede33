// The data-parallel equivalence check without a project (for GPU machines that have LibTorch
// alone): a small CNN with SyncBatchNorm on random 28x28 images, trained for a few steps, each
// step's loss printed by rank 0. Run once as one process at batch B and once as W ranks (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT in the environment, as torchrun sets them) at the same B:
// the losses must agree to float tolerance (bench/gpu_figures.sh compares them).
//   ddp_check DEVICE [BACKEND] > losses.txt
#include "training/Classifier.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

using namespace synset;

namespace {

int envInt(const char *name, int fallback)
{
    const char *v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: ddp_check DEVICE [gloo|nccl]\n");
        return 2;
    }
    ImageSet data;
    data.channels = 1;
    data.height = data.width = 28;
    for (int k = 0; k < 10; ++k)
        data.classWnids.push_back("c" + std::to_string(k));
    std::mt19937 rng(7);
    const int n = 640;
    for (int i = 0; i < n; ++i) {
        data.labels.push_back(i % 10);
        for (int p = 0; p < 28 * 28; ++p)
            data.pixels.push_back(uint8_t((rng() % 64) + 19 * (i % 10)));
    }
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("ddp_check_" + std::to_string(envInt("RANK", 0)));
    std::filesystem::create_directories(dir);
    ClassifierTrainOptions o;
    o.model = "cnn";
    o.width = 8;
    o.epochs = 2;
    o.batchSize = 64;
    o.seed = 3;
    o.device = argv[1];
    o.checkpoint = dir / "check.ckpt";
    o.output = dir / "check.model";
    if (argc > 2) {
        DistributedOptions &d = o.distributed;
        d.backend = argv[2];
        d.rank = envInt("RANK", 0);
        d.worldSize = envInt("WORLD_SIZE", 1);
        d.localRank = envInt("LOCAL_RANK", 0);
        d.masterAddr = std::getenv("MASTER_ADDR") ? std::getenv("MASTER_ADDR") : "127.0.0.1";
        d.masterPort = envInt("MASTER_PORT", 29500);
        d.syncBatchNorm = true;
        d.timeoutSeconds = 120;
        if (o.device == "cuda")
            o.device = "cuda:" + std::to_string(d.localRank);
    }
    ClassifierTrainCallbacks cb;
    const bool leader = o.distributed.leader();
    cb.onStep = [&](const ClassifierStep &s) {
        if (leader)
            std::printf("%lld %.9g\n", static_cast<long long>(s.step), s.loss);
    };
    Result<ClassifierTrainReport> r = trainClassifier(data, nullptr, o, cb);
    if (!r) {
        std::fprintf(stderr, "ddp_check: %s\n", r.error().c_str());
        return 1;
    }
    return 0;
}
