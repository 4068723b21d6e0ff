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
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;

/**
 * Re-reads mirror copies and compares them with the checksums recorded when they were written.
 * A missing or different copy is named and queued to be copied again.
 */
class Verifier {
	public function __construct(
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private WorkQueue $queue,
	) {
	}

	/**
	 * @param float $samplePercent 100 checks every copy; less picks copies at random
	 * @param callable(string $status, string $userId, string $path, string $file): void $report
	 *                                                                                          status is ok, missing, mismatch
	 *                                                                                          or different_size (counted as a mismatch)
	 * @return array{checked: int, ok: int, missing: int, mismatch: int, bytes: int}
	 * @throws TargetOfflineException
	 */
	public function verify(Target $target, string $userId, float $samplePercent, callable $report): array {
		$drive = $this->drives->forTarget($target);
		$drive->assertWritable();
		$totals = ['checked' => 0, 'ok' => 0, 'missing' => 0, 'mismatch' => 0, 'bytes' => 0];
		foreach ($this->replicas->iterateForUser($target->getId(), $userId) as $replica) {
			if ($samplePercent < 100 && mt_rand(0, 999999) / 10000 >= $samplePercent) {
				continue;
			}
			$file = $drive->locate($userId, $replica->getPath(), $replica->getDrivePath());
			$totals['checked']++;
			try {
				// the recorded size first, on the open copy: one of another size is different, and not read
				$checksum = $drive->checksum($userId, $replica->getPath(), null, $replica->getDrivePath(), $replica->getSize());
			} catch (ReplicationException $e) {
				if ($e->errorCode === ReplicationException::DIFFERENT_SIZE) {
					$totals['mismatch']++;
					$report('different_size', $userId, $replica->getPath(), $file);
					$this->requeue($target, $replica);
					continue;
				}
				$checksum = null; // a link where the copy should be, or unreadable: not a good copy
			}
			if ($checksum === null) {
				$totals['missing']++;
				$report('missing', $userId, $replica->getPath(), $file);
				$this->requeue($target, $replica);
				continue;
			}
			$totals['bytes'] += $replica->getSize();
			if ($checksum !== $replica->getChecksum()) {
				$totals['mismatch']++;
				$report('mismatch', $userId, $replica->getPath(), $file);
				$this->requeue($target, $replica);
				continue;
			}
			$totals['ok']++;
			$report('ok', $userId, $replica->getPath(), $file);
		}
		return $totals;
	}

	private function requeue(Target $target, \OCA\Mirror\Db\Replica $replica): void {
		// forget the record, so that the worker copies the file again (the bad copy goes to the trash)
		$this->replicas->delete($replica);
		$this->queue->enqueueFor($target->getId(), $replica->getUserId(), $replica->getFileId(), QueueItem::KIND_FILE);
	}
}
