#!/usr/bin/env bash
# A one-node Slurm on this machine for the tests, in a folder of its own: a private munged, then
# slurmctld and slurmd as root with a generated slurm.conf (CPUs=2, proctrack/pgid, no cgroups,
# no accounting), every port, socket, spool and state file under DIR.
#   source tests/slurm/local_slurm.sh; slurm_start DIR; ...; slurm_stop
# slurm_start exports SLURM_CONF for sbatch, srun and scontrol, and waits (bounded) until the
# node takes jobs. slurm_stop ends the daemons whatever state they are in.

slurm_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

slurm_start() {
    SLURM_TEST_DIR=$1
    local d=$SLURM_TEST_DIR host ctld_port slurmd_port
    mkdir -p "$d/state" "$d/spool" "$d/munge"
    chmod 700 "$d/munge"
    host=$(hostname -s)
    ctld_port=$(slurm_free_port)
    slurmd_port=$(slurm_free_port)
    # munged: its own key, socket, pid, seed and log; --force as it runs as root.
    dd if=/dev/urandom of="$d/munge/munge.key" bs=1 count=1024 status=none
    chmod 400 "$d/munge/munge.key"
    munged --force --socket="$d/munge/munge.socket" --key-file="$d/munge/munge.key" \
        --pid-file="$d/munge/munged.pid" --seed-file="$d/munge/munged.seed" \
        --log-file="$d/munge/munged.log" || return 1
    cat > "$d/slurm.conf" <<EOF
ClusterName=synsettest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MaxArraySize=1001
KillWait=10
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
    export SLURM_CONF=$d/slurm.conf
    slurmctld -f "$SLURM_CONF" || { slurm_stop; return 1; }
    slurmd -f "$SLURM_CONF" || { slurm_stop; return 1; }
    # Bounded wait until the node is idle and takes jobs.
    local i state
    for i in $(seq 1 120); do
        state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1)
        [[ $state == idle* ]] && return 0
        sleep 0.5
    done
    echo "local Slurm did not come up (node state '$state'); logs in $d" >&2
    tail -20 "$d/slurmctld.log" "$d/slurmd.log" >&2
    slurm_stop
    return 1
}

slurm_stop() {
    local d=${SLURM_TEST_DIR:-}
    [[ -n $d ]] || return 0
    local f
    for f in "$d/slurmd.pid" "$d/slurmctld.pid" "$d/munge/munged.pid"; do
        [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 1
    for f in "$d/slurmd.pid" "$d/slurmctld.pid" "$d/munge/munged.pid"; do
        [[ -f $f ]] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    return 0
}
