#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Prints the path of the Nextcloud 32.0.1 server tree that the tests, Psalm, `make demo` and `make bench`
# run against, and makes one if there is none. Read-only for everything that uses it.
#
#   tools/server-tree.sh            # prints the tree's path (progress and errors go to stderr)
#
# Order:
#   1. NEXTCLOUD_ROOT when set (used as it is; it must be a server tree);
#   2. build/nextcloud/, unpacked by an earlier run, when its version.php says 32.0.1;
#   3. the archive at NEXTCLOUD_ARCHIVE, or else ../shared/nextcloud/nextcloud-32.0.1.tar.xz beside the
#      checkout (or beside the local checkout it was cloned from), checked against its sha256 and
#      unpacked into build/nextcloud/;
#   4. the official release archive, downloaded and checked against its published sha256.
# Exit 1 with one line on stderr when none of these gives a tree.
set -euo pipefail

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="32.0.1"
sha256="fd180cf30e6864febe19b0ffa624b5aae684d25fd6bb3f649aec153401fdc638"
official_url="https://download.nextcloud.com/server/releases/nextcloud-${version}.tar.bz2"
dest="$checkout/build"
tree="$dest/nextcloud"

is_tree() { [ -f "$1/occ" ] && [ -f "$1/version.php" ] && [ -f "$1/lib/public/IConfig.php" ]; }
tree_version() { php -r 'include $argv[1]; echo $OC_VersionString ?? "";' "$1/version.php" 2>/dev/null || true; }

if [ -n "${NEXTCLOUD_ROOT:-}" ]; then
	if ! is_tree "$NEXTCLOUD_ROOT"; then
		echo "server tree: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
		exit 1
	fi
	echo "$NEXTCLOUD_ROOT"
	exit 0
fi

if is_tree "$tree" && [ "$(tree_version "$tree")" = "$version" ]; then
	echo "$tree"
	exit 0
fi

# Unpacks a checked archive into a fresh folder next to the final one, then moves it into place, so an
# interrupted unpack never leaves a half tree that a later run would take for a whole one.
unpack() {
	local archive="$1" flag="$2" tmp
	mkdir -p "$dest"
	tmp="$(mktemp -d "$dest/.nextcloud-unpack.XXXXXX")"
	echo "server tree: unpacking $archive into build/nextcloud/" >&2
	tar -x "$flag" -f "$archive" -C "$tmp"
	if ! is_tree "$tmp/nextcloud" || [ "$(tree_version "$tmp/nextcloud")" != "$version" ]; then
		rm -rf "$tmp"
		echo "server tree: $archive does not hold a Nextcloud $version tree under nextcloud/" >&2
		exit 1
	fi
	rm -rf "$tree"
	mv "$tmp/nextcloud" "$tree"
	rmdir "$tmp"
	echo "$tree"
}

archive="${NEXTCLOUD_ARCHIVE:-$(cd "$checkout/.." && pwd)/shared/nextcloud/nextcloud-${version}.tar.xz}"
if [ -z "${NEXTCLOUD_ARCHIVE:-}" ] && [ ! -f "$archive" ]; then
	# a clone made elsewhere (git clone /work/main /tmp/ci-clone): ../shared beside the checkout it was cloned from
	origin="$(git -C "$checkout" remote get-url origin 2>/dev/null || true)"
	origin="${origin#file://}"
	if [ -n "$origin" ] && [ -d "$origin" ]; then
		beside="$(cd "$origin/.." && pwd)/shared/nextcloud/nextcloud-${version}.tar.xz"
		[ -f "$beside" ] && archive="$beside"
	fi
fi
if [ -f "$archive" ]; then
	echo "server tree: checking $archive" >&2
	if [ "$(sha256sum "$archive" | cut -d' ' -f1)" != "$sha256" ]; then
		echo "server tree: $archive does not have the sha256 of the Nextcloud $version tree ($sha256)" >&2
		exit 1
	fi
	unpack "$archive" -J
	exit 0
fi
if [ -n "${NEXTCLOUD_ARCHIVE:-}" ]; then
	echo "server tree: NEXTCLOUD_ARCHIVE=$NEXTCLOUD_ARCHIVE does not exist" >&2
	exit 1
fi

# Last resort: the official release, checked against the checksum published next to it.
mkdir -p "$dest"
download="$dest/nextcloud-${version}.tar.bz2"
echo "server tree: no archive at $archive; downloading $official_url" >&2
if ! curl -fsL --connect-timeout 15 -o "$download.part" "$official_url" ||
	! curl -fsL --connect-timeout 15 -o "$download.sha256" "$official_url.sha256"; then
	rm -f "$download.part" "$download.sha256"
	echo "server tree: no Nextcloud $version tree: none in build/nextcloud/, no archive at $archive, and the download from $official_url failed (no network?)" >&2
	exit 1
fi
if [ "$(sha256sum "$download.part" | cut -d' ' -f1)" != "$(cut -d' ' -f1 "$download.sha256")" ]; then
	rm -f "$download.part" "$download.sha256"
	echo "server tree: the downloaded archive does not match its published sha256" >&2
	exit 1
fi
mv "$download.part" "$download"
unpack "$download" -j
rm -f "$download" "$download.sha256"
