<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Listener;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\EventDispatcher\Event;
use OCP\EventDispatcher\IEventListener;
use OCP\User\Events\UserDeletedEvent;

/**
 * Forgets a deleted user: queue rows, records and the tripwire's hold and counts go, mirrored data
 * stays on the drives.
 *
 * @template-implements IEventListener<UserDeletedEvent>
 */
class UserDeletedListener implements IEventListener {
	public function __construct(
		private WorkQueue $queue,
		private ReplicaMapper $replicas,
		private Tripwire $tripwire,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof UserDeletedEvent) {
			$userId = $event->getUser()->getUID();
			$this->queue->forgetUser($userId);
			$this->replicas->deleteByUser($userId);
			$this->tripwire->forgetUser($userId);
		}
	}
}
