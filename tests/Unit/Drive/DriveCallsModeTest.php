<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * The Drive works the same with race-free calls (FFI) and with PHP's calls on paths (the web server,
 * no FFI): the choice is made once, when the Drive is made, and its callers see no difference.
 */
class DriveCallsModeTest extends TestCase {
	use DriveFixture;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	#[DataProvider('modes')]
	public function testCopyRenameTrashAndPruneAlike(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$drive->copyIn('alice', 'Photos/a.jpg', self::stream('pixels'), 1_700_000_000, 6, self::noBeat());
		$this->assertSame(0644, fileperms($this->root . '/alice/Photos/a.jpg') & 0777);
		$this->assertSame(0755, fileperms($this->root . '/alice/Photos') & 0777);
		$this->assertTrue($drive->isCurrent('alice', 'Photos/a.jpg', 6, 1_700_000_000));
		$drive->copyIn('alice', 'Photos/a.jpg', self::stream('new pixels'), 1_700_000_100, 10, self::noBeat());
		$this->assertSame('pixels', file_get_contents($this->trashDir() . '/Photos/a.jpg'), 'the previous copy is kept in the trash');
		$this->assertSame('Albums/b.jpg', $drive->rename('alice', 'Photos/a.jpg', 'Albums/b.jpg'));
		$this->assertSame(1_700_000_100, filemtime($this->root . '/alice/Albums/b.jpg'));
		$this->assertSame(date('Y-m-d', $this->now) . '/Albums/b.jpg', $drive->moveToTrash('alice', 'Albums/b.jpg'));
		$this->assertSame([], self::parts($this->root . '/alice/Photos'), 'no temporary file left');
		$this->assertSame(16, $drive->pruneTrashDay('alice', date('Y-m-d', $this->now)), 'both trashed files\' bytes');
		$this->assertDirectoryDoesNotExist($this->trashDir());
	}

	/**
	 * Staging refuses a link where the copy goes before a byte is written: from the folder held for
	 * the batch (race-free) or with lstat on the path.
	 */
	#[DataProvider('modes')]
	public function testStagingRefusesALinkWhereTheCopyGoes(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		mkdir($this->root . '/alice/Photos', 0755, true);
		symlink($this->outside . '/created-by-mirror.jpg', $this->root . '/alice/Photos/a.jpg');
		$before = self::snapshot($this->outside);
		$this->assertUnsafe(fn () => $drive->stage('alice', 'Photos/a.jpg', self::stream('pixels'), 1_700_000_000, 6, self::noBeat()), 'stage');
		$this->assertSame([], self::parts($this->root . '/alice/Photos'), 'no temporary file written');
		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame($this->outside . '/created-by-mirror.jpg', readlink($this->root . '/alice/Photos/a.jpg'), 'the link is left as it is');
		$staged = $drive->stage('alice', 'Photos/b.jpg', self::stream('pixels'), 1_700_000_000, 6, self::noBeat());
		$this->assertSame([null], $drive->commit([$staged]), 'nothing there: staged and put in place');
		$this->assertSame('pixels', file_get_contents($this->root . '/alice/Photos/b.jpg'));
	}

	public function testAPruneRemovesALinkInTheTrashAsALink(): void {
		$drive = $this->driveIn(true);
		mkdir($this->outside . '/x');
		file_put_contents($this->outside . '/x/f0000', 'outside');
		$day = $this->root . '/' . Drive::TRASH_DIR . '/alice/2020-01-01';
		mkdir($day . '/x', 0755, true);
		file_put_contents($day . '/x/f0000', 'trashed');
		symlink($this->outside . '/x', $day . '/xlink');
		symlink($this->outside . '/x/f0000', $day . '/x/f0001');
		$before = self::snapshot($this->outside);
		$this->assertSame(7, $drive->pruneTrashDay('alice', '2020-01-01'));
		$this->assertDirectoryDoesNotExist($day);
		$this->assertSame($before, self::snapshot($this->outside));
	}
}
