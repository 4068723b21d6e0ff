<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IUserManager;

/**
 * "Resync" from the admin page: queues a comparison of every user with one target (the queue
 * worker then queues and copies the differences), and reports how far that got.
 *
 * Progress is read from the queue itself, so it survives page reloads and needs no bookkeeping:
 * the comparisons not yet done (plus folder work waiting to be expanded) and the files still to copy.
 *
 * @psalm-import-type MirrorResyncProgress from ResponseDefinitions
 */
class ResyncService {
	public function __construct(
		private TargetService $targetService,
		private TargetMapper $targets,
		private WorkQueue $queueService,
		private QueueReader $queue,
		private IUserManager $userManager,
		private ITimeFactory $time,
	) {
	}

	/**
	 * @return MirrorResyncProgress
	 * @throws TargetNotFoundException
	 * @throws InvalidTargetException when the target is disabled
	 */
	public function start(int $targetId): array {
		$target = $this->targetService->get($targetId);
		if (!$target->getEnabled()) {
			throw new InvalidTargetException('The target "' . $target->getName() . '" is disabled: enable it first.');
		}
		$target->setResyncRequestedAt($this->time->getTime());
		$target = $this->targets->update($target);
		// one transaction inside: a thousand users are a thousand queue rows, one commit
		$this->queueService->enqueueEverything($target, true);
		return $this->progress($target);
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
