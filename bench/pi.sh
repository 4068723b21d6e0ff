#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The Pi-class benchmark (not a test): Mirror, rsync -a --fsync and rsync -a then sync, each on one core
# (taskset -c 0), copying make bench's data set onto a loop-device filesystem throttled to USB 2 speeds,
# and dd oflag=direct writing as many bytes there: the disk's own limit. See bench/README.md.
#
#   NEXTCLOUD_ROOT=/path/to/nextcloud bench/pi.sh     # as root: 2,000 photos + 1 x 200 MiB, ext4, 35/40 MiB/s
#
# Parameters (environment): MIRROR_BENCH_PHOTOS (2000), MIRROR_BENCH_PHOTO_MIN / _MAX (100, 300 KB),
# MIRROR_BENCH_LARGE (1), MIRROR_BENCH_LARGE_MB (200), MIRROR_PI_FS (ext4, or exfat), MIRROR_PI_WRITE_MIB (35),
# MIRROR_PI_READ_MIB (40), MIRROR_PI_CPU (0: the core everything is pinned to), MIRROR_PI_THROTTLE (auto, v2,
# v1 or none), MIRROR_BENCH_TMPDIR (default /tmp), MIRROR_DB (sqlite).
# Results: printed, and written to bench/.work/pi.json. Everything else is removed at the end, also on failure:
# the throttle, the mount, the loop device, the cgroup, the instance and the data set.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/.." && pwd)"

case "${1:-}" in
-h | --help)
	sed -n '5,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") ;;
*)
	echo "bench-pi: unknown argument '$1'" >&2
	exit 2
	;;
esac

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "bench-pi SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "bench-pi SKIPPED: not root (it attaches a loop device, mounts it and throttles it)"
	exit 0
fi
if [ ! -f "$NEXTCLOUD_ROOT/occ" ]; then
	echo "bench-pi: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
	exit 1
fi
fs="${MIRROR_PI_FS:-ext4}"
case "$fs" in
ext4) mkfs=(mkfs.ext4 -q -F) ;;
exfat) mkfs=(mkfs.exfat) ;;
*)
	echo "bench-pi: MIRROR_PI_FS must be ext4 or exfat" >&2
	exit 2
	;;
esac
missing=""
for tool in php rsync dd sync taskset losetup mount umount findmnt "${mkfs[0]}"; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ "$fs" != exfat ] || command -v mount.exfat-fuse >/dev/null 2>&1 || missing="$missing mount.exfat-fuse"
if [ -n "$missing" ]; then
	echo "bench-pi SKIPPED: missing tools:$missing (tools/system-deps.sh installs them)"
	exit 0
fi
if [ ! -e /dev/loop-control ]; then
	echo "bench-pi SKIPPED: no loop devices here (/dev/loop-control missing)"
	exit 0
fi
if [ ! -f "$checkout/vendor/autoload.php" ]; then
	echo "bench-pi: vendor/autoload.php missing (run composer install, or make)" >&2
	exit 1
fi
cpu="${MIRROR_PI_CPU:-0}"
write_mib="${MIRROR_PI_WRITE_MIB:-35}"
read_mib="${MIRROR_PI_READ_MIB:-40}"
photos="${MIRROR_BENCH_PHOTOS:-2000}"
large="${MIRROR_BENCH_LARGE:-1}"
large_mb="${MIRROR_BENCH_LARGE_MB:-200}"
max_kb="${MIRROR_BENCH_PHOTO_MAX:-300}"
for v in "$cpu" "$write_mib" "$read_mib" "$photos" "$large" "$large_mb" "$max_kb"; do
	[[ "$v" =~ ^[0-9]+$ ]] || { echo "bench-pi: parameters must be whole numbers, got '$v'" >&2; exit 2; }
done
taskset -c "$cpu" true 2>/dev/null || { echo "bench-pi: cannot pin to CPU $cpu (MIRROR_PI_CPU)" >&2; exit 2; }
write_bps=$((write_mib * 1048576))
read_bps=$((read_mib * 1048576))

run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-bench-pi.XXXXXX")"
mnt="$run_dir/drive"
loop=""
majmin=""
v1_rule=""      # the v1 blkio root folder whose throttle rules name our loop device
v2_cgroup=""    # the cgroup v2 folder this script moved itself into
v2_home=""      # the cgroup this script came from

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	set +e
	if [ -n "$v1_rule" ] && [ -n "$majmin" ]; then
		echo "$majmin 0" >"$v1_rule/blkio.throttle.write_bps_device"
		echo "$majmin 0" >"$v1_rule/blkio.throttle.read_bps_device"
	fi
	if [ -n "$v2_cgroup" ]; then
		[ -z "$majmin" ] || echo "$majmin wbps=max rbps=max" >"$v2_cgroup/io.max" 2>/dev/null
		echo $$ >"$v2_home/cgroup.procs" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			rmdir "$v2_cgroup" 2>/dev/null && break
			sleep 0.5
		done
		[ ! -d "$v2_cgroup" ] || echo "bench-pi: could not remove the cgroup $v2_cgroup (processes left in it?)" >&2
	fi
	if mountpoint -q "$mnt" 2>/dev/null; then
		for _ in 1 2 3 4 5; do
			umount "$mnt" 2>/dev/null && break
			sleep 1
		done
		mountpoint -q "$mnt" && umount -l "$mnt"
	fi
	[ -z "$loop" ] || losetup -d "$loop" 2>/dev/null
	rm -rf --one-file-system "$run_dir" 2>/dev/null
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ the drive: a loop device
# Sparse; room for the data set three times over (Mirror's copy, the two rsync copies) and dd's file.
data_mib=$((photos * max_kb / 1024 + large * large_mb))
size_mib=$((data_mib * 4 + 512))
truncate -s "${size_mib}M" "$run_dir/drive.img"
# Direct I/O to the backing file: the loop device's writes reach the disk below instead of a second page cache.
loop="$(losetup --find --show --direct-io=on "$run_dir/drive.img")"
majmin="$(lsblk -dno MAJ:MIN "$loop" | tr -d ' ')"
"${mkfs[@]}" "$loop" >/dev/null
mkdir -p "$mnt"
if [ "$fs" = exfat ]; then
	# no exFAT in this kernel: the FUSE driver, its daemon pinned to the same core as everything else
	taskset -c "$cpu" mount.exfat-fuse "$loop" "$mnt" >/dev/null
