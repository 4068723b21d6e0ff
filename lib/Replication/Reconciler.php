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
	 * is opened once for all of its copies among them. The first batch is the child's while the database
	 * compares (differences(), about 0.15 s for 100,000 files on SQLite): 10,000 copies (40,000 took more
	 * memory, 117 MB against 94 MB, and no less time). The others are of DRIVE_BATCH, each with the child or
	 * looked at here, whichever is free. The memory is that of a batch each side, whatever the library.
	 */
	private const FIRST_BATCH = 10000;
	private const DRIVE_BATCH = 2000;
	/** Records asked about together when looking for deleted files (one query per storage). */
	private const DELETED_BATCH = 1000;

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
		// the copies on the drive are looked at a batch at a time, by a forked child and here (LookAhead)
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
	 * The database compares the files with their records and lists only what differs (differences()).
	 * The records are walked once, in file id order, in batches: each recorded copy is looked at for an
	 * exclusion and, with $looks, on the drive. The first batch goes to the child while the database
	 * compares; after that, a batch goes to the child when it has answered the one before and is looked at
	 * here when it has not, so that both CPUs look. A copy whose file was reported is left to the worker:
	 * what the drive or the exclusions say of it is dropped.
	 *
	 * @param list<int> $toQueue
	 */
	private function compare(?LookAhead $looks, int $targetId, string $userId, string $below, ReconcileReport $report, array &$toQueue): void {
		[$leftOut, $leftOutAmong] = $this->exclusions->matchersFor($userId);
		$differ = null; // file id => true, once compared
		$out = null; // the batch with the child
		foreach (self::batches($this->replicas->iterateCopyPages($targetId, $userId, $below === '' ? null : $below)) as $rows) {
			$batch = DriveLook::of($rows);
			$done = $batch; // the batch to settle now, with what the drive says of it
			if ($looks !== null && ($out === null || $looks->answered())) {
				[$done, $out] = [$out, $batch];
				$answer = $done === null ? [] : $looks->receive();
				$looks->send($out->paths, $out->recorded, $out->drivePaths);
			} else {
				$answer = $looks?->lookHere($batch->paths, $batch->recorded, $batch->drivePaths) ?? [];
			}
			$differ ??= $this->differences($leftOut, $targetId, $userId, $below, $report, $toQueue);
			if ($done !== null) {
				$this->settle($done, $answer, $differ, $leftOutAmong, $targetId, $userId, $report, $toQueue);
			}
		}
		$differ ??= $this->differences($leftOut, $targetId, $userId, $below, $report, $toQueue);
		if ($out !== null && $looks !== null) {
			$this->settle($out, $looks->receive(), $differ, $leftOutAmong, $targetId, $userId, $report, $toQueue);
		}
	}

	/**
	 * The records' pages as batches: FIRST_BATCH copies, then DRIVE_BATCH at a time. A library of at most
	 * FIRST_BATCH copies is all in batches of DRIVE_BATCH, shared from the start.
	 *
	 * @param \Generator<list<list<mixed>>> $pages
	 * @return \Generator<list<list<mixed>>>
	 */
	private static function batches(\Generator $pages): \Generator {
		$first = [];
		foreach ($pages as $page) {
			if ($first !== null) {
				$first = $first === [] ? $page : array_merge($first, $page);
				if (count($first) <= self::FIRST_BATCH) {
					continue;
				}
				[$page, $first] = [$first, null];
				yield array_slice($page, 0, self::FIRST_BATCH);
				$page = array_slice($page, self::FIRST_BATCH);
			}
			yield from array_chunk($page, self::DRIVE_BATCH);
		}
		if ($first !== null) {
			yield from array_chunk($first, self::DRIVE_BATCH);
		}
	}

	/**
	 * What is wrong with a batch of recorded copies whose file was not reported ($differ): left out since
	 * (excluded), or not as recorded on the drive ($notCurrent, Drive::notCurrent()'s answer).
	 *
	 * @param array<array-key, array{size: int, mtime: int}|UnsafePathException|null> $notCurrent
	 * @param array<int, true> $differ
	 * @param \Closure(array<array-key, string>, \Closure(array-key): int): array<array-key, \OCA\Mirror\Source\Exclusion\Exclusion> $leftOutAmong
	 * @param list<int> $toQueue
	 */
	private function settle(DriveLook $batch, array $notCurrent, array $differ, \Closure $leftOutAmong, int $targetId, string $userId, ReconcileReport $report, array &$toQueue): void {
		$excluded = $leftOutAmong(array_diff_key($batch->paths, $differ), static fn (int|string $fileId): int => $batch->recorded[(int)$fileId][0]);
		foreach ($excluded as $fileId => $ignored) {
			// the worker sees it left out too, and moves its copy to the trash
			$report->add($userId, $targetId, (int)$fileId, $batch->paths[(int)$fileId], 'excluded');
			$toQueue[] = (int)$fileId;
		}
		foreach ($notCurrent as $fileId => $stat) {
			$fileId = (int)$fileId;
			if (isset($differ[$fileId]) || isset($excluded[$fileId])) {
				continue;
			}
			if ($stat instanceof UnsafePathException) {
				$reason = 'mirror_unsafe'; // the copy will fail with the link named, for the admin to see
			} elseif ($stat === null) {
				$reason = 'mirror_missing';
			} else {
				$reason = 'mirror_changed';
			}
			$report->add($userId, $targetId, $fileId, $batch->paths[$fileId], $reason);
			$toQueue[] = $fileId;
		}
	}

	/**
	 * The files that differ from their records (missing, changed, moved, left out since), and the records
	 * whose file is gone: reported and added to $toQueue.
	 *
	 * @param list<int> $toQueue
	 * @return array<int, true> the file ids reported
	 */
	private function differences(\Closure $leftOut, int $targetId, string $userId, string $below, ReconcileReport $report, array &$toQueue): array {
		$differ = [];
		$prefix = $below === '' ? null : $below;
		$join = $this->replicas->differencesFor($targetId, $userId, $prefix);
		$unrecorded = 0;
		foreach ($this->cache->filesWith($userId, $below, $join) as [$file, $replica]) {
			$reason = null;
			if ($replica === null) {
				$unrecorded++;
			}
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
			}
			if ($reason !== null) {
				$report->add($userId, $targetId, $file['fileId'], $file['path'], $reason);
				$toQueue[] = $file['fileId'];
				$differ[$file['fileId']] = true;
			}
		}
		if ($below === '') {
			// every file was listed above if it has no record, so the others met theirs: no join to count them
			[$files] = $this->cache->countWith($userId, '', null);
			$met = $files - $unrecorded;
		} else {
			// a file here may have its record elsewhere (moved in): the records at or below $below are counted
			[$files, $met] = $this->cache->countWith($userId, $below, $join);
		}
		$report->files += $files;
		// records whose file is no longer in Nextcloud (here): looked for only when some went unmet
		if ($met === null || $this->replicas->countForUser($targetId, $userId, $prefix) > $met) {
			foreach ($this->deleted($targetId, $userId, $below) as $fileId => $path) {
				$report->add($userId, $targetId, $fileId, $path, 'deleted');
				$toQueue[] = $fileId;
				$differ[$fileId] = true;
			}
		}
		return $differ;
	}

	/**
	 * The recorded copies (at or below $below) whose file is not among the user's files.
	 *
	 * @return \Generator<int, string> file id => recorded path
	 */
	private function deleted(int $targetId, string $userId, string $below): \Generator {
		foreach ($this->replicas->iterateCopyPages($targetId, $userId, $below === '' ? null : $below) as $page) {
			foreach (array_chunk($page, self::DELETED_BATCH) as $rows) {
				$batch = array_combine(array_map(intval(...), array_column($rows, 0)), array_map(strval(...), array_column($rows, 1)));
				yield from array_diff_key($batch, $this->cache->present($userId, $below, array_keys($batch)));
			}
		}
	}
}
