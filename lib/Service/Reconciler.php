<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Exception\UnsafePathException;
use OCA\Mirror\Model\ReconcileReport;
use OCA\Mirror\Queue\WorkQueue;

/**
 * Compares what Nextcloud holds (its file cache), what was recorded, and optionally what is on
 * the drive, and queues the differences. Catches everything the file events never told us
 * (occ files:scan, changes behind Nextcloud's back, a missed event, a new target).
 */
class Reconciler {
	public function __construct(
		private FileCacheReader $cache,
		private ReplicaMapper $replicas,
		private WorkQueue $queue,
		private DriveFactory $drives,
	) {
	}

	/**
	 * @param string $below only this path inside the user's files ('' for all)
	 * @param bool $checkMirror also stat every recorded copy on the drive (only when it is online)
	 * @param bool $dryRun report, queue nothing
	 */
	public function reconcileUser(Target $target, string $userId, string $below = '', bool $checkMirror = false, bool $dryRun = false): ReconcileReport {
		$report = new ReconcileReport();
		$below = trim($below, '/');
		$drive = $this->drives->forTarget($target);
		$checkMirror = $checkMirror && $drive->state()->online;
		$report->mirrorChecked = $checkMirror;

		/** @var list<int> $toQueue */
		$toQueue = [];
		// Both sides come in file id order: walk them side by side (a merge), so a library of any size
		// takes a batch of each in memory, not all of its records.
		$recorded = $this->replicas->iterateSummariesForUser($target->getId(), $userId, $below === '' ? null : $below);
		$deleted = function (array $replica) use ($report, $target, $userId, &$toQueue): void {
			$report->add($userId, $target->getId(), $replica['fileId'], $replica['path'], 'deleted');
			$toQueue[] = $replica['fileId'];
		};

		foreach ($this->cache->files($userId, $below) as $file) {
			$report->files++;
			while ($recorded->valid() && $recorded->current()['fileId'] < $file['fileId']) {
				$deleted($recorded->current()); // recorded, but no longer in Nextcloud (here)
				$recorded->next();
			}
			$replica = null;
			if ($recorded->valid() && $recorded->current()['fileId'] === $file['fileId']) {
				$replica = $recorded->current();
				$recorded->next();
			}
			$reason = null;
			if ($replica === null) {
				$reason = 'missing';
			} elseif ($replica['path'] !== $file['path']) {
				$reason = 'moved';
			} elseif ($replica['etag'] !== $file['etag'] || $replica['mtime'] !== $file['mtime']) {
				$reason = 'changed';
			} elseif ($checkMirror) {
				$reason = $this->mirrorDifference($drive, $userId, $replica);
			}
			if ($reason !== null) {
				$report->add($userId, $target->getId(), $file['fileId'], $file['path'], $reason);
				$toQueue[] = $file['fileId'];
			}
		}
		while ($recorded->valid()) {
			$deleted($recorded->current());
			$recorded->next();
		}
		if (!$dryRun) {
			// one transaction per few hundred items, not a commit each: a new drive queues every file here
			$this->queue->enqueueManyFor((int)$target->getId(), $userId, $toQueue);
		}
		return $report;
	}

	/**
	 * What is wrong with the recorded copy on the drive, if anything.
	 */
	/**
	 * @param array{fileId: int, path: string, size: int, mtime: int, etag: string} $replica
	 */
	private function mirrorDifference(Drive $drive, string $userId, array $replica): ?string {
		try {
			$stat = $drive->stat($userId, $replica['path']);
		} catch (UnsafePathException) {
			return 'mirror_unsafe'; // the copy will fail with the link named, for the admin to see
		}
		if ($stat === null) {
			return 'mirror_missing';
		}
		return Drive::matches($stat, $replica['size'], $replica['mtime']) ? null : 'mirror_changed';
	}
}