else
	mount "$loop" "$mnt"
fi

# ------------------------------------------------------------------ the throttle
# v2: io.max in a cgroup of the unified hierarchy, with the memory controller beside it so that the flusher's
#     writeback of pages dirtied here is charged here too (cgroup writeback). Needs the io controller on v2.
# v1: blkio.throttle.*_bps_device in the root blkio cgroup, for our loop device only: every bio to the device
#     is limited, whoever submits it (the flusher threads included, which run in the root cgroup).
want="${MIRROR_PI_THROTTLE:-auto}"
method="none"
why=""
v2_root=""
for r in /sys/fs/cgroup /sys/fs/cgroup/unified; do
	if [ -f "$r/cgroup.controllers" ] && grep -qw io "$r/cgroup.controllers" && grep -qw memory "$r/cgroup.controllers"; then
		v2_root="$r"
		break
	fi
done
if [ "$want" = auto ] || [ "$want" = v2 ]; then
	if [ -z "$v2_root" ]; then
		why="cgroup v2: the io and memory controllers are not both in a v2 hierarchy (bound to v1?)"
	else
		for c in io memory; do
			grep -qw "$c" "$v2_root/cgroup.subtree_control" || echo "+$c" >"$v2_root/cgroup.subtree_control" 2>/dev/null || true
		done
		if grep -qw io "$v2_root/cgroup.subtree_control" && grep -qw memory "$v2_root/cgroup.subtree_control"; then
			v2_home="$v2_root$(sed -n 's/^0:://p' /proc/self/cgroup)"
			v2_cgroup="$v2_root/mirror-bench-pi.$$"
			if mkdir "$v2_cgroup" && echo "$majmin wbps=$write_bps rbps=$read_bps" >"$v2_cgroup/io.max" && echo $$ >"$v2_cgroup/cgroup.procs"; then
				method="v2"
			else
				why="cgroup v2: could not set io.max in $v2_cgroup"
				rmdir "$v2_cgroup" 2>/dev/null || true
				v2_cgroup=""
			fi
		else
			why="cgroup v2: could not enable io and memory in $v2_root/cgroup.subtree_control"
		fi
	fi
fi
if [ "$method" = none ] && { [ "$want" = auto ] || [ "$want" = v1 ]; }; then
	b=/sys/fs/cgroup/blkio
	if [ -w "$b/blkio.throttle.write_bps_device" ]; then
		if grep -q "^$majmin " "$b/blkio.throttle.write_bps_device" "$b/blkio.throttle.read_bps_device"; then
			why="$why; cgroup v1: $loop ($majmin) already has a throttle rule, not ours"
		else
			v1_rule="$b"
			echo "$majmin $write_bps" >"$b/blkio.throttle.write_bps_device"
			echo "$majmin $read_bps" >"$b/blkio.throttle.read_bps_device"
			method="v1"
		fi
	else
		why="$why; cgroup v1: no blkio hierarchy at $b"
	fi
fi
case "$method" in
v2) how="cgroup v2 io.max on $loop ($majmin) in $v2_cgroup (wbps=$write_bps rbps=$read_bps), cgroup writeback with the memory controller" ;;
v1) how="cgroup v1 blkio.throttle.{write,read}_bps_device in the root blkio cgroup for $loop ($majmin) only: $write_bps and $read_bps bytes/s, every bio to the device" ;;
*) how="NONE: the loop device is not throttled (${why#; }); the numbers are this machine's disk, not a USB 2 drive" ;;
esac

export NEXTCLOUD_ROOT
export MIRROR_BENCH_RUN_DIR="$run_dir"
export MIRROR_IT_TMPDIR="$run_dir"
export MIRROR_PI_MOUNT="$mnt" MIRROR_PI_DEVICE="$loop" MIRROR_PI_FSTYPE="$fs" MIRROR_PI_THROTTLED="$method" MIRROR_PI_HOW="$how"
export MIRROR_PI_CPU="$cpu" MIRROR_PI_WRITE_BPS="$write_bps" MIRROR_PI_READ_BPS="$read_bps"
export MIRROR_BENCH_PHOTOS="$photos" MIRROR_BENCH_LARGE="$large" MIRROR_BENCH_LARGE_MB="$large_mb"
unset MIRROR_IT_KEEP

mkdir -p "$here/.work"
start=$(date +%s)
set +e
php -d memory_limit=512M "$here/pi.php"
rc=$?
set -e
echo "bench-pi: exit code $rc, $(($(date +%s) - start)) s"
exit $rc
