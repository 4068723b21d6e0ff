<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * Copies, renames and the trash on a real folder standing for the drive.
 */
class DriveCopyTest extends TestCase {
	use DriveFixture;

	private Drive $drive;

	protected function setUp(): void {
		$this->setUpFolders();
		$this->drive = $this->onlineDrive();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	public function testCopyWritesContentMtimeModeAndChecksum(): void {
		$result = $this->drive->copyIn('alice', 'a.jpg', self::stream('photo'), 1500000000, 5, self::noBeat());
		$dest = $this->root . '/alice/a.jpg';
		clearstatcache();
		$this->assertSame('photo', file_get_contents($dest));
		$this->assertSame(1500000000, filemtime($dest));
		$this->assertSame(0644, fileperms($dest) & 0777);
		$this->assertSame(hash('sha256', 'photo'), $result['checksum']);
		$this->assertSame(5, $result['size']);
		$this->assertSame([], self::parts($this->root . '/alice'));
		$this->assertTrue($this->drive->isCurrent('alice', 'a.jpg', 5, 1500000000));
		$this->assertSame(hash('sha256', 'photo'), $this->drive->checksum('alice', 'a.jpg'));
	}

	public function testCopyCreatesTheFoldersOnTheWay(): void {
		$this->drive->copyIn('alice', 'Photos/2026/a.jpg', self::stream('photo'), 1500000000, 5, self::noBeat());
		$this->assertSame('photo', file_get_contents($this->root . '/alice/Photos/2026/a.jpg'));
		$this->assertTrue($this->drive->isFolder('alice', 'Photos/2026'));
	}

	public function testOverwriteKeepsPreviousContentInTrash(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'good');
		$this->drive->copyIn('alice', 'a.jpg', self::stream('encrypted!'), 1, 10, self::noBeat());
		$this->assertSame('encrypted!', file_get_contents($this->root . '/alice/a.jpg'));
		$this->assertSame('good', file_get_contents($this->trashDir() . '/a.jpg'));
	}

