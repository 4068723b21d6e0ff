#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The paired engine benchmark (not a test): the copy engine of an earlier revision against this checkout,
# in alternating rounds on the same photos, so that both see the same load. See bench/README.md.
#
#   NEXTCLOUD_ROOT=/opt/nextcloud bench/paired.sh REV [ROUNDS [PHOTOS]]   # default 11 rounds of 2,000 photos
#
# REV is checked out into a temporary worktree (with this checkout's vendor/). Prints each side's rounds, the
# medians, the paired differences (after - before, round by round) and in how many rounds "after" was faster.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/.." && pwd)"
rev="${1:?usage: bench/paired.sh REV [ROUNDS [PHOTOS]]}"
rounds="${2:-11}"
photos="${3:-2000}"

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "paired benchmark SKIPPED: NEXTCLOUD_ROOT not set (it needs a Nextcloud 32 server tree)"
	exit 0
fi
git -C "$checkout" rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "bench: no revision '$rev'" >&2; exit 2; }
case "$rounds$photos" in *[!0-9]*) echo "bench: ROUNDS and PHOTOS are whole numbers" >&2; exit 2 ;; esac

run_dir="$(mktemp -d "${MIRROR_BENCH_TMPDIR:-${TMPDIR:-/tmp}}/mirror-paired.XXXXXX")"
before="$run_dir/before"
cleanup() {
	set +e
	git -C "$checkout" worktree remove --force "$before" 2>/dev/null
	rm -rf --one-file-system "$run_dir"
}
trap cleanup EXIT
git -C "$checkout" worktree add --quiet --detach "$before" "$rev"
cp -al "$checkout/vendor" "$before/vendor"

export MIRROR_IT_TMPDIR="$run_dir"
echo before >"$run_dir/turn"
echo "paired benchmark: $(git -C "$checkout" rev-parse --short "$rev") (before) against $(git -C "$checkout" rev-parse --short HEAD) (after), $rounds rounds of $photos photos, load $(cut -d' ' -f1 /proc/loadavg)"
php "$here/paired.php" "$before" before after "$run_dir/turn" "$rounds" "$photos" "$run_dir/before.json" &
b=$!
php "$here/paired.php" "$checkout" after before "$run_dir/turn" "$rounds" "$photos" "$run_dir/after.json" &
a=$!
wait $b
wait $a
php -r '
	[$b, $a] = [json_decode(file_get_contents($argv[1]), true), json_decode(file_get_contents($argv[2]), true)];
	$median = static function (array $x): float { sort($x); $n = count($x); return $n % 2 ? $x[intdiv($n, 2)] : ($x[$n / 2 - 1] + $x[$n / 2]) / 2; };
	foreach (["wall" => "wall time", "cpu" => "CPU time (user + system of occ mirror:process)"] as $key => $what) {
		$d = array_map(static fn ($x, $y) => $x - $y, $a[$key], $b[$key]);
		printf("%s: before median %.3f s   after median %.3f s   after/before %.3f\n", $what, $median($b[$key]), $median($a[$key]), $median($a[$key]) / $median($b[$key]));
		printf("  paired (after - before, round by round): median %+.3f s (%+.1f %%); after faster in %d of %d rounds\n",
			$median($d), 100 * $median($d) / $median($b[$key]), count(array_filter($d, static fn ($x) => $x < 0)), count($d));
	}
' "$run_dir/before.json" "$run_dir/after.json"
