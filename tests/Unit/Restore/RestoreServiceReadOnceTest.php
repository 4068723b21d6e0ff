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
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

/**
 * What is written into Nextcloud is what was checked against the recorded sha256: the copy on the
 * drive is opened once. A name on the drive is a stranger's: opened again, it could be a link to
 * the server's own files by then, and those bytes would land in the user's files unchecked.
 */
class RestoreServiceReadOnceTest extends TestCase {
	/** The service with the drive and the writer a case sets up; the rest is not used here. */
	private function service(DriveFactory $drives, NextcloudWriter $writer): RestoreService {
		return new RestoreService($drives, $this->createMock(ReplicaMapper::class), $this->createMock(TrashEntryMapper::class), $writer,
			$this->createMock(WriteTransaction::class), $this->createMock(ITimeFactory::class),
			$this->createMock(ManifestReader::class), $this->createMock(IL10N::class));
	}

	public function testTheBytesWrittenAreTheBytesChecked(): void {
		$target = new Target();
		$target->setId(7);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('assertWritable')->willReturn(new TargetState(true, null, '/mnt/usb'));
		$opened = 0;
		// the first open finds the copy; any later one finds what a stranger swapped in
		$drive->method('openTrashed')->willReturnCallback(static function () use (&$opened) {
			$stream = fopen('php://memory', 'w+b');
			fwrite($stream, $opened++ === 0 ? 'the photo' : 'the server\'s config.php');
			rewind($stream);
			return $stream;
		});
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$written = [];
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->method('existing')->willReturn(null);
		$writer->method('write')->willReturnCallback(function (string $userId, string $path, $stream) use (&$written): File {
			$written[$path] = stream_get_contents($stream);
			return $this->createMock(File::class);
		});
		$service = $this->service($drives, $writer);

		$entry = new TrashEntry();
		$entry->setId(3);
		$entry->setTargetId(7);
		$entry->setUserId('alice');
		$entry->setFileId(41);
		$entry->setPath('a.jpg');
		$entry->setTrashPath('2026-11-30/a.jpg');
		$entry->setSize(9);
		$entry->setMtime(1_700_000_000);
		$entry->setChecksum(hash('sha256', 'the photo'));
		$entry->setReason(TrashEntry::OVERWRITTEN);
		$result = $service->restoreTrashed($target, 'alice', $entry, 'Photos/a.jpg', new RestoreReport());

		$this->assertSame(RestoreReport::RESTORED, $result['result']);
		$this->assertSame(['Photos/a.jpg' => 'the photo'], $written);
		$this->assertSame(1, $opened, 'opened once');
	}

	public function testACopyOfAnotherSizeIsMismatchedBeforeItIsHashed(): void {
		$target = new Target();
		$target->setId(7);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('assertWritable')->willReturn(new TargetState(true, null, '/mnt/usb'));
		$stream = fopen('php://memory', 'w+b');
		fwrite($stream, 'the photo, and more planted after it');
		rewind($stream);
		$drive->method('openTrashed')->willReturn($stream);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->method('existing')->willReturn(null);
		$writer->expects($this->never())->method('write');
		$service = $this->service($drives, $writer);
		$entry = new TrashEntry();
		$entry->setId(3);
		$entry->setTargetId(7);
		$entry->setUserId('alice');
		$entry->setFileId(41);
		$entry->setPath('a.jpg');
		$entry->setTrashPath('2026-11-30/a.jpg');
		$entry->setSize(9);
		$entry->setMtime(1_700_000_000);
		$entry->setChecksum(hash('sha256', 'the photo'));
		$entry->setReason(TrashEntry::OVERWRITTEN);

		$result = $service->restoreTrashed($target, 'alice', $entry, 'a.jpg', new RestoreReport());

		$this->assertSame(RestoreReport::MISMATCHED, $result['result'], 'the same answer as a failed checksum');
		$this->assertSame([RestoreException::DIFFERENT_SIZE, ['size' => 36, 'recorded' => 9]], [$result['code'], $result['params']], 'a code and the numbers, no English');
	}
}
