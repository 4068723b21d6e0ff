#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Several workers on PostgreSQL (a benchmark, not a test): files/s of 1, 2 and 4 `occ mirror:process`
# at once on the same queue, and proof that no file is done twice. See bench/README.md.
#
#   NEXTCLOUD_ROOT=/path/to/nextcloud bench/workers.sh
#
# Parameters (environment): MIRROR_BENCH_PHOTOS (2000), MIRROR_BENCH_PHOTO_MIN / _MAX (100, 300 KB),
# MIRROR_BENCH_WORKERS (1,2,4), MIRROR_BENCH_TMPDIR (default /tmp).
# Results: printed, and written to bench/.work/workers.json. Everything else is removed at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/.." && pwd)"

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "workers benchmark SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
for tool in php cp sync; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing $tool" >&2; exit 1; }
done
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
	echo "bench: PostgreSQL's server binaries are missing (make installs them)" >&2
	exit 1
fi
if [ ! -f "$checkout/vendor/autoload.php" ]; then
	echo "bench: vendor/autoload.php missing (run composer install, or make)" >&2
	exit 1
fi

run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-bench-workers.XXXXXX")"
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
php -d memory_limit=512M "$here/workers.php"
rc=$?
set -e
echo "bench: exit code $rc, $(($(date +%s) - start)) s"
exit $rc
