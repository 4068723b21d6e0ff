<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCP\IUserManager;

/**
 * The tripwire in the API's shape: who is held, since when, why, and how many changes wait.
 *
 * @psalm-import-type MirrorTripwire from ResponseDefinitions
 */
class TripwireReport {
	public function __construct(
		private Tripwire $tripwire,
		private QueueReader $queue,
		private IUserManager $users,
	) {
	}

	/**
	 * @return MirrorTripwire
	 */
	public function report(): array {
		$held = [];
		$counts = $this->queue->heldCounts();
		foreach ($this->tripwire->tripped() as $state) {
			$held[] = [
				'userId' => $state->getUserId(),
				'displayName' => $this->users->getDisplayName($state->getUserId()) ?? $state->getUserId(),
				'trippedAt' => (int)$state->getTrippedAt(),
				'reason' => (string)$state->getReason(),
				'detail' => $state->getDetail(),
				'heldChanges' => $counts[$state->getUserId()] ?? 0,
			];
		}
		return ['held' => $held, 'settings' => $this->tripwire->settings()];
	}
}