	public function testSameContentIsNotTrashedTwice(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'same');
		$this->drive->copyIn('alice', 'a.jpg', self::stream('same'), 1, 4, self::noBeat());
		$this->assertSame('same', file_get_contents($this->root . '/alice/a.jpg'));
		$this->assertFileDoesNotExist($this->trashDir() . '/a.jpg');
	}

	public function testShortReadIsRefusedAndLeavesOldFile(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'old');
		try {
			$this->drive->copyIn('alice', 'a.jpg', self::stream('abc'), 1, 10, self::noBeat());
			$this->fail('expected an exception');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::CHANGED, $e->errorCode);
		}
		$this->assertSame('old', file_get_contents($this->root . '/alice/a.jpg'));
		$this->assertSame([], self::parts($this->root . '/alice'));
	}

	public function testTakingOverRemovesTheDeadWorkersTemporaryFileOnly(): void {
		mkdir($this->root . '/alice');
		$prefix = '.mirror-' . substr(hash('sha256', 'a.jpg'), 0, 16) . '.';
		$stray = $this->root . '/alice/' . $prefix . 'aaaaaaaaaaaa.part';
		$otherFile = $this->root . '/alice/.mirror-' . substr(hash('sha256', 'b.jpg'), 0, 16) . '.bbbbbbbbbbbb.part';
		file_put_contents($stray, 'half a copy');
		file_put_contents($otherFile, 'another file being copied');
		$this->drive->copyIn('alice', 'a.jpg', self::stream('photo'), 1, 5, self::noBeat(), true);
		$this->assertFileDoesNotExist($stray);
		$this->assertSame('another file being copied', file_get_contents($otherFile));
		$this->assertSame('photo', file_get_contents($this->root . '/alice/a.jpg'));
	}

	public function testTrashNamesDoNotCollide(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/x.txt', '1');
		$this->assertSame(date('Y-m-d', $this->now) . '/x.txt', $this->drive->moveToTrash('alice', 'x.txt'));
		file_put_contents($this->root . '/alice/x.txt', '2');
		$this->assertSame(date('Y-m-d', $this->now) . '/x (2).txt', $this->drive->moveToTrash('alice', 'x.txt'), 'it says where it went');
		$this->assertFileDoesNotExist($this->root . '/alice/x.txt');
		$this->assertSame('1', file_get_contents($this->trashDir() . '/x.txt'));
		$this->assertSame('2', file_get_contents($this->trashDir() . '/x (2).txt'));
	}

	public function testMoveToTrashKeepsTheFoldersAndMovesAWholeFolder(): void {
		mkdir($this->root . '/alice/Photos/2026', 0755, true);
		file_put_contents($this->root . '/alice/Photos/2026/a.jpg', 'a');
		$this->assertSame(date('Y-m-d', $this->now) . '/Photos/2026/a.jpg', $this->drive->moveToTrash('alice', 'Photos/2026/a.jpg'));
		$this->assertSame('a', file_get_contents($this->trashDir() . '/Photos/2026/a.jpg'));
		$this->assertSame(date('Y-m-d', $this->now) . '/Photos (2)', $this->drive->moveToTrash('alice', 'Photos'));
		$this->assertDirectoryDoesNotExist($this->root . '/alice/Photos');
		$this->assertDirectoryExists($this->trashDir() . '/Photos (2)/2026');
	}

	public function testMoveToTrashOfNothingIsFalse(): void {
		$this->assertNull($this->drive->moveToTrash('alice', 'gone.jpg'));
		$this->assertDirectoryDoesNotExist($this->root . '/' . Drive::TRASH_DIR);
	}

	public function testRenameMovesTheSameFileIntoANewFolder(): void {
		$this->drive->copyIn('alice', 'a.jpg', self::stream('photo'), 1500000000, 5, self::noBeat());
		$inode = fileinode($this->root . '/alice/a.jpg');
		$this->assertSame('Album/b.jpg', $this->drive->rename('alice', 'a.jpg', 'Album/b.jpg'), 'where it went, for the record');
		clearstatcache();
		$this->assertFileDoesNotExist($this->root . '/alice/a.jpg');
		$this->assertSame($inode, fileinode($this->root . '/alice/Album/b.jpg'), 'renamed, not copied');
		$this->assertSame(1500000000, filemtime($this->root . '/alice/Album/b.jpg'));
	}

	public function testRenameNeverReplacesAnything(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'a');
		file_put_contents($this->root . '/alice/b.jpg', 'b');
		$this->assertNull($this->drive->rename('alice', 'a.jpg', 'b.jpg'));
		$this->assertSame('a', file_get_contents($this->root . '/alice/a.jpg'));
		$this->assertSame('b', file_get_contents($this->root . '/alice/b.jpg'));
		$this->assertNull($this->drive->rename('alice', 'missing.jpg', 'c.jpg'));
		$this->assertFileDoesNotExist($this->root . '/alice/c.jpg');
	}

	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function intoItself(): array {
		return [
			'a file' => ['a.jpg', 'a.jpg/b.jpg'],
			'a folder' => ['Photos', 'Photos/Old'],
		];
	}

	/**
	 * In Nextcloud: rename Photos to Tmp, create a new Photos, move Tmp into it as Photos/Old; the
	 * queued move keeps the first old path. Nothing can be renamed at once (false: the callers then
	 * trash or copy anew), and nothing may be moved aside before finding out.
	 */
	#[DataProvider('intoItself')]
	public function testRenameIntoItselfRenamesNothing(string $from, string $to): void {
		mkdir($this->root . '/alice/Photos', 0755, true);
		file_put_contents($this->root . '/alice/Photos/a.jpg', 'in the folder');
		file_put_contents($this->root . '/alice/a.jpg', 'a file');
		$before = self::snapshot($this->root . '/alice');
		$this->assertNull($this->drive->rename('alice', $from, $to));
		$this->assertSame($before, self::snapshot($this->root . '/alice'));
		$this->assertDirectoryDoesNotExist($this->root . '/' . Drive::TRASH_DIR);
	}

	public function testParentSegmentsAreRefused(): void {
		try {
			$this->drive->copyIn('alice', '../../outside/passwd', self::stream('x'), 1, 1, self::noBeat());
			$this->fail('expected ReplicationException');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::NAME, $e->errorCode);
		}
		$this->assertFileDoesNotExist($this->outside . '/passwd');
		$this->expectException(ReplicationException::class);
		$this->drive->locate('alice', '../../etc/passwd');
	}

	public function testEnsureFolderMovesAFileInTheWayToTrash(): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/Photos', 'a file named like the folder');
		$this->drive->ensureFolder('alice', 'Photos/2026');
		$this->assertDirectoryExists($this->root . '/alice/Photos/2026');
		$this->assertSame('a file named like the folder', file_get_contents($this->trashDir() . '/Photos'));
	}

	public function testErrorsAreExplainedEvenWhenAnotherErrorHandlerSwallowsWarnings(): void {
		// Nextcloud's own error handler takes PHP's warnings: the reason must still reach the admin
		set_error_handler(static fn (): bool => true);
		try {
			try {
				(new IoCall())->call(fn () => fopen($this->root . '/missing/a.jpg', 'xb'), 'create_temporary', $this->root . '/missing');
				$this->fail('expected an exception');
			} catch (ReplicationException $e) {
				$this->assertStringContainsString('No such file or directory', $e->getMessage());
				// stored as parameters for the catalogue: what, where, and the system's words
				$this->assertSame(['action' => 'create_temporary', 'path' => $this->root . '/missing', 'detail' => 'No such file or directory'], $e->params);
			}
			// through a drive: only the warning tells that the name was too long for the filesystem
			try {
				$this->drive->copyIn('alice', str_repeat('n', 300) . '.jpg', self::stream('x'), 1, 1, self::noBeat());
				$this->fail('expected an exception');
			} catch (ReplicationException $e) {
				$this->assertSame(ReplicationException::NAME, $e->errorCode, $e->getMessage());
			}
			$this->assertSame([], self::parts($this->root . '/alice'));
		} finally {
			restore_error_handler();
		}
	}

	public function testNamesTheDriveRefusesAreReportedAsNameErrors(): void {
		$io = new IoCall();
		$e = $io->errorFor('place', '/mnt/usb/alice/what?.txt', null, 'rename(/a,/b): Operation not permitted');
		$this->assertSame(ReplicationException::NAME, $e->errorCode);
		$this->assertStringContainsString('refuses this name', $e->getMessage());
		$e = $io->errorFor('place', '/mnt/usb/alice/fine.txt', null, 'Operation not permitted');
		$this->assertSame(ReplicationException::PERMISSION, $e->errorCode);
		$e = $io->errorFor('write', '/mnt/usb/alice/.mirror-x.part', 123, 'fwrite(): Write of 8192 bytes failed with errno=28 No space left on device');
		$this->assertSame(ReplicationException::FULL, $e->errorCode);
		$this->assertSame(123, $e->sizeHint);
	}
}
