<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetState;
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
 * A deleted file restored at its place gets its copy back from the drive's trash (Drive::untrash),
 * and is recorded where the drive put it: a case twin's copy at its suffixed place, not at the
 * encoded path, where its twin stands.
 */
class RestoreServicePutBackTest extends TestCase {
	/** @var list<Replica> */
	private array $inserted = [];
	/** @var list<TrashEntry> trash records deleted */
	private array $deleted = [];

	private function service(?string $untrashedTo, bool $raceFree): RestoreService {
		$target = new Target();
		$target->setId(7);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('assertWritable')->willReturn(new TargetState(true, null, '/mnt/usb'));
		$drive->method('openTrashed')->willReturnCallback(static function () {
			$stream = fopen('php://memory', 'w+b');
			fwrite($stream, 'twin');
			rewind($stream);
			return $stream;
		});
		$drive->method('isRaceFree')->willReturn($raceFree);
		$drive->expects($raceFree ? $this->once() : $this->never())->method('untrash')->with('alice', '2026-11-30/photos (case 2)/y.jpg', 'photos/y.jpg')->willReturn($untrashedTo);
		// as Drive::recordable(): nothing to record for the encoded path
		$drive->method('recordable')->willReturnCallback(static fn (string $path, ?string $drivePath): ?string => $drivePath === $path ? null : $drivePath);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);

		$file = $this->createMock(File::class);
		$file->method('getId')->willReturn(42);
		$file->method('getMTime')->willReturn(1_700_000_000);
		$file->method('getEtag')->willReturn('etag');
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->method('existing')->willReturn(null);
		$writer->method('write')->willReturn($file);

		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('findAtPaths')->willReturn([]);
		$replicas->method('findByFile')->willReturn(null);
		$replicas->method('insert')->willReturnCallback(function (Replica $replica): Replica {
			$this->inserted[] = $replica;
			return $replica;
		});
		$transaction = $this->createMock(WriteTransaction::class);
		$transaction->method('run')->willReturnCallback(static fn (callable $writes): mixed => $writes());

		$trash = $this->createMock(TrashEntryMapper::class);
		$trash->method('delete')->willReturnCallback(function (TrashEntry $entry): TrashEntry {
			$this->deleted[] = $entry;
			return $entry;
		});

		return new RestoreService($drives, $replicas, $trash, $writer, $transaction, $this->createMock(ITimeFactory::class),
			$this->createMock(ManifestReader::class), $this->createMock(IL10N::class));
	}

	private static function entry(): TrashEntry {
		$entry = new TrashEntry();
		$entry->setId(3);
		$entry->setTargetId(7);
		$entry->setUserId('alice');
		$entry->setFileId(41);
		$entry->setPath('photos/y.jpg');
		$entry->setTrashPath('2026-11-30/photos (case 2)/y.jpg');
		$entry->setSize(4);
		$entry->setMtime(1_700_000_000);
		$entry->setChecksum(hash('sha256', 'twin'));
		$entry->setReason(TrashEntry::DELETED);
		return $entry;
	}

	private function restore(?string $untrashedTo, bool $raceFree = true): string {
		$target = new Target();
		$target->setId(7);
		return $this->service($untrashedTo, $raceFree)->restoreTrashed($target, 'alice', self::entry(), 'photos/y.jpg', new RestoreReport())['result'];
	}

	public function testACaseTwinsCopyIsRecordedWhereTheDrivePutItBack(): void {
		$this->assertSame(RestoreReport::RESTORED, $this->restore('photos (case 2)/y.jpg'));
		$this->assertCount(1, $this->inserted);
		$this->assertSame(['photos/y.jpg', 'photos (case 2)/y.jpg', 42, hash('sha256', 'twin')],
			[$this->inserted[0]->getPath(), $this->inserted[0]->getDrivePath(), $this->inserted[0]->getFileId(), $this->inserted[0]->getChecksum()]);
	}

	public function testACopyAtItsEncodedPathRecordsNoPlace(): void {
		$this->assertSame(RestoreReport::RESTORED, $this->restore('photos/y.jpg'));
		$this->assertCount(1, $this->inserted);
		$this->assertNull($this->inserted[0]->getDrivePath());
		$this->assertSame([3], array_map(static fn (TrashEntry $e): ?int => $e->getId(), $this->deleted), 'no longer in the trash');
	}

	public function testNothingIsRecordedWhenTheCopyCouldNotBePutBack(): void {
		$this->assertSame(RestoreReport::RESTORED, $this->restore(null), 'the file is restored; the worker copies it as any other');
		$this->assertSame([], $this->inserted);
	}

	public function testAWebRequestWritesNothingToTheDriveButTheTrashRecordGoes(): void {
		// not race-free (no FFI in the web server): untrash is never attempted (never() above)
		$this->assertSame(RestoreReport::RESTORED, $this->restore('photos/y.jpg', false), 'the file is restored; the worker copies it as a new one');
		$this->assertSame([], $this->inserted, 'not recorded as replicated: the worker copies it');
		$this->assertSame([3], array_map(static fn (TrashEntry $e): ?int => $e->getId(), $this->deleted), 'not listed as deleted, nor reported skipped, again');
	}
}
