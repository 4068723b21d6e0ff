<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Trash;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Tests\Unit\Drive\DriveFixture;
use OCA\Mirror\Tests\Unit\Health\MemoryAppConfig;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashRetention;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\IUserManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * Retention and the space guard's order on a real folder standing for the drive.
 */
class TrashRetentionTest extends TestCase {
	use DriveFixture;
	use MemoryAppConfig;

	private Drive $drive;
	private Tripwire&MockObject $tripwire;
	private TrashEntryMapper&MockObject $entries;
	private TrashRetention $retention;

	protected function setUp(): void {
		$this->setUpFolders();
		$this->drive = $this->onlineDrive();
		$this->tripwire = $this->createMock(Tripwire::class);
		$this->entries = $this->createMock(TrashEntryMapper::class);
		$this->entries->method('summarizeDays')->willReturn([]);
		$this->retention = new TrashRetention($this->entries, $this->tripwire, $this->memoryAppConfig(), $this->createMock(IUserManager::class));
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function trash(string $folder, string $day, string $name, int $bytes): void {
		$dir = $this->root . '/' . Drive::TRASH_DIR . '/' . $folder . '/' . $day . '/Photos';
		@mkdir($dir, 0755, true);
		file_put_contents($dir . '/' . $name, str_repeat('x', $bytes));
	}

	private function days(): array {
		return array_map(static fn (array $d): string => $d['folder'] . '/' . $d['day'], $this->drive->trashDays());
	}

	public function testOnlyTrashFromBeforeTheCutoffGoes(): void {
		$this->trash('alice', '2026-08-01', 'old.jpg', 10);
		$this->trash('alice', '2026-11-20', 'recent.jpg', 10);
		$this->trash('bob', '2026-07-15', 'older.jpg', 10);
		$pruned = $this->retention->prune($this->drive, '2026-09-02');
		$this->assertSame(['bob/2026-07-15', 'alice/2026-08-01'], array_map(static fn (array $p): string => $p['folder'] . '/' . $p['day'], $pruned), 'oldest first');
		$this->assertSame(['alice/2026-11-20'], $this->days());
	}

	public function testADryRunRemovesNothing(): void {
		$this->trash('alice', '2026-08-01', 'old.jpg', 10);
		$this->assertCount(1, $this->retention->prune($this->drive, '2026-09-02', true));
		$this->assertSame(['alice/2026-08-01'], $this->days());
	}

	public function testMakingRoomTakesTheOldestTrashFirstAndStopsWhenThereIsEnough(): void {
		$this->trash('alice', '2026-11-01', 'a.jpg', 3000);
		$this->trash('bob', '2026-11-02', 'b.jpg', 3000);
		$this->trash('alice', '2026-11-03', 'c.jpg', 3000);
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/live.jpg', 'the live copy');
		$this->assertSame(6000, $this->retention->makeRoom($this->drive, 4000));
		$this->assertSame(['alice/2026-11-03'], $this->days());
		$this->assertSame('the live copy', file_get_contents($this->root . '/alice/live.jpg'), 'never a live copy');
	}

	public function testTheTrashOfAHeldUserIsKept(): void {
		$this->tripwire->method('heldUsers')->willReturn(['alice']);
		$this->trash('alice', '2026-01-01', 'evidence.jpg', 10);
		$this->trash('bob', '2026-02-01', 'b.jpg', 10);
		$this->assertSame(10, $this->retention->makeRoom($this->drive, 1000));
		$this->assertSame(['alice/2026-01-01'], $this->days());
	}

	public function testALinkInTheTrashIsRemovedAsALinkAndWhatItPointsToStays(): void {
		$this->trash('alice', '2026-01-01', 'a.jpg', 10);
		file_put_contents($this->outside . '/precious.txt', 'not on the drive');
		symlink($this->outside, $this->root . '/' . Drive::TRASH_DIR . '/alice/2026-01-01/Photos/escape');
		$this->retention->prune($this->drive, '2026-02-01');
		$this->assertSame([], $this->days());
		$this->assertSame('not on the drive', file_get_contents($this->outside . '/precious.txt'));
	}
}
