#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Installs the Debian packages the build and the tests use, when they are missing:
# PHP extensions Nextcloud needs, the desktop client's sync engine (nextcloudcmd), Chromium for the
# browser test, FAT, exFAT and NTFS tools, PostgreSQL and MariaDB (the suite on other databases, concurrent workers), Redis and php-redis (file locking), strace, GNU time (peak memory of occ runs), rsync and e2fsprogs for the benchmarks. Does nothing when all is there; only runs apt as root.
set -euo pipefail

need_pkgs=()
# php -m read whole first: grep -q leaving early would kill it with SIGPIPE, and pipefail would call it missing.
php_modules="$(php -m 2>/dev/null || true)"
have_ext() { grep -qix "$1" <<<"$php_modules"; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }
phpv="$(php -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;' 2>/dev/null || echo 8.2)"

# redis: php-redis, for RedisLockingTest's instance (file locking and the distributed cache on Redis).
for ext in pdo_sqlite pdo_pgsql pdo_mysql gd curl zip mbstring intl xml bcmath gmp redis; do
	have_ext "$ext" || need_pkgs+=("php${phpv}-${ext/pdo_/}")
done
have_cmd composer || need_pkgs+=(composer)
have_cmd node || need_pkgs+=(nodejs npm)
have_cmd nextcloudcmd || need_pkgs+=(nextcloud-desktop-cmd)
have_cmd chromium || need_pkgs+=(chromium)
have_cmd fusefat || need_pkgs+=(fusefat)
have_cmd mkfs.vfat || need_pkgs+=(dosfstools)
# exFAT and NTFS test drives (FatTargetTest's cases on the filesystems families plug in). exfat-fuse pulls in
# fuse3, which replaces Debian's fuse (2) package; fusefat keeps working (libfuse2 stays, fusermount is fuse3's).
have_cmd mount.exfat-fuse || need_pkgs+=(exfat-fuse)
have_cmd mkfs.exfat || need_pkgs+=(exfatprogs)
have_cmd ntfs-3g || need_pkgs+=(ntfs-3g)
have_cmd rsync || need_pkgs+=(rsync)
have_cmd strace || need_pkgs+=(strace)
[ -x /usr/bin/time ] || need_pkgs+=(time)
# make bench-pi formats its loop device ext4 (taskset, losetup and mount are util-linux and mount: always there).
have_cmd mkfs.ext4 || need_pkgs+=(e2fsprogs)
have_cmd sqlite3 || need_pkgs+=(sqlite3)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || need_pkgs+=(postgresql)
# The harness starts its own mariadbd per test instance; the package's own service is not needed.
[ -x /usr/sbin/mariadbd ] || need_pkgs+=(mariadb-server)
# RedisLockingTest: the harness starts its own redis-server per instance (a unix socket, nothing saved); the
# package's own service is not needed. ObjectStorageTest's S3 server is s3rver, an npm devDependency (npm ci).
[ -x /usr/bin/redis-server ] || need_pkgs+=(redis-server)

if [ ${#need_pkgs[@]} -eq 0 ]; then
	echo "system packages: all present"
	exit 0
fi
echo "system packages missing: ${need_pkgs[*]}"
if [ "$(id -u)" != 0 ] || ! have_cmd apt-get; then
	echo "install them with your package manager (not root, or no apt-get here)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${need_pkgs[@]}"
