<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;

/**
 * What a handler gets with its item: the target, its drive (checked online when the batch
 * started), the batch that copies wait in, and a heartbeat to call during long work.
 */
final class Work {
	/**
	 * @param \Closure(): void $heartbeat
	 */
	public function __construct(
		public readonly Target $target,
		public readonly Drive $drive,
		public readonly CopyBatch $batch,
		private readonly \Closure $heartbeat,
	) {
	}

	public function targetId(): int {
		return (int)$this->target->getId();
	}

	/**
	 * Keeps this worker's claims fresh; cheap to call often.
	 */
	public function heartbeat(): void {
		($this->heartbeat)();
	}
}
