#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Runs make targets one after the other and says how long each took (CI's 45 minutes, issue #25):
#
#   tools/steps.sh "make test" contracts lint cs psalm ...
#
# Each step is `$MAKE STEP` (make itself, when run by hand). It stops at the first step that fails, as make
# does, and prints the times of the steps that ran either way, the failed one marked. With MIRROR_STEP_LOG set
# (.ci/run sets it), the same lines are added to that file, for a summary of the whole run at its end.
set -uo pipefail

title="$1"
shift
make_cmd="${MAKE:-make}"
lines=()
failed=""
started=$(date +%s)
for step in "$@"; do
	start=$(date +%s)
	$make_cmd --no-print-directory "$step"
	rc=$?
	seconds=$(( $(date +%s) - start ))
	if [ "$rc" -ne 0 ]; then
		lines+=("$(printf '%7ds  %s: %s  FAILED (exit code %d)' "$seconds" "$title" "$step" "$rc")")
		failed="$rc"
		break
	fi
	lines+=("$(printf '%7ds  %s: %s' "$seconds" "$title" "$step")")
done
lines+=("$(printf '%7ds  %s: in all' "$(( $(date +%s) - started ))" "$title")")

echo
echo "wall time of each step ($title):"
printf '%s\n' "${lines[@]}"
if [ -n "${MIRROR_STEP_LOG:-}" ]; then
	printf '%s\n' "${lines[@]}" >>"$MIRROR_STEP_LOG"
fi
exit "${failed:-0}"
