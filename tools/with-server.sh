#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Runs a command with NEXTCLOUD_ROOT set to the server tree that tools/server-tree.sh finds (or unpacks):
#
#   tools/with-server.sh "Psalm" vendor/bin/psalm ...
#
# Without a tree the command is skipped with one line that says so, or, when MIRROR_NO_SKIP is set
# (CI sets it), fails with that line: CI never passes on a run that skipped a suite.
set -euo pipefail

name="$1"
shift
if ! root="$("$(dirname "${BASH_SOURCE[0]}")/server-tree.sh")"; then
	if [ -n "${MIRROR_NO_SKIP:-}" ]; then
		echo "$name FAILED: no Nextcloud server tree (see the line above); MIRROR_NO_SKIP is set, so nothing is skipped" >&2
		exit 1
	fi
	echo "$name SKIPPED: no Nextcloud server tree (see the line above)"
	exit 0
fi
export NEXTCLOUD_ROOT="$root"
exec "$@"
