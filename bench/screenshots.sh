#!/usr/bin/env bash
# Screenshots of every panel in English and German, for the README and docs/screenshots.
#
#   bench/screenshots.sh BUILD_DIR [OUT_DIR] [WORK_DIR]
#
# Builds a small Fashion-MNIST project in WORK_DIR (once; kept for the next call): the real data,
# a 30-image-per-class generation job with the shipped generator, quality scores, a few reviews,
# two one-epoch runs (real 10 %, and real 10 % + the generated images), robustness figures for
# both, and a small experiment (real 10 % and 100 %, guidance 0, 1 and 1.5); then opens synset-studio under a virtual display (xvfb-run) on each panel in turn, in
# English and in German, and writes OUT_DIR/{en,de}/PANEL.png (default docs/screenshots).
# Needs xvfb, xdotool and ImageMagick's import. Not part of CI: about 5 minutes on 2 cores the
# first time (the project), 2 minutes after.
set -euo pipefail

build=$(cd "${1:?usage: screenshots.sh BUILD_DIR [OUT_DIR] [WORK_DIR]}" && pwd)
out=${2:-docs/screenshots}
work=${3:-${TMPDIR:-/tmp}/synset-screenshots}
cli=$build/app/cli/synset-cli
gui=$build/app/gui/synset-studio
project=$work/fashion
fashion=${SYNSET_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "screenshots.sh needs $tool" >&2; exit 2; }
done

make_experiment() {
    "$cli" experiment --project "$project" --prefix toy --per-class 30 --sweep-per-class 30 \
        --sweep 0,1 --guidance 1.5 --fractions 0.1,1 --budget 12000 --sample-steps 10 \
        --filter-per-class 15 --width 16 >/dev/null
}

make_project() {
    [[ -f $project/project.db ]] && return
    mkdir -p "$work"
    "$cli" project create "$project" --classes fashion-mnist
    "$cli" import --project "$project" "$fashion"
    "$cli" generate --project "$project" --classes all --per-class 30 --job fm-30 --seed 1
    "$cli" train --project "$project" --name real10 --model cnn --real-fraction 0.1 \
        --synthetic none --epochs 1 --seed 1
    "$cli" train --project "$project" --name mix10 --model cnn --real-fraction 0.1 \
        --synthetic all --epochs 1 --seed 1
    "$cli" score --project "$project" --reference real10
    "$cli" filter --project "$project" --rule "self_confidence>=0.5"
    for run in real10 mix10; do
        "$cli" robustness --project "$project" --run "$run" --corruption-images 10 \
            --adversarial-images 10 --suite corruptions,adversarial,representation
    done
}

# One panel in one language: the window at 1500x950, a few seconds for thumbnails and plots.
shoot() {
    local lang=$1 panel=$2 file=$3 extra=${4:-}
    xvfb-run -a -s "-screen 0 1500x950x24" bash -c '
        "$0" --language "$1" --panel "$2" --synset n04489008 "$3" &
        app=$!
        window=$(xdotool search --sync --onlyvisible --name "Synset Studio" | head -1)
        xdotool windowmove "$window" 0 0 windowsize "$window" 1500 950
        sleep 6
        # No window manager under xvfb: focus the window by hand before the shortcut.
        if [[ -n $5 ]]; then xdotool windowfocus --sync "$window" key ctrl+Return; sleep "$5"; fi
        import -window root "$4"
        kill "$app"; wait "$app" || true' "$gui" "$lang" "$panel" "$project" "$file" "$extra"
}

make_project
make_experiment # quick when it is there already
for lang in en de; do
    mkdir -p "$out/$lang"
    for panel in prompt samples generation review training failures robustness experiment; do
        wait_after_keys=""
        [[ $panel == samples ]] && wait_after_keys=10 # the grid is sampled live (3 s)
        shoot "$lang" "$panel" "$out/$lang/$panel.png" "$wait_after_keys"
        echo "$out/$lang/$panel.png"
    done
done
