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
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * "Resync" from the admin page: queues a comparison of every user with one target (the queue
 * worker then queues and copies the differences). How far it got: Status\ResyncProgress.
 */
class ResyncService {
	public function __construct(
		private TargetMapper $targets,
		private WorkQueue $queueService,
		private ITimeFactory $time,
	) {
	}

	/**
	 * @return Target the target, its resync request time set
	 * @throws InvalidTargetException when the target is disabled
	 */
	public function start(Target $target): Target {
		if (!$target->getEnabled()) {
			throw new InvalidTargetException('The target "' . $target->getName() . '" is disabled: enable it first.', 'disabled', ['name' => $target->getName()]);
		}
		$target->setResyncRequestedAt($this->time->getTime());
		$target = $this->targets->update($target);
		// one transaction inside: a thousand users are a thousand queue rows, one commit
		$this->queueService->enqueueEverything($target, true);
		return $target;
	}
}
