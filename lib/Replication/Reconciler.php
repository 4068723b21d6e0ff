<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\LookAhead;
use OCA\Mirror\Exception\UnsafePathException;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\FileCacheReader;

/**
 * Compares what Nextcloud holds (its file cache), what was recorded, and optionally what is on
 * the drive, and queues the differences. Files left out (Exclusions) count as absent: their copies go
 * to the mirror trash here, at a reconcile, never at the moment the exclusion is added. Catches everything the file events never told us
 * (occ files:scan, changes behind Nextcloud's back, a missed event, a new target).
 */
class Reconciler {
	/**
	 * Recorded copies looked at on the drive together (Drive::notCurrent(), folder by folder): a folder
	 * is opened once for all of its copies among them. The last batch is looked at after the file cache
	 * has been read, with nothing left to do beside it: 2,000 (about 12 ms of looks), not 5,000 (30 ms).
	 * While the batch before is not answered yet, the batch grows (checked every DRIVE_CHECK copies) up to
	 * DRIVE_BATCH_MAX instead of waiting: the memory stays that of DRIVE_BATCH_MAX copies each side.
	 */
	private const DRIVE_BATCH = 2000;
	private const DRIVE_BATCH_MAX = 5000;
	private const DRIVE_CHECK = 250;

	public function __construct(
		private FileCacheReader $cache,
		private ReplicaMapper $replicas,
		private WorkQueue $queue,
		private DriveFactory $drives,
		private Exclusions $exclusions,
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
		$targetId = (int)$target->getId();
		$drive = $this->drives->forTarget($target);
		$checkMirror = $checkMirror && $drive->state()->online;
		$report->mirrorChecked = $checkMirror;
		if (!$dryRun) {
			$this->cache->refresh($userId); // an external storage: scanned first, no event told of its changes
		}

		/** @var list<int> $toQueue */
		$toQueue = [];
		// the copies on the drive are looked at a batch at a time, each while the next is read (LookAhead)
		$looks = $checkMirror ? $drive->lookAhead($userId) : null;
		$looks?->start(); // before the first query: the child is ready when the first batch is
		try {
			$this->compare($looks, $targetId, $userId, $below, $report, $toQueue);
		} finally {
			$looks?->close();
		}
		if (!$dryRun) {
			// one transaction per few hundred items, not a commit each: a new drive queues every file here
			$this->queue->enqueueManyFor($targetId, $userId, $toQueue);
		}
		return $report;
	}

	/**
	 * The file cache against the records (and, with $looks, the copies on the drive): what differs is
	 * reported and added to $toQueue.
	 *
	 * @param list<int> $toQueue
	 */
	private function compare(?LookAhead $looks, int $targetId, string $userId, string $below, ReconcileReport $report, array &$toQueue): void {
		$onDrive = new DriveLook();
		$out = null; // the batch with $looks
		// Both sides come in file id order: walk them side by side (a merge), so a library of any size
		// takes a batch of each in memory, not all of its records.
		$recorded = $this->replicas->iterateSummariesForUser($targetId, $userId, $below === '' ? null : $below);
		$next = $recorded->valid() ? $recorded->current() : null; // the first record not yet matched
		$deleted = function (array $replica) use ($report, $targetId, $userId, &$toQueue): void {
			$report->add($userId, $targetId, $replica['fileId'], $replica['path'], 'deleted');
			$toQueue[] = $replica['fileId'];
		};

		$leftOut = $this->exclusions->matcherFor($userId);
		foreach ($this->cache->files($userId, $below) as $file) {
			$report->files++;
			while ($next !== null && $next['fileId'] < $file['fileId']) {
				$deleted($next); // recorded, but no longer in Nextcloud (here)
				$recorded->next();
				$next = $recorded->valid() ? $recorded->current() : null;
			}
			$replica = null;
			if ($next !== null && $next['fileId'] === $file['fileId']) {
				$replica = $next;
				$recorded->next();
				$next = $recorded->valid() ? $recorded->current() : null;
			}
			$reason = null;
			if ($leftOut($file['path'], $file['size']) !== null) {
				if ($replica === null) {
					$report->leftOut++;
					continue;
				}
				$reason = 'excluded'; // the worker sees it left out too, and moves its copy to the trash
			} elseif ($replica === null) {
				$reason = 'missing';
			} elseif ($replica['path'] !== $file['path']) {
				$reason = 'moved';
			} elseif ($replica['etag'] !== $file['etag'] || $replica['mtime'] !== $file['mtime']) {
				$reason = 'changed';
			} elseif ($looks !== null && self::full($looks, $onDrive->add($replica))) {
				$out = $this->handOver($looks, $out, $onDrive, $targetId, $userId, $report, $toQueue);
				$onDrive = new DriveLook();
			}
			if ($reason !== null) {
				$report->add($userId, $targetId, $file['fileId'], $file['path'], $reason);
				$toQueue[] = $file['fileId'];
			}
		}
		while ($next !== null) {
			$deleted($next);
			$recorded->next();
			$next = $recorded->valid() ? $recorded->current() : null;
		}
		if ($looks !== null) {
			$out = $this->handOver($looks, $out, $onDrive, $targetId, $userId, $report, $toQueue);
			$this->handOver($looks, $out, null, $targetId, $userId, $report, $toQueue);
		}
	}

	/**
	 * Whether the batch gathered ($gathered copies) is to be handed over now.
	 */
	private static function full(LookAhead $looks, int $gathered): bool {
		return $gathered >= self::DRIVE_BATCH_MAX
			|| ($gathered >= self::DRIVE_BATCH && ($gathered - self::DRIVE_BATCH) % self::DRIVE_CHECK === 0 && $looks->answered());
	}

	/**
	 * Takes the answer for the batch out ($out) and hands $copies over: the batch out next.
	 *
	 * @param list<int> $toQueue
	 */
	private function handOver(LookAhead $looks, ?DriveLook $out, ?DriveLook $copies, int $targetId, string $userId, ReconcileReport $report, array &$toQueue): ?DriveLook {
		if ($out !== null) {
			$this->checkOnDrive($looks->receive(), $targetId, $userId, $out, $report, $toQueue);
		}
		if ($copies === null || $copies->paths === []) {
			return null;
		}
		$looks->send($copies->paths, $copies->recorded, $copies->drivePaths);
		return $copies;
	}

	/**
	 * What is wrong with recorded copies on the drive, if anything: reported and added to $toQueue.
	 *
	 * @param array<array-key, array{size: int, mtime: int}|UnsafePathException|null> $notCurrent Drive::notCurrent()'s answer for $copies
	 * @param list<int> $toQueue
	 */
	private function checkOnDrive(array $notCurrent, int $targetId, string $userId, DriveLook $copies, ReconcileReport $report, array &$toQueue): void {
		foreach ($notCurrent as $fileId => $stat) {
			if ($stat instanceof UnsafePathException) {
				$reason = 'mirror_unsafe'; // the copy will fail with the link named, for the admin to see
			} elseif ($stat === null) {
				$reason = 'mirror_missing';
			} else {
				$reason = 'mirror_changed';
			}
			$report->add($userId, $targetId, $fileId, $copies->paths[$fileId], $reason);
			$toQueue[] = $fileId;
		}
	}
}
