<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * What the benchmarks (bench.php, scale.php, workers.php) share: reading parameters, printing, the
 * app's revision and the machine's load.
 */

use OCA\Mirror\Tests\Integration\Harness\Proc;

/** The app's commit, and whether the checkout under test differs from it in lib/ or appinfo/. */
function appRevision(): string {
	$root = dirname(__DIR__);
	$head = Proc::run(['git', '-C', $root, 'rev-parse', '--short', 'HEAD']);
	if (!$head->ok()) {
		return 'unknown (not a git checkout)';
	}
	$dirty = Proc::run(['git', '-C', $root, 'status', '--porcelain', '--', 'lib', 'appinfo']);
	$changed = count(array_filter(explode("\n", trim($dirty->stdout))));
	return trim($head->stdout) . ($changed > 0 ? " + $changed uncommitted changes in lib/ and appinfo/" : '');
}

function loadavg(): string {
	$l = sys_getloadavg();
	return $l === false ? '?' : sprintf('%.2f', $l[0]);
}

/** Flushes the filesystem holding DIR, so that one step's writeback does not land on the next one's clock. */
function syncFs(string $dir): void {
	Proc::run(['sync', '-f', $dir], [], null, null, 600);
}

/**
 * Every process below PID (its children, theirs, ...): the seconds each has run on a CPU and has waited, runnable,
 * for one (/proc/PID/schedstat), by process id. Ended processes are gone from /proc: poll, and keep the last seen.
 *
 * @return array<int, array{0: float, 1: float}>
 */
function descendantsSchedstat(int $pid): array {
	$found = [];
	$todo = [$pid];
	while ($todo !== []) {
		$parent = array_pop($todo);
		foreach (explode(' ', trim((string)@file_get_contents("/proc/$parent/task/$parent/children"))) as $child) {
			if (!ctype_digit($child)) {
				continue;
			}
			$stat = @file_get_contents("/proc/$child/schedstat");
			if ($stat !== false) {
				$f = explode(' ', trim($stat));
				$found[(int)$child] = [(int)$f[0] / 1e9, (int)($f[1] ?? 0) / 1e9];
			}
			$todo[] = (int)$child;
		}
	}
	return $found;
}

/**
 * The environment the benchmarks hand to `occ mirror:process` from their own: MIRROR_SECOND_WORKER when set
 * (=1 starts the second worker even without an idle core, =0 never: see SecondWorker).
 *
 * @return array<string, string>
 */
function workerEnv(): array {
	$second = getenv('MIRROR_SECOND_WORKER');
	return $second === false ? [] : ['MIRROR_SECOND_WORKER' => $second];
}

function envInt(string $name, int $default): int {
	$v = getenv($name);
	if ($v === false || $v === '') {
		return $default;
	}
	if (!preg_match('/^\d+$/', $v)) {
		fail("$name must be a whole number, got '$v'");
	}
	return (int)$v;
}

function fmtBytes(int|float $bytes): string {
	$units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	$i = 0;
	while ($bytes >= 1024 && $i < count($units) - 1) {
		$bytes /= 1024;
		$i++;
	}
	return $i === 0 ? sprintf('%d B', $bytes) : sprintf('%.1f %s', $bytes, $units[$i]);
}

function tail(string $text, int $lines): string {
	return implode("\n", array_slice(explode("\n", rtrim($text)), -$lines));
}

function say(string $line): void {
	printf("[%s] %s\n", date('H:i:s'), $line);
}

function fail(string $message): never {
	fwrite(STDERR, "bench: $message\n");
	exit(1);
}
