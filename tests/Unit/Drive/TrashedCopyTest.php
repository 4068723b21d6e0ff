<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\TrashedCopy;
use OCA\Mirror\Drive\TrashFolder;
use PHPUnit\Framework\TestCase;

/**
 * A move to the trash whose folder sync failed is undone; a replug may keep the move and lose the
 * undo. The copy is then in a dated trash folder with no trash record, and its record names a place
 * where it no longer is: TrashedCopy finds it there by its path, size and sha256.
 */
class TrashedCopyTest extends TestCase {
	use FolderSyncFixture;

	private function finder(): TrashedCopy {
		$this->build(static fn (string $dir): bool => true);
		return new TrashedCopy($this->guard, $this->paths, new TrashFolder($this->guard, $this->io), $this->temporary, $this->mounted);
	}

	private function file(string $path, string $content): void {
		@mkdir(dirname($this->root . '/' . $path), 0755, true);
		file_put_contents($this->root . '/' . $path, $content);
	}

	public function testACopyMovedToTheTrashWithoutItsRecordIsFoundByItsPathSizeAndSha256(): void {
		$finder = $this->finder();
		$this->file('.mirror-trash/alice/2026-11-28/Photos/a.jpg', 'pixels');

		$this->assertSame('2026-11-28/Photos/a.jpg', $finder->find('alice', 'Photos/a.jpg', null, 6, hash('sha256', 'pixels')));
	}

	public function testTheNewestDayAndANameTakenBeforeAreLookedAt(): void {
		$finder = $this->finder();
		$this->file('.mirror-trash/alice/2026-11-28/Photos/a.jpg', 'pixels');
		$this->file('.mirror-trash/alice/2026-11-30/Photos/a.jpg', 'other!');
		$this->file('.mirror-trash/alice/2026-11-30/Photos/a (2).jpg', 'pixels');

		$this->assertSame('2026-11-30/Photos/a (2).jpg', $finder->find('alice', 'Photos/a.jpg', null, 6, hash('sha256', 'pixels')));
	}

	public function testOtherBytesAnotherUserOrAFolderAreNotTheCopy(): void {
		$finder = $this->finder();
		$this->file('.mirror-trash/alice/2026-11-28/Photos/a.jpg', 'other!');
		$this->file('.mirror-trash/bob/2026-11-28/Photos/a.jpg', 'pixels');
		$this->file('.mirror-trash/alice/2026-11-29/Photos/a.jpg/inside', 'pixels');
		$this->file('.mirror-trash/alice/2026-11-29/Photos/b.jpg', 'pixel');

		$this->assertNull($finder->find('alice', 'Photos/a.jpg', null, 6, hash('sha256', 'pixels')), 'same size, other bytes; bob\'s trash; a folder');
		$this->assertNull($finder->find('alice', 'Photos/b.jpg', null, 6, hash('sha256', 'pixels')), 'another size');
		$this->assertNull($finder->find('carol', 'Photos/a.jpg', null, 6, hash('sha256', 'pixels')), 'no trash at all');
	}

	public function testTheRecordedPlaceOnTheDriveIsWhereItIsLookedFor(): void {
		$finder = $this->finder();
		$this->file('.mirror-trash/alice/2026-11-28/Photos/a (2).jpg', 'pixels');

		$this->assertSame('2026-11-28/Photos/a (2).jpg', $finder->find('alice', 'Photos/A.jpg', 'Photos/a (2).jpg', 6, hash('sha256', 'pixels')));
	}
}
