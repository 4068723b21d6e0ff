<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCP\IUserManager;

/**
 * How far a resync (ResyncService::start, from the admin page) got.
 *
 * Progress is read from the queue itself, so it survives page reloads and needs no bookkeeping:
 * the comparisons not yet done (plus folder work waiting to be expanded) and the files still to copy.
 *
 * @psalm-import-type MirrorResyncProgress from ResponseDefinitions
 */
class ResyncProgress {
	public function __construct(
		private QueueReader $queue,
		private IUserManager $userManager,
	) {
	}

	/**
	 * @param int|null $filesPending the target's pending file count when the caller knows it already
	 * @return MirrorResyncProgress
	 */
	public function progress(Target $target, ?int $filesPending = null): array {
		$remaining = $this->queue->structuralCount($target->getId());
		$filesPending ??= $this->filesPending($target->getId());
		$usersTotal = $this->usersTotal();
		return [
			'targetId' => $target->getId(),
			// comparing; the files it queues then show as pending on the target
			'running' => $target->getEnabled() && $remaining > 0,
			'requestedAt' => $target->getResyncRequestedAt(),
			'usersTotal' => max($usersTotal, $remaining),
			'usersRemaining' => $remaining,
			'filesPending' => $filesPending,
		];
	}

	private function filesPending(int $targetId): int {
		$pending = 0;
		foreach ($this->queue->summary() as $row) {
			if ($row['targetId'] === $targetId) {
				$pending += $row['pending'];
			}
		}
		return $pending;
	}

	private function usersTotal(): int {
		$total = $this->userManager->countUsersTotal();
		return $total === false ? 0 : $total;
	}
}
