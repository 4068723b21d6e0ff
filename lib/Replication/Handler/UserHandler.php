<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\Reconciler;
use OCA\Mirror\Replication\Work;

/**
 * One user compared with the target (a new or re-enabled target, a missed event, a resync with the
 * drive checked): the differences are queued as file items.
 */
class UserHandler implements Handler {
	public function __construct(
		private Reconciler $reconciler,
	) {
	}

	public function handle(QueueItem $item, Work $work): bool {
		$this->reconciler->reconcileUser($work->target, $item->getUserId(), '', $item->getKind() === QueueItem::KIND_USER_DRIVE);
		return false;
	}
}
