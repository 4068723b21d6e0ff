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
use OCP\Files\Events\Node\NodeCopiedEvent;
use OCP\Files\Events\Node\NodeCreatedEvent;
use OCP\Files\Events\Node\NodeTouchedEvent;
use OCP\Files\Events\Node\NodeWrittenEvent;

/**
 * New, overwritten, copied or restored content: queue it. No I/O on any target here.
 *
 * @template-implements IEventListener<NodeCreatedEvent|NodeWrittenEvent|NodeTouchedEvent|NodeCopiedEvent>
 */
class NodeChangedListener implements IEventListener {
	public function __construct(
		private ChangeRecorder $recorder,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof NodeCopiedEvent) {
			$this->recorder->changed($event->getTarget());
		} elseif ($event instanceof NodeCreatedEvent || $event instanceof NodeWrittenEvent || $event instanceof NodeTouchedEvent) {
			$this->recorder->changed($event->getNode());
		}
	}
}
