<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\TestCase;

/**
 * When the database is lost, what the drive's manifest lists is restored: every file of it, a file
 * whose name PHP takes for a number ("2024") too.
 */
class RestoreServiceFromDriveTest extends TestCase {
	public function testAFileNamedLikeANumberIsRestoredFromTheDrive(): void {
		$target = new Target();
		$target->setId(7);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('assertWritable')->willReturn(new TargetState(true, null, 'online'));
		// as json_decode() gives it: the key "2024" is an int
		$drive->method('readManifest')->willReturn([
			2024 => ['size' => 6, 'mtime' => 1, 'sha256' => hash('sha256', 'a year'), 'drivePath' => null],
			'b.txt' => ['size' => 1, 'mtime' => 1, 'sha256' => hash('sha256', 'b'), 'drivePath' => null],
		]);
		$drive->method('openCopy')->willReturnCallback(static function (string $userId, string $path) {
			$stream = fopen('php://memory', 'w+b');
			fwrite($stream, $path === '2024' ? 'a year' : 'b');
			rewind($stream);
			return $stream;
		});
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->method('existing')->willReturn(null);
		$service = new RestoreService($drives, $this->createMock(ReplicaMapper::class), $this->createMock(TrashEntryMapper::class), $writer,
			$this->createMock(WriteTransaction::class), $this->createMock(ITimeFactory::class));

		$report = new RestoreReport();
		$this->assertTrue($service->restore($target, 'alice', '', RestoreService::LATEST, '', RestoreService::MODE_NEW, true, $report, null, true));
		$this->assertSame([['2024', RestoreReport::RESTORED], ['b.txt', RestoreReport::RESTORED]],
			array_map(static fn (array $f): array => [$f['path'], $f['result']], $report->files));
	}
}
