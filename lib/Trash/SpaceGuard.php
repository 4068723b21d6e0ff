<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Health\HealthSettings;
use Psr\Log\LoggerInterface;

/**
 * Keeps room on a drive for new copies by pruning the oldest trash, and only trash: when free space
 * falls under the reserve, or a file does not fit. If even an empty trash leaves too little room,
 * the copies wait ("full") and nothing is lost.
 */
class SpaceGuard {
	public function __construct(
		private TrashRetention $retention,
		private HealthSettings $settings,
		private LoggerInterface $logger,
	) {
	}

	/**
	 * Frees trash until the reserve is free again, plus $needed bytes (a file that did not fit).
	 *
	 * @return bool whether anything was freed (the drive's state should be read again)
	 */
	public function ensureRoom(Drive $drive, TargetState $state, int $needed = 0): bool {
		if ($state->freeBytes === null || $state->totalBytes === null) {
			return false;
		}
		$want = $this->settings->reserveBytes($state->totalBytes) + $needed - $state->freeBytes;
		if ($want <= 0) {
			return false;
		}
		if ($needed > $state->totalBytes || $want > $this->retention->recordedBytes($drive)) {
			// even an empty trash would not make room (a file larger than the drive, a drive full of live copies):
			// the trash stays, the copies wait as "full", nothing is lost
			return false;
		}
		$freed = $this->retention->makeRoom($drive, $want);
		if ($freed > 0) {
			$this->logger->info('Mirror freed ' . $freed . ' bytes of the oldest trash on target "' . $drive->target()->getName() . '" to make room for new copies');
		}
		return $freed > 0;
	}
}
