#!/usr/bin/env bash
# On a GPU machine that has CUDA, CMake and a Python torch (whose wheel carries LibTorch) but no
# Qt, OpenCV or SQLite: builds the tensor library alone (SYNSET_TENSOR_ONLY) against that
# LibTorch, checks the Stable Diffusion conformance on CUDA, and prints the GPU figures of the
# docs/benchmarks.md (bench_sd, the eager-PyTorch baseline, bench_diffusion, bench_training).
#   bench/gpu_figures.sh [LOG-FOLDER [--build-only]]
# JSON is nlohmann-json's header: copy /usr/include/nlohmann to build-gpu-include/nlohmann here
# and carry build-gpu-include (or set SYNSET_JSON_INCLUDE to a folder that holds nlohmann/).
set -uo pipefail
cd "$(dirname "$0")/.."
logs=${1:-/tmp/synset-gpu}
build=${SYNSET_GPU_BUILD:-/tmp/synset-gpu-build}
mkdir -p "$logs"
torch_dir=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)') || exit 1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda)'

if [[ ! -f $build/build.ninja ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNSET_TENSOR_ONLY=ON \
        -DCMAKE_PREFIX_PATH="$torch_dir" \
        -DSYNSET_JSON_INCLUDE="${SYNSET_JSON_INCLUDE:-$PWD/build-gpu-include}" >"$logs/cmake.log" 2>&1 || {
        tail -40 "$logs/cmake.log"
        exit 1
    }
fi
targets=(sd_conformance bench_sd bench_diffusion bench_training mix_experiment ddp_check)
if ! ninja -C "$build" -k 0 "${targets[@]}" >"$logs/build.log" 2>&1; then
    grep -B2 -A8 'error' "$logs/build.log" | head -60
    # The allocator statistics are the only CUDA-specific API bench_sd uses: retry without them.
    cmake "$build" -DSYNSET_CUDA_MEMORY_STATS=OFF >>"$logs/cmake.log" 2>&1
    ninja -C "$build" "${targets[@]}" >>"$logs/build.log" 2>&1 || exit 1
fi

[[ ${2:-} == --build-only ]] && exit 0

run() {
    echo "== $*"
    "$@" 2>&1 | tee -a "$logs/figures.log"
}
run "$build/bench/sd_conformance" --device cuda
run "$build/bench/bench_sd" --device cuda --batches 1,4,8
run "$build/bench/bench_sd" --device cuda --batches 1,4,8 --channels-last
run "$build/bench/bench_sd" --device cuda --batches 1,8 --channels-last --cudnn-benchmark
run "$build/bench/bench_sd" --device cuda --batches 1 --fp32
run python3 bench/sd15_eager.py --batches 1,4,8
run python3 bench/sd15_eager.py --batches 1,4,8 --channels-last
run "$build/bench/bench_diffusion" cuda
run "$build/bench/bench_training" cuda
# ResNet-50 at 224 px through the streamed loader (issue 26): the rate the GPU takes and the data
# wait with 4, 8 and all-but-one decode threads.
for threads in 4 8 0; do
    run "$build/bench/bench_training" --imagenet cuda "$threads" 256 40
done

# Data parallel on CUDA (issue 27): one process at batch 64 against two ranks at 32 each, with
# SyncBatchNorm; every step's loss must agree to 1e-4. NCCL needs a GPU per rank (it refuses two
# ranks on one device), so on a one-GPU machine the two ranks go over Gloo with CUDA tensors and
# NCCL runs a world of one.
ddp() { # BACKEND WORLD OUT
    local port=$((29700 + RANDOM % 200)) r
    for ((r = 1; r < $2; ++r)); do
        RANK=$r LOCAL_RANK=$((r % gpus)) WORLD_SIZE=$2 MASTER_PORT=$port \
            "$build/bench/ddp_check" cuda "$1" >/dev/null 2>>"$logs/ddp.log" &
    done
    RANK=0 LOCAL_RANK=0 WORLD_SIZE=$2 MASTER_PORT=$port "$build/bench/ddp_check" cuda "$1" >"$3" 2>>"$logs/ddp.log"
    wait
}
compare() { # A B
    paste "$1" "$2" | awk '{d = $2 - $4; if (d < 0) d = -d; if (d > m) m = d}
        END {printf "%d steps, largest loss difference %.2g: %s\n", NR, m, (NR > 0 && m < 1e-4) ? "PASS" : "FAIL"}'
}
gpus=$(nvidia-smi -L | wc -l)
echo "== data parallel on CUDA ($gpus GPU(s))" | tee -a "$logs/figures.log"
"$build/bench/ddp_check" cuda >"$logs/ddp-one.txt" 2>>"$logs/ddp.log"
ddp gloo 2 "$logs/ddp-gloo2.txt"
echo "gloo, 2 ranks on CUDA tensors: $(compare "$logs/ddp-one.txt" "$logs/ddp-gloo2.txt")" | tee -a "$logs/figures.log"
if ((gpus >= 2)); then
    ddp nccl 2 "$logs/ddp-nccl2.txt"
    echo "nccl, 2 ranks on 2 GPUs: $(compare "$logs/ddp-one.txt" "$logs/ddp-nccl2.txt")" | tee -a "$logs/figures.log"
else
    ddp nccl 1 "$logs/ddp-nccl1.txt"
    echo "nccl, a world of one: $(compare "$logs/ddp-one.txt" "$logs/ddp-nccl1.txt")" | tee -a "$logs/figures.log"
fi
