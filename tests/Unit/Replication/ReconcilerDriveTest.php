<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Reconciler;
use OCA\Mirror\Tests\Unit\Drive\DriveFixture;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use PHPUnit\Framework\TestCase;

/**
 * A reconcile that checks the drive: every recorded copy that Nextcloud still has unchanged is looked
 * at on a real drive (in batches, folder by folder), and each one that is not current is reported
 * with why and queued.
 */
class ReconcilerDriveTest extends TestCase {
	use ReconcileSources;
	use DriveFixture;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	/**
	 * @param list<array{fileId: int, path: string, size: int, mtime: int, etag: string}> $files Nextcloud's, and recorded alike
	 * @return array{0: \OCA\Mirror\Replication\ReconcileReport, 1: list<int>}
	 */
	private function reconcile(array $files): array {
		[$cache, $replicas] = $this->sources(array_map(static fn (array $r): array => ['fileId' => $r['fileId'], 'path' => $r['path'], 'size' => $r['size'], 'mtime' => $r['mtime'], 'etag' => $r['etag']], $files), $files);
		$queued = [];
		$queue = $this->createMock(WorkQueue::class);
		$queue->method('enqueueManyFor')->willReturnCallback(static function (int $targetId, string $userId, array $ids) use (&$queued): void {
			$queued = $ids;
		});
		$target = $this->target();
		$target->setId(7);
		$this->drives->forTarget($target)->writeMarker();
		$report = (new Reconciler($cache, $replicas, $queue, $this->drives, ExclusionsFixture::make($this)))->reconcileUser($target, 'alice', '', true);
		return [$report, $queued];
	}

	private function copy(string $path, int $size, int $mtime): void {
		$file = $this->root . '/alice/' . $path;
		if (!is_dir(dirname($file))) {
			mkdir(dirname($file), 0755, true);
		}
		file_put_contents($file, str_repeat('x', $size));
		touch($file, $mtime);
	}

	private static function record(int $fileId, string $path, int $size = 3, int $mtime = 1500000000): array {
		return ['fileId' => $fileId, 'path' => $path, 'size' => $size, 'mtime' => $mtime, 'etag' => 'e' . $fileId, 'drivePath' => null];
	}

	public function testEveryCopyThatIsNotCurrentIsReportedWithWhyAndQueued(): void {
		$this->copy('a.jpg', 3, 1500000000);              // current
		$this->copy('Photos/b.jpg', 3, 1500000001);       // within FAT's two seconds: current
		$this->copy('Photos/c.jpg', 4, 1500000000);       // another size
		$this->copy('Photos/d.jpg', 3, 1400000000);       // another time
		mkdir($this->outside . '/folder');
		file_put_contents($this->outside . '/folder/f.jpg', 'xxx');
		touch($this->outside . '/folder/f.jpg', 1500000000);
		symlink($this->outside . '/folder', $this->root . '/alice/Linked'); // would match, were it followed
		$files = [
			self::record(1, 'a.jpg'),
			self::record(2, 'Photos/b.jpg'),
			self::record(3, 'Photos/c.jpg'),
			self::record(4, 'Photos/d.jpg'),
			self::record(5, 'Photos/e.jpg'),
			self::record(6, 'Linked/f.jpg'),
			self::record(8, 'Gone/g.jpg'),
		];

		[$report, $queued] = $this->reconcile($files);

		$reasons = array_column($report->differences, 'reason', 'fileId');
		ksort($reasons);
		$this->assertSame([3 => 'mirror_changed', 4 => 'mirror_changed', 5 => 'mirror_missing', 6 => 'mirror_unsafe', 8 => 'mirror_missing'], $reasons);
		$this->assertTrue($report->mirrorChecked);
		$this->assertSame(7, $report->files);
		$this->assertSame(2, $report->mirrorChanged);
		$this->assertSame(2, $report->mirrorMissing);
		sort($queued);
		$this->assertSame([3, 4, 5, 6, 8], $queued);
	}

	public function testCopiesAreLookedAtInBatchesAndNoneIsLeftOut(): void {
		$files = [];
		$present = [];
		for ($i = 1; $i <= 15003; $i++) { // the first batch (10,000), then batches of 2,000, with the child or here
			$path = sprintf('Folder%d/%05d.jpg', $i % 7, $i); // folders interleaved in file id order
			$files[] = self::record($i, $path);
			if ($i % 1000 === 0 || $i > 15000) { // only a few copies are on the drive, in every batch
				$this->copy($path, 3, 1500000000);
				$present[] = $i;
			}
		}

		[$report, $queued] = $this->reconcile($files);

		$this->assertSame(15003, $report->files);
		$this->assertSame(15003 - 18, $report->mirrorMissing);
		sort($queued);
		$this->assertSame(array_values(array_diff(range(1, 15003), $present)), $queued);
	}
}
