#!/usr/bin/env bash
# The real + synthetic mix with a generator trained on a GPU, in two steps that each fit in one
# device call (10 minutes). Needs what gpu_figures.sh needs, and the packaged Fashion-MNIST .gz
# files in FM-DIR (carry them: GPU machines have no Debian packages).
#   bench/gpu_mix.sh generator FM-DIR OUT-DIR [SECONDS [CHANNELS [BLOCKS [MULT]]]]
#       builds, trains a generator for SECONDS (330) on all 60,000 training images, writes it to
#       OUT-DIR/generator.safetensors and a 10x10 sample grid for w = 1, 2 and 4
#   bench/gpu_mix.sh mix FM-DIR OUT-DIR GENERATOR [GUIDANCES [COUNTS]]
#       ResNet-18 (width 32, 480,000 images a run) on real 10% alone, then with COUNTS (1000,3000)
#       generated images a class at each of GUIDANCES (1,2)
# Both sample with DDIM at eta 1 (stochastic): deterministic DDIM leaves speckle on many images.
set -uo pipefail
cd "$(dirname "$0")/.."
step=${1:?generator or mix}
fm=${2:?folder of the Fashion-MNIST .gz files}
out=${3:?output folder}
mkdir -p "$out" /tmp/fm
for f in "$fm"/*-ubyte.gz; do
    [[ -f /tmp/fm/$(basename "$f" .gz) ]] || gunzip -c "$f" >"/tmp/fm/$(basename "$f" .gz)" || exit 1
done
bench/gpu_figures.sh "$out" --build-only || exit 1
mix=${SYNSET_GPU_BUILD:-/tmp/synset-gpu-build}/bench/mix_experiment
sampling=(--steps 25 --eta 1)

case $step in
generator)
    "$mix" --idx /tmp/fm --device cuda --generator "$out/generator.safetensors" \
        --generator-seconds "${4:-330}" --generator-channels "${5:-48}" \
        --generator-blocks "${6:-2}" --generator-mult "${7:-1,2,2}" --generator-batch 256 \
        --generator-lr 0.0006 --runs none --grid "$out/grid" --guidance 1,2,4 \
        "${sampling[@]}" 2>&1 |
        tee "$out/generator.log"
    ;;
mix)
    "$mix" --idx /tmp/fm --device cuda --generator "${4:?generator file}" --runs real,mix \
        --guidance "${5:-1,2}" --synthetic-per-class "${6:-1000,3000}" "${sampling[@]}" 2>&1 |
        tee "$out/mix.log"
    ;;
*)
    echo "gpu_mix.sh: the first argument is generator or mix" >&2
    exit 2
    ;;
esac
