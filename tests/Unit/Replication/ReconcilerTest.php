<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Reconciler;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use PHPUnit\Framework\TestCase;

class ReconcilerTest extends TestCase {
	use Fixtures;
	use ReconcileSources;

	/**
	 * @param list<array{fileId: int, path: string, size: int, mtime: int, etag: string}> $files
	 * @param list<Replica> $records
	 * @return array{0: \OCA\Mirror\Replication\ReconcileReport, 1: list<int>}
	 */
	private function reconcile(array $files, array $records, bool $dryRun = false, ?Exclusions $exclusions = null): array {
		[$cache, $replicas] = $this->sources($files, array_map(static fn (Replica $r): array => ['fileId' => $r->getFileId(), 'path' => $r->getPath(), 'size' => $r->getSize(), 'mtime' => $r->getMtime(), 'etag' => $r->getEtag(), 'drivePath' => $r->getDrivePath()], $records));
		$queued = [];
		$queue = $this->createMock(WorkQueue::class);
		$queue->method('enqueueManyFor')->willReturnCallback(static function (int $targetId, string $userId, array $ids) use (&$queued): void {
			$queued = $ids;
		});
		$target = self::target(1, 'USB');
		$report = (new Reconciler($cache, $replicas, $queue, $this->createMock(DriveFactory::class), $exclusions ?? ExclusionsFixture::make($this)))->reconcileUser($target, 'alice', '', false, $dryRun);
		return [$report, $queued];
	}

	private static function file(int $id, string $etag = 'e', ?string $path = null): array {
		return ['fileId' => $id, 'path' => $path ?? 'Photos/' . $id . '.jpg', 'size' => 100, 'mtime' => 0, 'etag' => $etag];
	}

	public function testWalksNextcloudAndTheRecordsSideBySideAndQueuesEveryDifference(): void {
		// records: 1 (deleted, before any file), 3 (same), 4 (changed), 5 (moved), 7 (deleted, between), 12 (deleted, after)
		$records = array_map(static fn (int $id) => self::replica($id, 1, 'e', 100, 1), [1, 3, 4, 5, 7, 12]);
		foreach ($records as $r) {
			$r->setMtime(0);
		}
		$files = [self::file(2), self::file(3), self::file(4, 'new'), self::file(5, 'e', 'Elsewhere/5.jpg'), self::file(8), self::file(9)];

		[$report, $queued] = $this->reconcile($files, $records);

		$reasons = [];
		foreach ($report->differences as $d) {
			$reasons[$d['fileId']] = $d['reason'];
		}
		ksort($reasons);
		$this->assertSame([1 => 'deleted', 2 => 'missing', 4 => 'changed', 5 => 'moved', 7 => 'deleted', 8 => 'missing', 9 => 'missing', 12 => 'deleted'], $reasons);
		$this->assertSame(6, $report->files);
		sort($queued);
		$this->assertSame([1, 2, 4, 5, 7, 8, 9, 12], $queued, 'every difference is queued, in transactions of many');
	}

	public function testALeftOutCopyIsQueuedForTheTrashAndALeftOutFileIsNotCopied(): void {
		$records = [self::replica(3, 1, 'e', 100, 1), self::replica(4, 1, 'e', 100, 1)];
		foreach ($records as $r) {
			$r->setMtime(0);
			$r->setPath($r->getFileId() === 3 ? 'Cache/3.jpg' : 'Photos/4.jpg');
		}
		$files = [self::file(2, 'e', 'Cache/2.jpg'), self::file(3, 'e', 'Cache/3.jpg'), self::file(4)];

		[$report, $queued] = $this->reconcile($files, $records, false, ExclusionsFixture::make($this, [], [], [], 0, ['Cache']));

		$this->assertSame([['userId' => 'alice', 'targetId' => 1, 'fileId' => 3, 'path' => 'Cache/3.jpg', 'reason' => 'excluded']], $report->differences);
		$this->assertSame(1, $report->excluded);
		$this->assertSame(1, $report->leftOut, 'file 2 is left out and was never copied: nothing to do');
		$this->assertSame([3], $queued);
	}

	public function testADryRunQueuesNothing(): void {
		[$report, $queued] = $this->reconcile([self::file(2)], [], true);
		$this->assertCount(1, $report->differences);
		$this->assertSame([], $queued);
	}
}
