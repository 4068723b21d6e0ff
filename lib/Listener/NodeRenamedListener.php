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
use OCP\Files\Events\Node\NodeRenamedEvent;

/**
 * A rename or move: queue a rename on the mirror.
 *
 * @template-implements IEventListener<NodeRenamedEvent>
 */
class NodeRenamedListener implements IEventListener {
	public function __construct(
		private ChangeRecorder $recorder,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof NodeRenamedEvent) {
			$this->recorder->renamed($event->getSource(), $event->getTarget());
		}
	}
}
