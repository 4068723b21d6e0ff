#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Builds the release archive the Nextcloud App Store takes: build/release/mirror-<version>.tar.gz, one top
# folder mirror/ holding only what a server runs (make release; the front end must be built: make build).
#
#   tools/release.sh [CHECKOUT] [OUT_DIR]
#
# What goes in is the list below (release_files), nothing else: no src, tests, node_modules, build, bench,
# tools or Composer dev packages. The Composer autoloader goes in as composer/autoload.php, generated
# without dev packages (Nextcloud requires <app>/composer/autoload.php by itself when it exists).
# Source maps (js/*.map) stay out. The version is appinfo/info.xml's; package.json must say the same.
# The unpacked tree stays in OUT_DIR/mirror/ (make sign signs it there and packs it again).
set -euo pipefail

tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "${1:-$tools/..}" && pwd)"
out="${2:-$checkout/build/release}"

release_files=(appinfo lib templates img js l10n openapi.json openapi-administration.json openapi-full.json
	README.md CHANGELOG.md LICENSES REUSE.toml composer.json)

cd "$checkout"
version="$(php -r '$x = simplexml_load_file("appinfo/info.xml"); echo (string)$x->version;')"
npm_version="$(php -r 'echo json_decode(file_get_contents("package.json"), true)["version"] ?? "";')"
if [ -z "$version" ]; then
	echo "release: appinfo/info.xml has no <version>" >&2
	exit 1
fi
if [ "$version" != "$npm_version" ]; then
	echo "release: appinfo/info.xml says $version but package.json says $npm_version: make them agree" >&2
	exit 1
fi
if ! grep -q "^## $version\b" CHANGELOG.md; then
	echo "release: CHANGELOG.md has no '## $version' heading" >&2
	exit 1
fi
for f in js/mirror-init.js js/mirror-admin-settings.js js/mirror-personal-settings.js; do
	if [ ! -s "$f" ]; then
		echo "release: $f is missing: build the front end first (make build)" >&2
		exit 1
	fi
done
# MIRROR_RELEASE_SKIP_MISSING=1 (for packing an older release's tree, tests/Integration/Harness/ReleaseArchives.php):
# what that release did not have yet is left out instead of refused.
present=()
for f in "${release_files[@]}"; do
	if [ -e "$f" ]; then
		present+=("$f")
	elif [ -z "${MIRROR_RELEASE_SKIP_MISSING:-}" ]; then
		echo "release: $f is missing from $checkout" >&2
		exit 1
	fi
done

if grep -q 'example\.invalid' appinfo/info.xml; then
	echo "release: warning: appinfo/info.xml still has example.invalid placeholders (bugs, screenshot): fine for a" \
		"server, not for the App Store (README: Publishing a release)" >&2
fi

stage="$out/mirror"
archive="$out/mirror-$version.tar.gz"
rm -rf "$stage" "$archive"
mkdir -p "$stage"
cp -a "${present[@]}" "$stage/"
rm -f "$stage"/js/*.map "$stage/js/.gitkeep"

# The runtime autoloader: OCA\Mirror\ from lib/, no dev packages, no vendor/ folder.
COMPOSER_VENDOR_DIR=composer composer dump-autoload --working-dir="$stage" --no-dev --optimize \
	--no-interaction --quiet

"$tools/release-pack.sh" "$out"
