#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The admin page (with the health check's banner and settings, and the dashboard widget's API), and the
# Files badge and Mirror tab, in a real browser against a real Nextcloud; then both again for an admin and a user
# who read German (german.browser.mjs: no English string of the catalogue on the page):
#
#   NEXTCLOUD_ROOT=/path/to/nextcloud tests/Browser/run.sh
#
# Skips (exit 0, says why) without a server tree or without Debian's chromium; fails instead with MIRROR_NO_SKIP. Needs root (it mounts
# a tmpfs), node, the npm packages (playwright-core drives /usr/bin/chromium; it never downloads a
# browser) and the built JS (npm run build). Screenshots: tests/Browser/screenshots/ (MIRROR_SCREENSHOTS).
# MIRROR_APP_ARCHIVE=build/release/mirror-<version>.tar.gz: the instances run the app from that release
# archive, extracted into their custom_apps, instead of the checkout (ReleaseArchiveTest does this).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/../.." && pwd)"

if [ -z "${NEXTCLOUD_ROOT:-}" ] || [ ! -f "${NEXTCLOUD_ROOT}/occ" ]; then
	echo "browser test SKIPPED: NEXTCLOUD_ROOT does not point at a Nextcloud server tree"
	exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
	if [ -n "${MIRROR_NO_SKIP:-}" ]; then
		echo "browser test FAILED: /usr/bin/chromium not installed (Debian package chromium); MIRROR_NO_SKIP is set, so nothing is skipped" >&2
		exit 1
	fi
	echo "browser test SKIPPED: /usr/bin/chromium not installed (Debian package chromium)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "browser test: must run as root (it mounts a tmpfs as the backup drive)" >&2
	exit 1
fi
for need in node php "$checkout/node_modules/playwright-core/package.json" "$checkout/vendor/autoload.php"; do
	if ! command -v "$need" >/dev/null 2>&1 && [ ! -e "$need" ]; then
		echo "browser test: $need missing (npm ci, composer install)" >&2
		exit 1
	fi
done
if [ -n "${MIRROR_APP_ARCHIVE:-}" ]; then
	if [ ! -f "$MIRROR_APP_ARCHIVE" ]; then
		echo "browser test: MIRROR_APP_ARCHIVE=$MIRROR_APP_ARCHIVE is not a file" >&2
		exit 1
	fi
	MIRROR_APP_ARCHIVE="$(cd "$(dirname "$MIRROR_APP_ARCHIVE")" && pwd)/$(basename "$MIRROR_APP_ARCHIVE")"
	export MIRROR_APP_ARCHIVE
	echo "browser test: the app from $MIRROR_APP_ARCHIVE"
elif [ ! -f "$checkout/js/mirror-admin-settings.js" ]; then
	echo "browser test: building the front end first"
	(cd "$checkout" && npm run build --silent)
fi

export NEXTCLOUD_ROOT
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
start=$(date +%s)
set +e
php "$here/run-browser-test.php"
rc_admin=$?
php "$here/run-files-badge.php"
rc_files=$?
php "$here/run-german.php"
rc_german=$?
set -e
echo "browser tests: admin page exit code $rc_admin, Files badge and tab exit code $rc_files, German exit code $rc_german, $(( $(date +%s) - start ))s"
[ "$rc_admin" = 0 ] && [ "$rc_files" = 0 ] && [ "$rc_german" = 0 ]
