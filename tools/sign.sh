#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Signs the unpacked release (build/release/mirror/, from make release) with Nextcloud's own
# `occ integrity:sign-app`, which writes appinfo/signature.json (a sha512 of every file, signed), then packs
# the archive again. make sign.
#
#   MIRROR_SIGN_KEY=~/.nextcloud/certificates/mirror.key MIRROR_SIGN_CERT=~/.nextcloud/certificates/mirror.crt \
#     NEXTCLOUD_ROOT=/path/to/nextcloud tools/sign.sh [OUT_DIR]
#
# occ needs an installed instance: NEXTCLOUD_OCC names one (a command, e.g. "sudo -u www-data php
# /var/www/nextcloud/occ"); without it a throwaway SQLite instance is installed from NEXTCLOUD_ROOT into a
# temporary folder and removed afterwards.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(cd "${1:-$here/build/release}" && pwd)"
stage="$out/mirror"

for var in MIRROR_SIGN_KEY MIRROR_SIGN_CERT; do
	if [ -z "${!var:-}" ] || [ ! -r "${!var}" ]; then
		echo "sign: $var must name a readable file (the App Store key and certificate, README: Publishing)" >&2
		exit 1
	fi
done
if [ ! -f "$stage/appinfo/info.xml" ]; then
	echo "sign: $stage is not an unpacked release: run make release first" >&2
	exit 1
fi
key="$(cd "$(dirname "$MIRROR_SIGN_KEY")" && pwd)/$(basename "$MIRROR_SIGN_KEY")"
cert="$(cd "$(dirname "$MIRROR_SIGN_CERT")" && pwd)/$(basename "$MIRROR_SIGN_CERT")"
rm -f "$stage/appinfo/signature.json"

if [ -n "${NEXTCLOUD_OCC:-}" ]; then
	# shellcheck disable=SC2086
	$NEXTCLOUD_OCC integrity:sign-app --path="$stage" --privateKey="$key" --certificate="$cert"
else
	root="${NEXTCLOUD_ROOT:-$("$here/tools/server-tree.sh")}"
	tmp="$(mktemp -d "${TMPDIR:-/tmp}/mirror-sign.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/config" "$tmp/data"
	export NEXTCLOUD_CONFIG_DIR="$tmp/config/"
	php "$root/occ" maintenance:install --database sqlite --admin-user sign --admin-pass "sign-$RANDOM-$RANDOM" \
		--data-dir "$tmp/data" >/dev/null
	php "$root/occ" integrity:sign-app --path="$stage" --privateKey="$key" --certificate="$cert"
fi
if [ ! -s "$stage/appinfo/signature.json" ]; then
	echo "sign: occ wrote no $stage/appinfo/signature.json" >&2
	exit 1
fi
"$here/tools/release-pack.sh" "$out"
