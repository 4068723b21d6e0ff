<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\Work;

/**
 * Does one kind of queued work. Idempotent: it decides from what Nextcloud and the drive hold
 * now, so an item done twice (a worker died after the work but before recording it) is harmless.
 */
interface Handler {
	/**
	 * @return bool true when the item's copy waits in the work's batch: the item is complete once the batch is flushed
	 * @throws TargetOfflineException nothing was written; the item waits for the drive
	 * @throws ReplicationException the item failed; the message says why
	 */
	public function handle(QueueItem $item, Work $work): bool;
}
