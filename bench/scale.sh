#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The Mirror scale benchmark (not a test): libraries of 10,000 and 100,000 small files, each in a throwaway
# Nextcloud instance; 50 new photos mirrored vs one rsync -a pass, mirror:resync vs rsync -an, peak memory.
# See bench/README.md.
#
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/scale.sh            # default: 10,000 and 100,000 files
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/scale.sh --quick    # smoke run: 2,000 and 20,000 files
#
# Parameters (environment): MIRROR_SCALE_SIZES (comma-separated), MIRROR_SCALE_PER_FOLDER, MIRROR_SCALE_FILE_KB,
# MIRROR_SCALE_NEW, MIRROR_SCALE_NEW_KB, MIRROR_SCALE_ROUNDS, MIRROR_SCALE_REPEAT, MIRROR_BENCH_TMPDIR (default /tmp).
# Results: printed, and written to bench/.work/scale.json. Everything else is removed at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/.." && pwd)"

args=()
for arg in "$@"; do
	case "$arg" in
	--quick) args+=(--quick) ;;
	-h | --help)
		sed -n '5,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench-scale: unknown argument '$arg' (only --quick)" >&2
		exit 2
		;;
	esac
done

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "scale benchmark SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
if [ ! -f "$NEXTCLOUD_ROOT/occ" ] || [ ! -f "$NEXTCLOUD_ROOT/version.php" ]; then
	echo "bench-scale: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
	exit 1
fi
missing=""
for tool in php rsync sync findmnt setsid; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing /usr/bin/time"
if [ -n "$missing" ]; then
	echo "bench-scale: missing tools:$missing" >&2
	exit 1
fi
if [ ! -f "$checkout/vendor/autoload.php" ]; then
	echo "bench-scale: vendor/autoload.php missing (run composer install, or make)" >&2
	exit 1
fi

# The instances, the libraries and every copy live below one folder, removed whatever happens.
run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-scale.XXXXXX")"
cleanup() {
	rm -rf --one-file-system "$run_dir" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export NEXTCLOUD_ROOT
export MIRROR_BENCH_RUN_DIR="$run_dir"
export MIRROR_IT_TMPDIR="$run_dir"
unset MIRROR_IT_KEEP

mkdir -p "$here/.work"
start=$(date +%s)
set +e
php -d memory_limit=1G "$here/scale.php" "${args[@]}"
rc=$?
set -e
echo "bench-scale: exit code $rc, $(($(date +%s) - start)) s"
exit $rc
