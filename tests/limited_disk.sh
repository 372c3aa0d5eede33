#!/usr/bin/env bash
# For tst_cli: synset-cli on a full disk, a read-only file system and a folder it may not write,
# each made for real in a private mount namespace (run it under `unshare -m --propagation private`
# as root). Each case leaves OUT/CASE.out, OUT/CASE.err and OUT/CASE.code; the project ends up
# copied to OUT/p for the test to inspect.
#   limited_disk.sh SYNSET_CLI OUT
set -u
cli=$1 out=$2
disk=$out/disk small=$out/small locked=$out/locked
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)

run() { # CASE COMMAND...
    local name=$1
    shift
    "$@" > "$out/$name.out" 2> "$out/$name.err"
    echo $? > "$out/$name.code"
}

mkdir -p "$disk" "$small" "$locked"
mount -t tmpfs -o size=4m tmpfs "$disk" || exit 90
mount -t tmpfs -o size=40k tmpfs "$small" || exit 90
"$cli" project create "$disk/p" --classes fashion-mnist > /dev/null || exit 91
gen=(generate --project "$disk/p" --classes n03595614 --per-class 24 --steps 10 --batch 4)

# The disk fills up, 64 KiB after the project was made, in the middle of a job.
dd if=/dev/zero of="$disk/filler" bs=4k 2> /dev/null
truncate -s -64k "$disk/filler"
run full "$cli" "${gen[@]}"
# Space again: the same command resumes the job and ends it.
rm "$disk/filler"
run resumed "$cli" "${gen[@]}"

# An export onto a full disk, onto a read-only one, and into a folder of another user.
run export-full "$cli" export --project "$disk/p" "$small/export"
ls -A "$small" > "$out/export-full.left"
cp -a "$disk/p" "$out/theirs"
chmod 755 "$out" "$locked"
chown -R 65534:65534 "$out/theirs"
run export-denied "${nobody[@]}" "$cli" export --project "$out/theirs" "$locked/export"
mount -o remount,ro "$small"
run export-readonly "$cli" export --project "$disk/p" "$small/export"

# The project on a read-only file system, and a project the user may read but not write.
chmod -R a+rX "$disk"
run denied "${nobody[@]}" "$cli" "${gen[@]}" --per-class 30
mount -o remount,ro "$disk"
run readonly "$cli" "${gen[@]}" --per-class 30
cp -a "$disk/p" "$out/p"
