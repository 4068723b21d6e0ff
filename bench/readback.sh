#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# What the read-back after writing costs (not a test): the same files mirrored with --read-back=always and
# --read-back=never, in pairs of alternating order, photos and large files apart. See bench/README.md.
#
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/readback.sh
#
# Parameters (environment): MIRROR_BENCH_PHOTOS (500), MIRROR_BENCH_PHOTO_KB (200), MIRROR_BENCH_LARGE (2),
# MIRROR_BENCH_LARGE_MB (100), MIRROR_BENCH_PAIRS (3), MIRROR_BENCH_TMPDIR (default /tmp).
# Results: printed, and written to bench/.work/readback.json. Everything else is removed at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "read-back benchmark SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-readback.XXXXXX")"
trap 'rm -rf --one-file-system "$run_dir" 2>/dev/null || true' EXIT
export MIRROR_BENCH_RUN_DIR="$run_dir" MIRROR_IT_TMPDIR="$run_dir"
php "$here/readback.php"
