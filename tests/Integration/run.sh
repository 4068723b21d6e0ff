#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# Integration suite: the app inside throwaway Nextcloud instances built from a server tree.
#
#   NEXTCLOUD_ROOT=/path/to/nextcloud tests/Integration/run.sh [phpunit args...]
#   NEXTCLOUD_ROOT=/path/to/nextcloud tests/Integration/run.sh --plan sqlite --plan 'mysql:(FooTest|BarTest)' ...
#
# The classes run in MIRROR_IT_JOBS parallel phpunit processes (default the cores + 1, 3 on 2: most waits on php -S,
# cron and disks, not on the CPU), longest first (timings.json), each with its own MIRROR_IT_TMPDIR below the
# run's folder (bin/pool.php). --filter selects classes as phpunit's does; a single class runs as it always did.
# --plan DATABASE[:FILTER] (repeated) runs several selections on several databases in one pool (make test).
# Each class's output and JUnit report are kept in the run's folder, printed when it fails, and the run ends
# with its slowest classes and the total. MIRROR_IT_TIMINGS_UPDATE=1 writes the measured times into timings.json.
# Arguments naming a test file or folder, or asking for a listing, go to one phpunit as they are.
#
# Without NEXTCLOUD_ROOT it says so and exits 0, so `make test` works on machines without a server tree.
# Needs root (bind mounts, tmpfs, fusefat), nextcloudcmd, mkfs.vfat, fusefat, strace.
# MIRROR_IT_KEEP=1 keeps each instance's folder; MIRROR_IT_TMPDIR picks where they are created (default /tmp).
# MIRROR_DB=sqlite|pgsql|mysql picks the database of every test class (default sqlite; pgsql and mysql: a private
# PostgreSQL or MariaDB server per class, started and stopped by the harness).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
checkout="$(cd "$here/../.." && pwd)"

if [ -z "${NEXTCLOUD_ROOT:-}" ]; then
	echo "integration suite SKIPPED: NEXTCLOUD_ROOT not set"
	exit 0
fi
if [ ! -f "$NEXTCLOUD_ROOT/occ" ] || [ ! -f "$NEXTCLOUD_ROOT/version.php" ]; then
	echo "integration suite: NEXTCLOUD_ROOT=$NEXTCLOUD_ROOT is not a Nextcloud server tree" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "integration suite: must run as root (it mounts filesystems)" >&2
	exit 1
fi
missing=""
for tool in php nextcloudcmd mkfs.vfat fusefat fusermount strace mount umount; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "integration suite: missing tools:$missing" >&2
	exit 1
fi
export MIRROR_DB="${MIRROR_DB:-sqlite}"
# MIRROR_DB's database, and every one a --plan names, must be there.
need_database() {
	case "$1" in
	sqlite) ;;
	pgsql) compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null && php -r 'exit(extension_loaded("pdo_pgsql") ? 0 : 1);' \
		|| { echo "integration suite: MIRROR_DB=pgsql needs the postgresql package and pdo_pgsql" >&2; exit 1; } ;;
	mysql) { [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; } && php -r 'exit(extension_loaded("pdo_mysql") ? 0 : 1);' \
		|| { echo "integration suite: MIRROR_DB=mysql needs the mariadb-server package and pdo_mysql (php-mysql)" >&2; exit 1; } ;;
	*) echo "integration suite: MIRROR_DB=$1: use sqlite, pgsql or mysql" >&2; exit 1 ;;
	esac
}
need_database "$MIRROR_DB"
planned=""
previous=""
for arg in "$@"; do
	case "$previous:$arg" in
	--plan:*) need_database "${arg%%:*}"; planned=1 ;;
	*:--plan=*) value="${arg#--plan=}"; need_database "${value%%:*}"; planned=1 ;;
	esac
	previous="$arg"
done
if [ ! -x "$checkout/vendor/bin/phpunit" ]; then
	echo "integration suite: vendor/bin/phpunit missing (run composer install)" >&2
	exit 1
fi

# All instances of this run live below one folder. Whatever happens (Ctrl-C, a crash), undo mounts left
# below it: the tests clean up after themselves, this is the safety net for a phpunit that died hard.
run_dir="$(mktemp -d "${MIRROR_IT_TMPDIR:-${TMPDIR:-/tmp}}/mirror-it-run.XXXXXX")"
export MIRROR_IT_TMPDIR="$run_dir"
# Nextcloud is installed once per run into a template; each test class's instance is a copy of it.
export MIRROR_IT_TEMPLATE_DIR="$run_dir/template-sqlite"
cleanup() {
	set +e +o pipefail
	# A private MariaDB a dead phpunit left running (the harness shuts each down itself).
	for pidfile in "$run_dir"/mirror-it-mariadb-*/mariadbd.pid "$run_dir"/shard-*/mirror-it-mariadb-*/mariadbd.pid \
		"$run_dir"/template-mysql/mariadb/mariadbd.pid; do
		[ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null
	done
	# The same for a private s3rver or redis-server (each the leader of its own process group: setsid).
	for pidfile in "$run_dir"/mirror-it-s3-*/s3rver.pid "$run_dir"/mirror-it-redis-*/redis.pid \
		"$run_dir"/shard-*/mirror-it-s3-*/s3rver.pid "$run_dir"/shard-*/mirror-it-redis-*/redis.pid; do
		[ -f "$pidfile" ] && kill -9 -- "-$(cat "$pidfile")" 2>/dev/null
	done
	# PostgreSQL's template lives in the system's temporary folder (the postgres user cannot reach the run's folder)
	if [ -f "$run_dir/template-pgsql/db-data" ]; then
		pg_data="$(cat "$run_dir/template-pgsql/db-data")"
		[ -f "$pg_data/postmaster.pid" ] && kill -9 "$(head -n 1 "$pg_data/postmaster.pid")" 2>/dev/null
		case "$pg_data" in */mirror-it-pg-template-*/data) rm -rf --one-file-system "$(dirname "$pg_data")" ;; esac
	fi
	awk '{print $2}' /proc/self/mounts | grep -F "$run_dir/" | sort -r | while read -r m; do
		fusermount -u "$m" 2>/dev/null || umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	rm -rf --one-file-system "$run_dir"/template-* "$run_dir/opcache" "$run_dir"/shard-* \
		"$run_dir/ports" "$run_dir/tests.xml"
	rmdir "$run_dir" 2>/dev/null || true
}
trap cleanup EXIT

# Every port a harness process takes (web servers, databases) is recorded here, so that no two shards take the same.
export MIRROR_IT_PORTS="$run_dir/ports"
export NEXTCLOUD_ROOT
direct=""
for arg in "$@"; do
	case "$arg" in
	--list-*) direct=1 ;;
	-*) ;;
	*) [ -e "$arg" ] && direct=1 ;;
	esac
done
start=$(date +%s)
set +e
if [ -n "$direct" ]; then
	"$checkout/vendor/bin/phpunit" -c "$here/phpunit.xml" --log-junit "$run_dir/junit.xml" "$@"
	rc=$?
	php "$here/bin/pool.php" --junit-summary "$run_dir/junit.xml"
	rm -f "$run_dir/junit.xml"
	what="$MIRROR_DB"
else
	php "$here/bin/pool.php" --run-dir "$run_dir" "$@"
	rc=$?
	what="${planned:+plan}"
	what="${what:-$MIRROR_DB}"
fi
set -e
echo "integration suite ($what): exit code $rc, $(( $(date +%s) - start ))s"
exit $rc
