<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * An exFAT drive (exfatprogs' mkfs.exfat on a loop device, mounted with exfat-fuse), as most USB drives and
 * SDXC cards come. Tried by hand first: it refuses : * ? " < > | \ and control characters (EINVAL), takes a
 * trailing dot or space and the device names (CON, nul.txt), takes the full-width look-alikes, and ignores
 * case while it keeps it ("a.txt" then "A.txt" is one file, listed as "a.txt"). Mirror writes look-alikes,
 * also for a trailing dot or space (a Windows computer would not open those), and gives a case twin a suffix.
 */
final class ExfatTargetTest extends DriveNameRulesTestCase {
	protected function plugIn(string $image, string $dir): void {
		$this->mounts->exfat($image, $dir);
	}

	protected static function filesystem(): array {
		return ['type' => 'fuseblk', 'encodesNames' => true, 'encoding' => 'lookalike', 'maxFileSize' => null, 'caseInsensitive' => true];
	}

	/**
	 * exFAT has no 4 GiB limit, and Mirror sets none: a file over 4 GiB is copied, not refused (FAT32's pre-check
	 * does not apply). The file is sparse in Nextcloud; on the drive its 4.3 GB are written for real.
	 */
	public function testAFileOverFourGigabytesIsCopied(): void {
		if (getenv('MIRROR_IT_BIG_FILES') !== '1') {
			// 4.3 GB written, read back and verified through FUSE: minutes CI's time budget cannot spare
			$this->markTestSkipped('the 4.3 GB copy runs with MIRROR_IT_BIG_FILES=1');
		}
		$uid = $this->user('exbig');
		$mountPoint = $this->freshDir('exfat-big');
		$this->mounts->exfat(self::nc()->base . '/images/exfat-big.img', $mountPoint, 5 * 1024);
		$target = $this->addTarget($mountPoint, 'exfat-big');
		$filesystem = $this->listedTarget((int)$target['id'])['state']['filesystem'] ?? [];
		$this->assertArrayHasKey('maxFileSize', $filesystem, json_encode($filesystem));
		$this->assertNull($filesystem['maxFileSize'], 'no largest file size: the 4 GiB pre-check does not apply');
		$dir = $this->sourcePath($uid, 'Videos');
		mkdir($dir, 0755, true);
		exec('truncate -s 4300000000 ' . escapeshellarg($dir . '/holiday.mp4'));
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);

		$run = $this->processOk(['--output=json']);
		$this->assertSame(0, $run->json()['failed'] ?? null, $run->describe());
		$this->assertSame(4_300_000_000, filesize($this->mirrorPath($target, $uid, 'Videos/holiday.mp4')));
		$this->assertNoTempFiles($target);
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--output=json']);
		$this->assertSame([0, 0, 0], [$verify->exitCode, $verify->json()['missing'] ?? null, $verify->json()['mismatch'] ?? null], $verify->describe());
		$this->assertGreaterThanOrEqual(4_300_000_000, $verify->json()['bytes'] ?? 0, 'its bytes were read back and matched');
	}

	protected static function places(): array {
		return static::lookAlikePlaces() + [
			'Names/CON' => 'Names/CON',
			'Names/nul.txt' => 'Names/nul.txt',
			'Pics/a.jpg' => 'Pics/a.jpg',
			'Pics/A.jpg' => 'Pics/A (case 2).jpg',
			'Pics/Renamed.jpg' => 'Pics/Renamed.jpg',
			'Pics/c.jpg' => 'Pics/c.jpg',
			'Pics/C.jpg' => 'Pics/C (case 2).jpg',
			'Pics/e.jpg' => 'Pics/e.jpg',
			'Pics/E.jpg' => 'Pics/E (case 2).jpg',
			'Photos/x.jpg' => 'Photos/x.jpg',
			'photos/x.jpg' => 'photos (case 2)/x.jpg',
			'photos/y.jpg' => 'photos (case 2)/y.jpg',
			'photos-old/x.jpg' => 'photos-old/x.jpg',
			'photos-old/y.jpg' => 'photos-old/y.jpg',
		];
	}
}
