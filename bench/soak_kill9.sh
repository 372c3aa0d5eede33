#!/usr/bin/env bash
# kill -9 soak: SIGKILL synset-cli at random moments of import, generate, train, experiment,
# score, filter, review and export, and check after every kill that nothing was lost.
#
#   bench/soak_kill9.sh BUILD_DIR [KILLS] [WORK_DIR]
#
# First every step runs once without interruption on copies of one small Fashion-MNIST project;
# what those make is the reference. Then each step runs again on a fresh copy and is killed at a
# random moment within the time it took (uniform), then run again the way a user would (the same
# command, or 'train --resume'), until its share of the KILLS (100 by default) is spent. After
# every kill:
#   - 'synset-cli project check' (SQLite's integrity and foreign-key checks) passes,
#   - the project opens ('project info'),
#   - every review committed before is still there, and a killed review command either happened
#     whole or not at all.
# Each copy that runs to its end must end with exactly what the reference made: the same PNG
# bytes, the same evaluation metrics, the same experiment tables (less wall-clock seconds), the
# same scores, reviews and exported files.
# Not part of the default CI run (it takes about half an hour on 2 cores). SOAK_SEED picks the
# kill moments (default 1). Exit status 0 when every check held.
set -euo pipefail
export LC_ALL=C

build=${1:?usage: soak_kill9.sh BUILD_DIR [KILLS] [WORK_DIR]}
kills_wanted=${2:-100}
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/synset-soak.XXXXXX")}
cli=$(cd "$build" && pwd)/app/cli/synset-cli
fashion=${SYNSET_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
RANDOM=${SOAK_SEED:-1}
[[ -x $cli ]] || { echo "no synset-cli in $build/app/cli" >&2; exit 2; }
mkdir -p "$work"
cd "$work"

failures=0
say() { printf '%s\n' "$*" >&2; }
problem() {
    say "PROBLEM: $*"
    failures=$((failures + 1))
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The commands, as arrays filled by each step's function for a project P and an instance I.
gen_args=(--classes all --per-class 6 --steps 8 --batch 4 --seed 11)
train_args=(--model cnn --width 8 --real-fraction 0.005 --synthetic none --epochs 6 --batch 50
            --seed 3)
experiment_args=(--per-class 4 --sweep-per-class 3 --sweep 0,2 --guidance 2 --fractions 0.01,0.02
                 --budget 1200 --sample-steps 2 --width 8 --augment light --filter-rule "")
score_args=(--reference tr1 --json)
filter_args=(--rule "self_confidence>=0.15" --keep-top 3 --drop-duplicates)

command_for() { # STEP PROJECT INSTANCE -> cmd=(...), the form that starts or resumes the work
    local step=$1 p=$2 i=$3
    case $step in
    import) cmd=("$cli" import --project "$p" "$fashion") ;;
    generate) cmd=("$cli" generate --project "$p" "${gen_args[@]}" --job "gen$i") ;;
    train)
        local listed
        listed=$("$cli" train --project "$p" --list 2>/dev/null | grep "^run tr$i:" || true)
        if [[ $listed == *": done,"* ]]; then
            cmd=("$cli" train --project "$p" --list) # killed after it finished: nothing to do
        elif [[ -n $listed ]]; then
            cmd=("$cli" train --project "$p" --resume "tr$i")
        else
            cmd=("$cli" train --project "$p" --name "tr$i" "${train_args[@]}")
        fi
        ;;
    experiment) cmd=("$cli" experiment --project "$p" "${experiment_args[@]}" --prefix toy) ;;
    score) cmd=("$cli" score --project "$p" "${score_args[@]}") ;;
    filter) cmd=("$cli" filter --project "$p" "${filter_args[@]}") ;;
    review) cmd=("$cli" review --project "$p" --reject "${review_ids[@]}") ;;
    export) cmd=("$cli" export --project "$p" "$work/out-$p" --with-real --real-split test) ;;
    esac
}

# What a finished step made, in a form that compares byte for byte with the reference.
outcome() { # STEP PROJECT INSTANCE
    local step=$1 p=$2 i=$3
    case $step in
    import) "$cli" project info "$p" --json | grep -v '"path":' ;;
    generate) (cd "$p/data/synthetic/gen$i" && find . -name '*.png' | sort | xargs sha256sum) ;;
    train) "$cli" eval --project "$p" --run "tr$i" --json | grep -v '"run":' ;;
    experiment)
        cat "$p/experiments/toy.md"
        cut -d, -f1-9 "$p/experiments/toy.csv" # all but the seconds
        ;;
    score | filter | review) curation_state "$p" ;;
    export) (cd "$work/out-$p" && find . -type f | sort | xargs sha256sum) ;;
    esac
}

# Scores and review states of every generated image, through a full export's manifest.
curation_state() {
    local out="$work/state-$1"
    rm -rf "$out"
    "$cli" export --project "$1" "$out" >/dev/null 2>&1
    cat "$out/manifest.csv"
    rm -rf "$out"
}

reviews() { "$cli" review --project "$1" --list; }

