<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/**
 * How many phpunit processes a parallel run starts at once when MIRROR_IT_JOBS (or --jobs) does not say.
 *
 * Most of a class waits (php -S, cron.php, occ, disks), so one process more than the cores keeps them busy: 3 on
 * CI's 2 cores, the value the suite's parallel runs were measured with (a run used 2,413 s of CPU in 2,607 s of
 * wall time on 2 cores). Each process holds an instance (its web server's workers, occ, cron, sometimes a private
 * MariaDB, PostgreSQL, Redis or s3rver), so no more than the available memory holds at 2 GB each, and never
 * fewer than 1.
 */
final class Slots {
	public const PER_SLOT_BYTES = 2 * 1024 * 1024 * 1024;

	public static function default(int $cpus, ?int $availableBytes): int {
		$slots = max(1, $cpus) + 1;
		if ($availableBytes !== null) {
			$slots = min($slots, intdiv($availableBytes, self::PER_SLOT_BYTES));
		}
		return max(1, $slots);
	}

	/** This machine's: the CPUs this process may run on (nproc), and MemAvailable from /proc/meminfo. */
	public static function forThisMachine(): int {
		$cpus = (int)trim((string)shell_exec('nproc 2>/dev/null'));
		$meminfo = @file_get_contents('/proc/meminfo');
		$available = is_string($meminfo) && preg_match('/^MemAvailable:\s+(\d+) kB/m', $meminfo, $m) === 1 ? (int)$m[1] * 1024 : null;
		return self::default($cpus > 0 ? $cpus : 2, $available);
	}
}
