#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Packs OUT_DIR/mirror/ into OUT_DIR/mirror-<version>.tar.gz (top folder mirror/), reproducibly: sorted
# names, root-owned, one fixed mtime: MIRROR_RELEASE_MTIME (seconds since 1970), else the last commit's.
# Used by tools/release.sh and tools/sign.sh.
#
#   tools/release-pack.sh OUT_DIR
set -euo pipefail

out="$(cd "$1" && pwd)"
stage="$out/mirror"
version="$(php -r '$x = simplexml_load_file($argv[1]); echo (string)$x->version;' "$stage/appinfo/info.xml")"
archive="$out/mirror-$version.tar.gz"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mtime="${MIRROR_RELEASE_MTIME:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}"

rm -f "$archive"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" --mode='u+rwX,go+rX,go-w' \
	-C "$out" -cf - mirror | gzip -9n >"$archive"
files="$(tar -tzf "$archive" | grep -vc '/$')"
echo "release: $archive ($(stat -c %s "$archive") bytes, $files files)"
