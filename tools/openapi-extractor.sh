#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Generates openapi.json from the controllers' attributes and lib/ResponseDefinitions.php with Nextcloud's
# openapi-extractor (`composer run openapi` runs this). The extractor is not on the Packagist copy here:
# it is installed once into build/openapi-extractor/ (git-ignored) from two archives in ../shared/tools/
# (or OPENAPI_TOOLS), each checked against its sha256:
#   openapi-extractor-v1.8.7.tar.gz   nextcloud/openapi-extractor at v1.8.7
#   adhocore-cli-v1.9.4.tar.gz        its one dependency Packagist does not serve here
# Its composer.json drops require-dev and the lock file and takes adhocore/cli from the path beside it.
#
#   tools/openapi-extractor.sh          # installs when needed, then writes openapi.json
#   tools/openapi-extractor.sh install  # only installs
set -euo pipefail

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extractor_version="1.8.7"
extractor_sha256="d3b6d58379c1290107310e5683585e0899485ce81a38378a4748d485b7dba29b"
cli_version="1.9.4"
cli_sha256="05a7ad1da985808fc7b8f35911c832a6baafba5f1dfe20ccec32aee9a0808bd8"
dest="$checkout/build/openapi-extractor"
stamp="$dest/.installed-${extractor_version}-${cli_version}"

# ../shared/tools beside the checkout; for a git worktree, beside its main checkout; for a local clone, beside its origin.
find_tools() {
	local candidate common origin
	if [ -n "${OPENAPI_TOOLS:-}" ]; then
		echo "$OPENAPI_TOOLS"
		return
	fi
	candidate="$(cd "$checkout/.." && pwd)/shared/tools"
	[ -d "$candidate" ] && { echo "$candidate"; return; }
	common="$(git -C "$checkout" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
	if [ -n "$common" ] && [ -d "$common/../../shared/tools" ]; then
		(cd "$common/../../shared/tools" && pwd)
		return
	fi
	origin="$(git -C "$checkout" remote get-url origin 2>/dev/null || true)"
	origin="${origin#file://}"
	if [ -n "$origin" ] && [ -d "$origin/../shared/tools" ]; then
		(cd "$origin/../shared/tools" && pwd)
		return
	fi
	echo "$candidate"
}

check() {
	local archive="$1" sha256="$2"
	if [ ! -f "$archive" ]; then
		echo "openapi-extractor: $archive is missing (set OPENAPI_TOOLS to the folder that holds it)" >&2
		exit 1
	fi
	if [ "$(sha256sum "$archive" | cut -d' ' -f1)" != "$sha256" ]; then
		echo "openapi-extractor: $archive does not have the sha256 $sha256" >&2
		exit 1
	fi
}

install() {
	local tools tmp
	[ -f "$stamp" ] && return
	tools="$(find_tools)"
	check "$tools/openapi-extractor-v${extractor_version}.tar.gz" "$extractor_sha256"
	check "$tools/adhocore-cli-v${cli_version}.tar.gz" "$cli_sha256"
	echo "openapi-extractor: installing v${extractor_version} into build/openapi-extractor/" >&2
	mkdir -p "$checkout/build"
	# a fresh folder moved into place at the end: an interrupted install leaves nothing a later run trusts
	tmp="$(mktemp -d "$checkout/build/.openapi-extractor.XXXXXX")"
	tar -xzf "$tools/openapi-extractor-v${extractor_version}.tar.gz" -C "$tmp"
	tar -xzf "$tools/adhocore-cli-v${cli_version}.tar.gz" -C "$tmp"
	rm -f "$tmp/openapi-extractor/composer.lock"
	php -r '
		$file = $argv[1];
		$json = json_decode(file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
		unset($json["require-dev"]);
		$json["repositories"] = [["type" => "path", "url" => "../adhocore-cli", "options" => ["symlink" => false, "versions" => ["adhocore/cli" => $argv[2]]]]];
		file_put_contents($file, json_encode($json, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
	' "$tmp/openapi-extractor/composer.json" "$cli_version"
	(cd "$tmp/openapi-extractor" && composer install --no-interaction --no-progress --no-dev --quiet)
	touch "$tmp/.installed-${extractor_version}-${cli_version}"
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

install
[ "${1:-}" = install ] && exit 0

# the extractor reads lib/ and appinfo/info.xml and writes openapi.json (one scope: Mirror's API is all
# OCS, admin and user routes alike; the front end and tests/Browser read this one file)
cd "$checkout"
php "$dest/openapi-extractor/bin/generate-spec" "$checkout" "$checkout/openapi.json" "$@"

# The extractor writes info.version 0.0.1 (its document version); Mirror's documents carry the app's version.
php -r '
	$xml = simplexml_load_file($argv[1]);
	$version = (string)($xml->version ?? "");
	if ($version === "") {
		fwrite(STDERR, "openapi-extractor: appinfo/info.xml has no <version>\n");
		exit(1);
	}
	foreach (array_slice($argv, 2) as $file) {
		if (!is_file($file)) {
			continue;
		}
		$doc = json_decode(file_get_contents($file), false, 512, JSON_THROW_ON_ERROR);
		$doc->info->version = $version;
		file_put_contents($file, json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . "\n");
	}
' "$checkout/appinfo/info.xml" "$checkout/openapi.json" "$checkout/openapi-administration.json" "$checkout/openapi-full.json"
