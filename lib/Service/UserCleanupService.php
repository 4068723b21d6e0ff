<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Tripwire\Tripwire;

/**
 * Forgets a deleted user: queue rows, records and the tripwire's hold and counts go, mirrored data
 * stays on the drives.
 */
class UserCleanupService {
	public function __construct(
		private WorkQueue $queue,
		private ReplicaMapper $replicas,
		private Tripwire $tripwire,
	) {
	}

	public function forget(string $userId): void {
		$this->queue->forgetUser($userId);
		$this->replicas->deleteByUser($userId);
		$this->tripwire->forgetUser($userId);
	}
}