# --- The reference: every step once, uninterrupted ---------------------------------------------
declare -A seconds reference base
say "reference run in $work"
run_reference() { # STEP PROJECT [INSTANCE]
    local step=$1 p=$2 i=${3:-1} t
    command_for "$step" "$p" "$i"
    t=$(now)
    "${cmd[@]}" >/dev/null 2>"$work/ref-$step.err" || {
        say "reference $step failed: $(tail -1 "$work/ref-$step.err")"
        exit 1
    }
    seconds[$step]=$(elapsed "$t")
    reference[$step]=$(outcome "$step" "$p" "$i")
    say "  $step: ${seconds[$step]} s"
}
"$cli" project create empty --classes fashion-mnist >/dev/null
cp -a empty ref-import
run_reference import ref-import
cp -a ref-import imported
cp -a imported ref-work
run_reference generate ref-work
run_reference train ref-work
cp -a imported ref-experiment
run_reference experiment ref-experiment
cp -a ref-work trained
run_reference score ref-work
cp -a ref-work scored
run_reference filter ref-work
cp -a ref-work filtered
# The review step rejects a handful of generated images in one command.
mapfile -t review_ids < <("$cli" export --project ref-work "$work/ids" >/dev/null 2>&1 &&
    tail -n +2 "$work/ids/manifest.csv" | head -12 | cut -d, -f1 | sed 's/.*_\([0-9]*\)\.png/\1/')
rm -rf "$work/ids"
run_reference review ref-work
cp -a ref-work reviewed
run_reference export ref-work

# --- The soak -----------------------------------------------------------------------------------
steps=(import generate train experiment score filter review export)
declare -A share=([import]=12 [generate]=16 [train]=16 [experiment]=16 [score]=10 [filter]=10
                  [review]=10 [export]=10)
base=([import]=empty [generate]=imported [train]=imported [experiment]=imported [score]=trained
      [filter]=scored [review]=filtered [export]=reviewed)
for step in "${steps[@]}"; do # the shares scaled to KILLS, one at least
    share[$step]=$(((share[$step] * kills_wanted + 50) / 100))
    ((share[$step] > 0)) || share[$step]=1
done
declare -A killed finished
total=0

check_after_kill() { # STEP PROJECT REVIEWS-BEFORE
    local step=$1 p=$2 before=$3 after
    "$cli" project check "$p" >/dev/null 2>"$work/check.err" ||
        problem "$step: project check failed after a kill: $(tail -1 "$work/check.err")"
    "$cli" project info "$p" >/dev/null 2>"$work/check.err" ||
        problem "$step: the project does not open after a kill: $(tail -1 "$work/check.err")"
    after=$(reviews "$p")
    if [[ $after != "$before" ]]; then
        # A review command that was killed happened whole or not at all; nothing else changed.
        local added
        added=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep -c . || true)
        if ! comm -23 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep -q . &&
            [[ ($step == review || $step == filter || $step == experiment) && $added -le 1 ]]; then
            :
        else
            problem "$step: reviews changed by a kill: before [$before] after [$after]"
        fi
    fi
}

for step in "${steps[@]}"; do
    killed[$step]=0
    finished[$step]=0
    instance=0
    live=""
    while ((killed[$step] < share[$step])) || [[ -n $live ]]; do
        if [[ -z $live ]]; then
            instance=$((instance + 1))
            live="soak-$step-$instance"
            rm -rf "$live" "$work/out-$live"
            cp -a "${base[$step]}" "$live"
        fi
        # The reference's own instance number keeps names equal where the output holds them.
        command_for "$step" "$live" 1
        before=$(reviews "$live")
        "${cmd[@]}" >/dev/null 2>"$work/soak.err" &
        pid=$!
        if ((killed[$step] < share[$step])); then
            sleep "$(awk -v r=$RANDOM -v d="${seconds[$step]}" 'BEGIN { printf "%.3f", r / 32768 * d }')"
            kill -9 "$pid" 2>/dev/null || true
        fi
        rc=0
        wait "$pid" 2>/dev/null || rc=$?
        if ((rc == 137)); then
            killed[$step]=$((killed[$step] + 1))
            total=$((total + 1))
            check_after_kill "$step" "$live" "$before"
            continue
        fi
        if ((rc != 0)); then
            problem "$step: the run after a kill failed ($rc): $(tail -1 "$work/soak.err")"
            live=""
            continue
        fi
        if compgen -G "$work/.out-*.partial" >/dev/null; then
            problem "$step: an export finished and left its staging folder behind"
        fi
        got=$(outcome "$step" "$live" 1)
        if [[ $got != "${reference[$step]}" ]]; then
            problem "$step: $live ended with something other than the reference"
            diff <(printf '%s\n' "${reference[$step]}") <(printf '%s\n' "$got") | head -20 >&2 || true
        fi
        finished[$step]=$((finished[$step] + 1))
        rm -rf "$live" "$work/out-$live"
        live=""
    done
    say "  $step: ${killed[$step]} kills, ${finished[$step]} copies finished and compared"
done

say "kills: $total; problems: $failures; work folder: $work"
((failures == 0))
