<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\Replicator;
use OCA\Mirror\Replication\Work;

/**
 * One file: copy it (staged in the batch), follow its rename, or move its copy to the mirror trash.
 */
class FileHandler implements Handler {
	public function __construct(
		private Replicator $replicator,
	) {
	}

	public function handle(QueueItem $item, Work $work): bool {
		return $this->replicator->syncFile($work->drive, $item->getUserId(), $item->getFileId(), $work->heartbeat(...), $work->batch, $item);
	}
}
