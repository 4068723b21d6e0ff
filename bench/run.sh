#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The Mirror benchmark (not a test): mirrors a data set through a real Nextcloud server, copies the same
# files with rsync -a and cp -a, and measures what the app's listeners add to an upload. See bench/README.md.
#
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/run.sh            # default: 5,000 photos + 3 x 300 MiB, 300 uploads
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/run.sh --quick    # smoke run: 200 photos + 1 x 20 MiB, 60 uploads
#
# Parameters (environment): MIRROR_BENCH_PHOTOS, MIRROR_BENCH_PHOTO_MIN / _MAX (KB), MIRROR_BENCH_LARGE,
# MIRROR_BENCH_LARGE_MB, MIRROR_BENCH_UPLOADS, MIRROR_BENCH_UPLOAD_KB, MIRROR_BENCH_PAIRS,
# MIRROR_BENCH_PARALLEL, MIRROR_BENCH_CHUNK_MB, MIRROR_BENCH_TMPDIR (default /tmp), MIRROR_DB (sqlite, pgsql, mysql),
# MIRROR_BENCH_STORAGE (local, or s3: Nextcloud on object storage, a private s3rver).
# Results: printed, and written to bench/.work/results.json. Everything else is removed at the end.
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
		echo "bench: unknown argument '$arg' (only --quick)" >&2
		exit 2
		;;
	esac
done

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "benchmark SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
if [ ! -f "$NEXTCLOUD_ROOT/occ" ] || [ ! -f "$NEXTCLOUD_ROOT/version.php" ]; then
	echo "bench: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
	exit 1
fi
missing=""
for tool in php rsync cp sync findmnt setsid; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "bench: missing tools:$missing" >&2
	exit 1
fi
if [ ! -f "$checkout/vendor/autoload.php" ]; then
	echo "bench: vendor/autoload.php missing (run composer install, or make)" >&2
	exit 1
fi

# The instance, the data set and every copy live below one folder, removed whatever happens.
run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-bench.XXXXXX")"
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
php -d memory_limit=1G "$here/bench.php" "${args[@]}"
rc=$?
set -e
echo "bench: exit code $rc, $(($(date +%s) - start)) s"
exit $rc
