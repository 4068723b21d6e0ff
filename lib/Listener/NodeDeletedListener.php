<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Listener;

use OCA\Mirror\Queue\ChangeRecorder;
use OCP\EventDispatcher\Event;
use OCP\EventDispatcher\IEventListener;
use OCP\Files\Events\Node\BeforeNodeDeletedEvent;
use OCP\Files\Events\Node\NodeDeletedEvent;

/**
 * A deletion: remember the node before it goes, then queue the move of its copy to the mirror trash.
 *
 * @template-implements IEventListener<BeforeNodeDeletedEvent|NodeDeletedEvent>
 */
class NodeDeletedListener implements IEventListener {
	public function __construct(
		private ChangeRecorder $recorder,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof BeforeNodeDeletedEvent) {
			$this->recorder->deleting($event->getNode());
		} elseif ($event instanceof NodeDeletedEvent) {
			$this->recorder->deleted($event->getNode());
		}
	}
}
