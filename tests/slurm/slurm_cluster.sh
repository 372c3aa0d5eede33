#!/usr/bin/env bash
# A real Slurm on this machine (tests/slurm/local_slurm.sh): the generated array script of a tiny
# plan submitted as users submit it (submit.sh), one task requeued with scontrol while it runs,
# the merge job that waits for the array, and the merged images compared with the plan run
# unsharded; then "srun -n 2 synset-cli train --distributed gloo" on a tiny run. Every wait is
# bounded; the daemons are stopped at the end, whatever happens.
#   tests/slurm/slurm_cluster.sh SYNSET-CLI
set -uo pipefail
cli=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: starting slurmctld and slurmd needs root"
    exit 77
fi
for tool in slurmctld slurmd munged sbatch srun scontrol squeue; do
    command -v "$tool" >/dev/null || { echo "missing $tool (packaging/bootstrap.sh test installs it)"; exit 1; }
done
work=$(mktemp -d /tmp/synset-slurm.XXXXXX)
source "$here/local_slurm.sh"
trap 'slurm_stop; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; for f in "$work"/p/shards/tiny/logs/* "$work"/slurm/*.log; do [[ -f $f ]] && { echo "== $f"; tail -15 "$f"; }; done; exit 1; }

# Waits (at most $2 seconds) until the command $1 succeeds.
wait_for() {
    local what=$1 limit=$2 i
    for ((i = 0; i < limit * 4; ++i)); do
        eval "$what" && return 0
        sleep 0.25
    done
    return 1
}
job_state() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | head -1; }

slurm_start "$work/slurm" || fail "the local Slurm did not start"
"$cli" project create "$work/p" --classes fashion-mnist >/dev/null || fail "project create"
cp -r "$work/p" "$work/q"
plan_opts=(--classes n03595614,n04489008 --per-class 6 --batch 2 --steps 40 --seed 3)
"$cli" plan create --project "$work/p" --name tiny "${plan_opts[@]}" --shards 3 >/dev/null 2>&1 ||
    fail "plan create"
# One task at a time, so that the second is caught running and requeued.
out=$("$cli" slurm plan --project "$work/p" --name tiny --cli "$cli" --max-parallel 1 --submit) ||
    fail "slurm plan --submit: $out"
echo "$out"
array=$(echo "$out" | sed -n 's/^array \([0-9]*\):.*/\1/p')
merge=$(echo "$out" | sed -n 's/^merge \([0-9]*\):.*/\1/p')
[[ -n $array && -n $merge ]] || fail "no job ids in: $out"

# Requeued once it has made its first unit: it must go on from there.
wait_for "ls '$work/p/shards/tiny/1/units/'*.json >/dev/null 2>&1" 300 ||
    fail "task 1 never made a unit"
scontrol requeue "${array}_1" || fail "scontrol requeue"
echo "requeued ${array}_1"
# Slurm holds a requeued task back for a while (its begin time); let it start at once.
wait_for "[[ \$(job_state ${array}_1) == PENDING ]] && scontrol update JobId=${array}_1 StartTime=now" 60
wait_for "[[ \$(job_state $merge) == COMPLETED || \$(job_state $merge) == FAILED || \$(job_state $merge) == CANCELLED ]]" 600 ||
    fail "the merge job did not end (state $(job_state "$merge"))"
[[ $(job_state "$merge") == COMPLETED ]] || fail "merge job $(job_state "$merge")"
log=$work/p/shards/tiny/logs/${array}_1.out
grep -q "DUE TO JOB REQUEUE" "$log" || fail "task 1 was not requeued"
grep -Eq "^shard 1: [0-9]+ images made, [1-9][0-9]* made before" "$log" ||
    fail "task 1 did not go on from its first unit after the requeue"
status=$("$cli" plan status --project "$work/p" --name tiny --json)
echo "$status" | tr -d ' \n' | grep -q '"merged":\[0,1,2\]' || fail "not every shard merged: $status"

# The same plan unsharded, on this host.
"$cli" plan create --project "$work/q" --name tiny "${plan_opts[@]}" --shards 1 >/dev/null 2>&1 &&
    "$cli" plan run --project "$work/q" --name tiny --shard 0 >/dev/null 2>&1 &&
    "$cli" plan merge --project "$work/q" --name tiny >/dev/null 2>&1 || fail "the unsharded plan"
diff -r "$work/p/data/synthetic/tiny" "$work/q/data/synthetic/tiny" ||
    fail "the sharded images differ from the unsharded ones"
echo "plan over Slurm: 3 shards, one requeued, merged: the same 12 PNGs as unsharded"

# Data-parallel training: two ranks under srun, over Gloo.
"$cli" import --project "$work/p" /usr/share/datasets/fashion-mnist >/dev/null || fail "import"
timeout 600 srun -n 2 "$cli" train --project "$work/p" --name ddp --model cnn --width 8 \
    --real-fraction 0.01 --epochs 1 --batch 32 --seed 1 --device cpu --distributed gloo \
    > "$work/srun.log" 2>&1 || { cat "$work/srun.log"; fail "srun -n 2 train --distributed gloo"; }
grep -q "world of 2" "$work/srun.log" || { cat "$work/srun.log"; fail "the ranks did not meet"; }
"$cli" train --project "$work/p" --list | grep -q "run ddp: done" || fail "run ddp not done"
echo "srun -n 2 train --distributed gloo: done"
echo "PASS"
