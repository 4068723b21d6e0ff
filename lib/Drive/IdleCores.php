<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * How many CPUs this process may run on, and how many of the machine's were idle over a while:
 * whether a second worker would have a core to itself (Replication\SecondWorker). Read from Linux's
 * /proc, as the drive's mounts are (DriveNames, BlockDevice); where it cannot be read, one CPU and none
 * idle. (Libc::cpusAllowed() asks the kernel the same through FFI, for the forked children.)
 */
final class IdleCores {
	public function __construct(
		private readonly string $proc = '/proc',
	) {
	}

	/**
	 * The CPUs this process may run on (its affinity: `taskset`, a cgroup's cpuset), at least 1.
	 */
	public function allowed(): int {
		$status = @file_get_contents($this->proc . '/self/status');
		if ($status === false || preg_match('/^Cpus_allowed_list:\s*(\S+)/m', $status, $m) !== 1) {
			return 1;
		}
		return self::count($m[1]);
	}

	/**
	 * The number of CPUs in a list such as "0-3,6" (1 when it cannot be read).
	 */
	public static function count(string $list): int {
		$cpus = 0;
		foreach (explode(',', $list) as $range) {
			if (preg_match('/^(\d+)(?:-(\d+))?$/', $range, $m) !== 1) {
				return 1;
			}
			$cpus += isset($m[2]) ? max(0, (int)$m[2] - (int)$m[1]) + 1 : 1;
		}
		return max(1, $cpus);
	}

	/**
	 * The machine's CPU time so far, summed over its CPUs, in clock ticks: idle (waiting for I/O
	 * included), in all, and how many CPUs it has; null when it cannot be read.
	 *
	 * @return array{0: int, 1: int, 2: int}|null
	 */
	public function sample(): ?array {
		$stat = @file_get_contents($this->proc . '/stat');
		if ($stat === false || preg_match('/^cpu\s+(.+)$/m', $stat, $m) !== 1) {
			return null;
		}
		// user nice system idle iowait irq softirq steal (guest time is in user already)
		$ticks = array_map('intval', preg_split('/\s+/', trim($m[1])) ?: []);
		if (count($ticks) < 5) {
			return null;
		}
		return [$ticks[3] + $ticks[4], array_sum(array_slice($ticks, 0, 8)), max(1, (int)preg_match_all('/^cpu\d+\s/m', $stat))];
	}

	/**
	 * How many cores were idle on average between two samples (0 when nothing can be said).
	 *
	 * @param array{0: int, 1: int, 2: int}|null $before
	 * @param array{0: int, 1: int, 2: int}|null $after
	 */
	public static function between(?array $before, ?array $after): float {
		if ($before === null || $after === null || $after[1] <= $before[1]) {
			return 0.0;
		}
		return max(0, $after[0] - $before[0]) / ($after[1] - $before[1]) * $after[2];
	}
}
