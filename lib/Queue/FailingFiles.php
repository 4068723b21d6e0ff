<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

/**
 * "Files failing for longer than N hours", the one definition the health check, the health monitor
 * and the notifier share: a file whose first failure in a row is more than $hours before $now.
 */
class FailingFiles {
	public function __construct(
		private QueueReader $queue,
	) {
	}

	/** The time a file's first failure must be before for it to count as failing. */
	public static function before(int $now, int $hours): int {
		return $now - $hours * 3600;
	}

	/**
	 * Per target: how many files fail, since when, and the first $sample of them.
	 *
	 * @return array<int, array{count: int, since: int, sample: list<QueueItem>}> target id => what fails
	 */
	public function perTarget(int $now, int $hours, int $sample): array {
		return $this->queue->failingSince(self::before($now, $hours), $sample);
	}

	/**
	 * Users with failing files, and how many each.
	 *
	 * @return array<string, int> user id => failing files
	 */
	public function users(int $now, int $hours): array {
		return $this->queue->failingUsers(self::before($now, $hours));
	}

	/**
	 * One user's failing files on any target, oldest failure first.
	 *
	 * @return list<QueueItem>
	 */
	public function ofUser(string $userId, int $now, int $hours): array {
		return $this->queue->failingOf($userId, self::before($now, $hours));
	}
}
