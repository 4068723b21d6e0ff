<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * A rename on the drive (a file renamed in Nextcloud, a copy moved to the trash or put back from it)
 * is made durable with an fsync of the folder it went into. When that fails (the drive's writeback
 * failed: the rename may not be on the disk), it is a WRITE_BACK error, so the caller records nothing,
 * and the rename is undone: the copy stands where its record still says.
 */
class DriveMovesFolderSyncTest extends TestCase {
	use FolderSyncFixture;

	/** @var list<string> the folders synced, below the drive's root */
	private array $synced = [];
	/** the drive's writeback fails (until it is replugged) */
	private bool $failing = true;

	/**
	 * A folder sync that fails for the folders whose path below the root starts with $failing.
	 *
	 * @return \Closure(string): bool
	 */
	private function failingFor(string $failing): \Closure {
		return function (string $dir) use ($failing): bool {
			$below = substr($dir, strlen($this->root) + 1);
			$this->synced[] = $below;
			return !($this->failing && str_starts_with($below, $failing));
		};
	}

	private function file(string $path, string $content): void {
		@mkdir(dirname($this->root . '/' . $path), 0755, true);
		file_put_contents($this->root . '/' . $path, $content);
	}

	private function assertWriteBack(\Closure $call): void {
		try {
			$call();
			$this->fail('a failed folder sync is a write error');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::WRITE_BACK, $e->errorCode, $e->getMessage());
		}
	}

	public function testARenameWhoseFolderSyncFailsIsAWriteErrorAndIsUndone(): void {
		$moves = $this->moves($this->failingFor('alice/Albums'));
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertWriteBack(fn () => $moves->rename('alice', 'Photos/a.jpg', 'Albums/a.jpg'));

		$this->assertSame(['alice/Albums'], $this->synced);
		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/a.jpg'), 'back where its record says');
		$this->assertFileDoesNotExist($this->root . '/alice/Albums/a.jpg');
		$this->failing = false;
		$this->assertSame('Albums/a.jpg', $moves->rename('alice', 'Photos/a.jpg', 'Albums/a.jpg'), 'the retry moves it');
	}

	public function testARenameWhoseFolderSyncsIsReturnedForTheRecord(): void {
		$moves = $this->moves($this->failingFor('alice/Photos'));
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertSame('Albums/2026/b.jpg', $moves->rename('alice', 'Photos/a.jpg', 'Albums/2026/b.jpg'));
		$this->assertSame(['alice/Albums/2026'], $this->synced, 'the folder it went into is synced');
		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Albums/2026/b.jpg'));
	}

	public function testAFolderRenameWhoseFolderSyncFailsIsUndone(): void {
		$moves = $this->moves($this->failingFor('alice'));
		$this->file('alice/Photos/2025/a.jpg', 'pixels');

		$this->assertWriteBack(fn () => $moves->rename('alice', 'Photos/2025', 'Old 2025', null, true));

		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/2025/a.jpg'));
		$this->assertDirectoryDoesNotExist($this->root . '/alice/Old 2025');
	}

	public function testAMoveToTheTrashWhoseFolderSyncFailsIsAWriteErrorAndIsUndone(): void {
		$this->moves($this->failingFor('.mirror-trash'));
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertWriteBack(fn () => $this->trash->moveToTrash('alice', 'Photos/a.jpg'));

		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/a.jpg'), 'at its place, as its record says: the retry moves it again');
		$this->assertSame([], glob($this->root . '/.mirror-trash/alice/*/Photos/*'));
		$this->assertSame(['.mirror-trash/alice/' . date('Y-m-d', 1800000000) . '/Photos'], $this->synced);
	}

	public function testAMoveToTheTrashWhoseFolderSyncsIsReturnedForTheRecord(): void {
		$this->moves($this->failingFor('alice'));
		$this->file('alice/Photos/a.jpg', 'pixels');

		$trashed = (string)$this->trash->moveToTrash('alice', 'Photos/a.jpg');

		$this->assertSame(date('Y-m-d', 1800000000) . '/Photos/a.jpg', $trashed);
		$this->assertSame('pixels', file_get_contents($this->root . '/.mirror-trash/alice/' . $trashed));
	}

	public function testAFilePutBackFromTheTrashWhoseFolderSyncFailsStaysInTheTrash(): void {
		$moves = $this->moves($this->failingFor('alice'));
		$this->file('.mirror-trash/alice/2026-11-30/Photos/a.jpg', 'pixels');

		$this->assertWriteBack(fn () => $moves->untrash('alice', '2026-11-30/Photos/a.jpg', 'Photos/a.jpg', 6));

		$this->assertSame('pixels', file_get_contents($this->root . '/.mirror-trash/alice/2026-11-30/Photos/a.jpg'), 'where its trash record says');
		$this->assertFileDoesNotExist($this->root . '/alice/Photos/a.jpg');
	}

	public function testAFileMovedAsideInTheTrashWhoseFolderSyncFailsIsAWriteErrorAndIsUndone(): void {
		$day = '.mirror-trash/alice/' . date('Y-m-d', 1800000000);
		$this->moves(function (string $dir) use ($day): bool {
			$this->synced[] = substr($dir, strlen($this->root) + 1);
			return $dir !== $this->root . '/' . $day; // only the dated folder the file is renamed in fails
		});
		$this->file($day . '/Photos', 'a file called Photos, deleted earlier that day');
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertWriteBack(fn () => $this->trash->moveToTrash('alice', 'Photos/a.jpg'));

		$this->assertSame([$day], $this->synced, 'the rename aside is synced before anything is moved into the trash');
		$this->assertSame('a file called Photos, deleted earlier that day', file_get_contents($this->root . '/' . $day . '/Photos'), 'back where its trash record says');
		$this->assertFileDoesNotExist($this->root . '/' . $day . '/Photos (2)');
		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/a.jpg'), 'not moved: the retry moves it');
	}

	public function testAFileMovedAsideInTheTrashIsSynced(): void {
		$day = '.mirror-trash/alice/' . date('Y-m-d', 1800000000);
		$this->moves($this->failingFor('none'));
		$this->file($day . '/Photos', 'a file called Photos');
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertSame(date('Y-m-d', 1800000000) . '/Photos/a.jpg', $this->trash->moveToTrash('alice', 'Photos/a.jpg'));

		$this->assertSame([$day, $day . '/Photos'], $this->synced);
		$this->assertSame('a file called Photos', file_get_contents($this->root . '/' . $day . '/Photos (2)'));
	}

	public function testAFileMovedAsideInTheTrashHasItsRecordToldItsNewPlace(): void {
		$date = date('Y-m-d', 1800000000);
		$told = [];
		$this->movedAside = function (string $userId, string $from, string $to) use (&$told, $date): void {
			$this->assertSame('a file called Photos', file_get_contents($this->root . '/.mirror-trash/alice/' . $date . '/Photos (2)'), 'told once it is there');
			$told[] = [$userId, $from, $to];
		};
		$this->moves($this->failingFor('none'));
		$this->file('.mirror-trash/alice/' . $date . '/Photos', 'a file called Photos');
		$this->file('alice/Photos/a.jpg', 'pixels');

		$this->assertSame($date . '/Photos/a.jpg', $this->trash->moveToTrash('alice', 'Photos/a.jpg'));

		$this->assertSame([['alice', $date . '/Photos', $date . '/Photos (2)']], $told, 'below the user\'s trash folder, as the records name it');
	}

	public function testAFileWhoseRecordCannotBeToldItsNewPlaceGoesBackAndNothingMoves(): void {
		$date = date('Y-m-d', 1800000000);
		$this->movedAside = static function (): void {
			throw new \RuntimeException('the database went away');
		};
		$this->moves($this->failingFor('none'));
		$this->file('.mirror-trash/alice/' . $date . '/Photos', 'a file called Photos');
		$this->file('alice/Photos/a.jpg', 'pixels');

		try {
			$this->trash->moveToTrash('alice', 'Photos/a.jpg');
			$this->fail('the record could not be told: the move fails');
		} catch (\RuntimeException $e) {
			$this->assertSame('the database went away', $e->getMessage());
		}

		$this->assertSame('a file called Photos', file_get_contents($this->root . '/.mirror-trash/alice/' . $date . '/Photos'), 'back where its record says');
		$this->assertFileDoesNotExist($this->root . '/.mirror-trash/alice/' . $date . '/Photos (2)');
		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/a.jpg'), 'not moved: the retry moves it');
	}
}
