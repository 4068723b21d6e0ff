<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * A deleted file restored into Nextcloud gets its copy back from the trash: moved to its place,
 * with its modification time, never over anything and never through a link.
 */
class DriveUntrashTest extends TestCase {
	use DriveFixture;

	private Drive $drive;

	protected function setUp(): void {
		$this->setUpFolders();
		$this->drive = $this->onlineDrive();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	/**
	 * @return string where it went in the trash, as recorded
	 */
	private function trashed(string $path, string $content, int $mtime = 1_700_000_000): string {
		$this->drive->copyIn('alice', $path, self::stream($content), $mtime, strlen($content), self::noBeat());
		return (string)$this->drive->moveToTrash('alice', $path);
	}

	public function testAFileGoesBackToItsPlaceWithItsTimeAndLeavesTheTrash(): void {
		$trashPath = $this->trashed('Photos/2025/a.jpg', 'pixels');
		$inode = fileinode($this->trashDir() . '/Photos/2025/a.jpg');
		rmdir($this->root . '/alice/Photos/2025'); // the folder went with it in Nextcloud

		$this->assertSame('Photos/2025/a.jpg', $this->drive->untrash('alice', $trashPath, 'Photos/2025/a.jpg'), 'where it went, for the record');

		$back = $this->root . '/alice/Photos/2025/a.jpg';
		clearstatcache();
		$this->assertSame(['pixels', 1_700_000_000, $inode], [file_get_contents($back), filemtime($back), fileinode($back)], 'the same file, moved');
		$this->assertFileDoesNotExist($this->trashDir() . '/Photos/2025/a.jpg');
		$this->assertSame(['pixels', 6], [stream_get_contents($this->drive->openCopy('alice', 'Photos/2025/a.jpg')), $this->drive->stat('alice', 'Photos/2025/a.jpg')['size'] ?? null]);
	}

	public function testNothingIsReplaced(): void {
		$trashPath = $this->trashed('a.jpg', 'old bytes');
		$this->drive->copyIn('alice', 'a.jpg', self::stream('new bytes'), 1_700_000_100, 9, self::noBeat());

		$this->assertNull($this->drive->untrash('alice', $trashPath, 'a.jpg'));
		$this->assertSame('new bytes', file_get_contents($this->root . '/alice/a.jpg'));
		$this->assertSame('old bytes', file_get_contents($this->trashDir() . '/a.jpg'));
	}

	public function testAFileOfAnotherSizeThanRecordedIsNotPutBack(): void {
		$trashPath = $this->trashed('a.jpg', 'pixels');
		$planted = fopen($this->trashDir() . '/a.jpg', 'r+b');
		ftruncate($planted, 8 * 1024 ** 3); // a stranger made it a sparse 8 GiB file
		fclose($planted);

		$this->assertNull($this->drive->untrash('alice', $trashPath, 'a.jpg', 6), 'not the file recorded: the worker copies it instead');
		$this->assertFileDoesNotExist($this->root . '/alice/a.jpg');
		$this->assertFileExists($this->trashDir() . '/a.jpg', 'left where it was');
		$this->assertSame('a.jpg', $this->drive->untrash('alice', $trashPath, 'a.jpg', 8 * 1024 ** 3), 'the recorded size goes back');
	}

	public function testACopyOfAnotherSizeIsDifferentBeforeItIsRead(): void {
		$this->drive->copyIn('alice', 'a.jpg', self::stream('pixels'), 1_700_000_000, 6, self::noBeat());
		$this->assertSame(hash('sha256', 'pixels'), $this->drive->checksum('alice', 'a.jpg', null, null, 6));
		$planted = fopen($this->root . '/alice/a.jpg', 'r+b');
		ftruncate($planted, 8 * 1024 ** 3);
		fclose($planted);
		$started = hrtime(true);
		try {
			$this->drive->checksum('alice', 'a.jpg', null, null, 6);
			$this->fail('a copy of another size is not hashed');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::DIFFERENT_SIZE, $e->errorCode);
		}
		$this->assertLessThan(0.5, (hrtime(true) - $started) / 1e9, 'no 8 GiB read');
	}

