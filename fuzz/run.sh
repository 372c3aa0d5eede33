#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each: first over fuzz/regressions/TARGET
# (every crash found so far, which must stay fixed), then fuzzing from seeds taken from tests/data,
# resources/, the installed WordNet and Fashion-MNIST, and fuzz/seeds/. A crash fails the run;
# the input is kept as BUILD/crashes/TARGET-*, to be added to fuzz/regressions/TARGET.
#   fuzz/run.sh BUILD SECONDS [TARGET...]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD SECONDS [TARGET...]}" && pwd)
seconds=${2:?usage: run.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(safetensors ldm_keys sd_configs stored_json idx png_text wordnet wnid_list
             prompt_template clip_tokenizer import_names)
fi
wordnet=${SYNSET_WORDNET_DIR:-/usr/share/wordnet}
mnist=/usr/share/datasets/fashion-mnist

# The JSON header of a safetensors file.
header() {
    local n
    n=$(od -An -t u8 -N8 "$1" | tr -d ' ')
    dd if="$1" iflag=skip_bytes,count_bytes skip=8 count="$n" status=none
}

make_seeds() { # TARGET DIR
    local t=$1 dir=$2 f i=0
    mkdir -p "$dir"
    [[ -d $root/fuzz/seeds/$t ]] && cp "$root/fuzz/seeds/$t"/* "$dir"/
    case $t in
    safetensors|ldm_keys)
        for f in "$root"/tests/data/sd/*.safetensors "$root"/tests/data/sd/tiny-sd/*/*.safetensors \
                 "$root"/resources/models/*.safetensors; do
            header "$f" > "$dir/header-$((i++)).json"
        done ;;
    sd_configs)
        local sd=$root/tests/data/sd/tiny-sd
        { cat "$sd/model_index.json"; printf '\n====\n'; cat "$sd/unet/config.json"
          printf '\n====\n'; cat "$sd/vae/config.json"; printf '\n====\n'
          cat "$sd/text_encoder/config.json"; printf '\n====\n'
          cat "$sd/scheduler/scheduler_config.json"; } > "$dir/tiny-sd.txt" ;;
    idx)
        for f in "$mnist"/t10k-labels-idx1-ubyte.gz "$mnist"/t10k-images-idx3-ubyte.gz; do
            { gzip -dc "$f" || true; } | head -c 3200 > "$dir/plain-$i" # gzip ends on SIGPIPE
            gzip -c "$dir/plain-$i" > "$dir/gzip-$((i++))"
        done ;;
    wordnet)
        { head -c 20000 "$wordnet/data.noun"; printf '\n====\n'; head -c 20000 "$wordnet/index.noun"; } \
            > "$dir/head.txt" ;;
    wnid_list)
        head -n 50 "$root/resources/classlists/imagenet100_wnids.txt" > "$dir/imagenet100.txt"
        head -n 50 "$root/resources/classlists/imagenet1k_clip_names.tsv" > "$dir/clip-names.tsv" ;;
    prompt_template)
        head -n 20 "$root/resources/prompts/clip_templates.txt" > "$dir/clip.txt" ;;
    clip_tokenizer)
        head -n 40 "$root/resources/prompts/clip_templates.txt" > "$dir/templates.txt" ;;
    esac
}

failed=()
for t in "${targets[@]}"; do
    exe=$build/fuzz_$t
    work=$build/fuzz-work/$t
    mkdir -p "$work/corpus" "$build/crashes"
    make_seeds "$t" "$work/seeds"
    regressions=$root/fuzz/regressions/$t
    opts=(-timeout=10 -rss_limit_mb=2560 -max_len=65536 -artifact_prefix="$build/crashes/$t-")
    if [[ -d $regressions ]] && ! "$exe" "${opts[@]}" "$regressions"/* > "$work/regressions.log" 2>&1; then
        echo "fuzz_$t: a regression input crashes again (see $work/regressions.log)"
        failed+=("$t")
        continue
    fi
    if "$exe" "${opts[@]}" -max_total_time="$seconds" -print_final_stats=1 \
             "$work/corpus" "$work/seeds" > "$work/fuzz.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" | grep -o '[0-9]*$')
        cov=$(grep -o 'cov: [0-9]*' "$work/fuzz.log" | tail -n 1 | grep -o '[0-9]*')
        echo "fuzz_$t: ${runs:-?} inputs in ${seconds} s, coverage ${cov:-?} edges, no crash"
    else
        echo "fuzz_$t: CRASH (see $work/fuzz.log; input in $build/crashes/)"
        grep -m 3 -E 'ERROR|runtime error|SUMMARY' "$work/fuzz.log" || true
        failed+=("$t")
    fi
done
if ((${#failed[@]})); then
    echo "fuzz targets that failed: ${failed[*]}" >&2
    exit 1
fi
