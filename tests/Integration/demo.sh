#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# make demo: a throwaway Nextcloud (from NEXTCLOUD_ROOT) with the app, two users, uploads, a mirror target,
# the mirror tree and the status; the server is left running and its URL and credentials are printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "demo: set NEXTCLOUD_ROOT to a Nextcloud 32 server tree (e.g. NEXTCLOUD_ROOT=/opt/nextcloud make demo)" >&2
	exit 1
fi
if [ ! -f "$NEXTCLOUD_ROOT/occ" ]; then
	echo "demo: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
	exit 1
fi
export NEXTCLOUD_ROOT
exec php "$here/demo.php"