	public function testWhatIsNotInTheTrashIsNotPutBack(): void {
		$this->assertNull($this->drive->untrash('alice', date('Y-m-d', $this->now) . '/gone.jpg', 'gone.jpg'));
		$this->assertFileDoesNotExist($this->root . '/alice/gone.jpg');
		mkdir($this->trashDir() . '/Folder', 0755, true);
		$this->assertNull($this->drive->untrash('alice', date('Y-m-d', $this->now) . '/Folder', 'Folder'), 'a folder is not a file');
	}

	public function testLinksAreNeverFollowed(): void {
		$trashPath = $this->trashed('a.jpg', 'pixels');
		file_put_contents($this->outside . '/victim.php', '<?php // the server\'s own code');
		$before = self::snapshot($this->outside);

		// planted at the file's place: refused, the link left as it is
		symlink($this->outside . '/victim.php', $this->root . '/alice/a.jpg');
		$this->assertUnsafe(fn () => $this->drive->untrash('alice', $trashPath, 'a.jpg'), 'a link at the place');
		unlink($this->root . '/alice/a.jpg');

		// planted in the trash in place of the file: refused, nothing read through it
		rename($this->trashDir() . '/a.jpg', $this->base . '/kept.jpg');
		symlink($this->outside . '/victim.php', $this->trashDir() . '/a.jpg');
		$this->assertUnsafe(fn () => $this->drive->untrash('alice', $trashPath, 'a.jpg'), 'a link in the trash');
		unlink($this->trashDir() . '/a.jpg');
		rename($this->base . '/kept.jpg', $this->trashDir() . '/a.jpg');

		// a folder on the way to the place is a link: refused
		symlink($this->outside, $this->root . '/alice/Photos');
		$this->assertUnsafe(fn () => $this->drive->untrash('alice', $trashPath, 'Photos/a.jpg'), 'a link on the way');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame('pixels', file_get_contents($this->trashDir() . '/a.jpg'), 'still in the trash');
	}

	/**
	 * On a drive that ignores case (FAT, mounted with fusefat as many USB drives are), a case twin's
	 * file goes back to its own folder ("photos (case 2)"), not into its twin's ("Photos", which
	 * the drive takes for "photos"), and the place is returned for the record.
	 */
	public function testACaseTwinsFileGoesBackToItsOwnFolderOnADriveThatIgnoresCase(): void {
		if (posix_geteuid() !== 0 || !is_file('/usr/bin/fusefat') || !is_file('/usr/sbin/mkfs.vfat')) {
			$this->markTestSkipped('needs root, fusefat and mkfs.vfat');
		}
		$image = $this->base . '/fat.img';
		$mount = $this->base . '/fat';
		mkdir($mount);
		$handle = fopen($image, 'w');
		ftruncate($handle, 16 * 1024 * 1024);
		fclose($handle);
		exec('mkfs.vfat ' . escapeshellarg($image) . ' >/dev/null 2>&1 && fusefat -o rw+ ' . escapeshellarg($image) . ' ' . escapeshellarg($mount) . ' >/dev/null 2>&1', $out, $rc);
		$this->assertSame(0, $rc, 'fusefat mounts the image');
		try {
			$drive = $this->drive('u-fat', true, $mount);
			$drive->writeMarker();
			$this->assertTrue($drive->state()->online);
			$this->assertTrue($drive->names()->caseInsensitive, 'FAT ignores case');
			$drive->copyIn('alice', 'Photos/x.jpg', self::stream('other'), 1_700_000_000, 5, self::noBeat());
			$twin = $drive->stage('alice', 'photos/y.jpg', self::stream('twin'), 1_700_000_000, 4, self::noBeat());
			$this->assertSame([null], $drive->commit([$twin]));
			$this->assertSame('photos (case 2)/y.jpg', $twin->drivePath, 'the twin folder got its suffix');
			$trashPath = (string)$drive->moveToTrash('alice', 'photos/y.jpg', 'photos (case 2)/y.jpg');

			$at = $drive->untrash('alice', $trashPath, 'photos/y.jpg');
			$this->assertSame(['.', '..', 'x.jpg'], scandir($mount . '/alice/Photos'), 'nothing went into the twin\'s folder');
			$this->assertSame('twin', file_get_contents($mount . '/alice/photos (case 2)/y.jpg'));
			$this->assertSame('photos (case 2)/y.jpg', $at, 'where it went, for the record');
		} finally {
			exec('fusermount -u ' . escapeshellarg($mount) . ' 2>/dev/null || umount ' . escapeshellarg($mount));
		}
	}
}
