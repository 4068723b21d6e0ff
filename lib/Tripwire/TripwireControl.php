<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Queue\WorkQueue;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * What an admin does about the tripwire: release a held user (apply the held changes, or discard
 * them), or switch it off for a user for a while.
 */
class TripwireControl {
	public function __construct(
		private Tripwire $tripwire,
		private WorkQueue $queue,
		private ITimeFactory $time,
		private ActivityPublisher $activity,
	) {
	}

	/**
	 * @param bool $discard drop the held changes instead of applying them: the mirror keeps the last
	 *                      good copies (the next comparison of the user queues what still differs)
	 * @return array{released: bool, changes: int} whether the user was held, and how many changes were applied or dropped
	 */
	public function release(string $userId, bool $discard): array {
		$released = $this->tripwire->release($userId);
		$changes = $this->queue->releaseHeld($userId, $discard);
		if ($released) {
			$this->activity->tripwireReleased($userId, $discard, $changes);
		}
		return ['released' => $released, 'changes' => $changes];
	}

	/**
	 * Switches the tripwire off for one user for $hours (0: on again now).
	 */
	public function disable(string $userId, int $hours): int {
		$until = $hours > 0 ? $this->time->getTime() + $hours * 3600 : 0;
		$this->tripwire->disableUntil($userId, $until);
		return $until;
	}

	/**
	 * @return list<TripwireState>
	 */
	public function held(): array {
		return $this->tripwire->tripped();
	}
}
