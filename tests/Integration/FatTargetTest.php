<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A FAT-formatted drive (mkfs.vfat image mounted with fusefat), as many USB drives come: a name FAT refuses is a
 * clear per-file error and everything else is mirrored (issue item 7).
 *
 * FAT has no Unix modes (not checked) and keeps times to 2 s (checked with 2 s slack). fusefat also restamps a
 * file's mtime around a rename: after `mv D/.a.part D/a.pdf`, creating another file in D sets a.pdf's mtime to
 * the current time (plain shell commands show it), so the engine has to cope.
 */
final class FatTargetTest extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public function testNamesFatRefusesAreMirroredUnderTheirLookAlikes(): void {
		$uid = $this->user('fatuser');
		$mountPoint = $this->freshDir('fat-drive');
		$this->mounts->fat(self::nc()->base . '/images/fat.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat');
		$filesystem = $this->listedTarget((int)$target['id'])['state']['filesystem'] ?? [];
		$this->assertSame(true, $filesystem['encodesNames'] ?? null, json_encode($filesystem));
		// a FAT that takes Unicode names gets look-alikes; fusefat takes neither, and gets %3A
		$lookalike = ($filesystem['encoding'] ?? null) === 'lookalike';

		$this->dav()->mkdirs($uid, 'Docs/Sub');
		$good = ['Docs/report.pdf' => random_bytes(40_000), 'Docs/Sub/notes.txt' => 'fine', 'top.jpg' => random_bytes(20_000)];
		// what FAT refuses, and the name it is kept under on the drive (rclone's look-alikes)
		$encoded = $lookalike ? [
			'Docs/meeting 10:30.txt' => "Docs/meeting 10\u{FF1A}30.txt",
			'Docs/what?.txt' => "Docs/what\u{FF1F}.txt",
			'Docs/Sub/a<b>.txt' => "Docs/Sub/a\u{FF1C}b\u{FF1E}.txt",
			'Party: 2024?.jpg' => "Party\u{FF1A} 2024\u{FF1F}.jpg",
		] : [
			'Docs/meeting 10:30.txt' => 'Docs/meeting 10%3A30.txt',
			'Docs/what?.txt' => 'Docs/what%3F.txt',
			'Docs/Sub/a<b>.txt' => 'Docs/Sub/a%3Cb%3E.txt',
			'Party: 2024?.jpg' => 'Party%3A 2024%3F.jpg',
		];
		foreach ($good + $encoded as $path => $content) {
			$this->dav()->put($uid, $path, isset($encoded[$path]) ? 'content of ' . $path : $content, 1_650_000_001); // odd second: FAT rounds to 2 s
		}

		$run = $this->processOk(['--output=json']);
		$this->assertSame(0, $run->json()['failed'] ?? null, $run->describe());
		foreach (array_keys($good) as $path) {
			$this->assertMirrored($target, $uid, $path, false, 2);
		}
		foreach ($encoded as $path => $onDrive) {
			$this->assertSame('content of ' . $path, file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$path is on the drive as $onDrive");
		}
		$this->assertNoTempFiles($target);
		$this->assertSame(count($good) + count($encoded), $this->userStatus($uid, (int)$target['id'])['replicated']);
		$this->assertSame(0, $this->occ(['mirror:verify', '--target=' . $target['id']])->exitCode, 'verify finds them under their drive names');

		// renames and deletions of such files keep working
		$this->dav()->move($uid, 'Docs/what?.txt', 'Docs/why?.txt');
		$this->dav()->delete($uid, 'Party: 2024?.jpg');
		$this->processOk();
		$this->assertFileExists($this->mirrorPath($target, $uid, $lookalike ? "Docs/why\u{FF1F}.txt" : 'Docs/why%3F.txt'));
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, $encoded['Docs/what?.txt']));
		$this->assertCount(1, $this->trashCopies($target, $uid, $encoded['Party: 2024?.jpg']), 'a deletion goes to the trash under the drive name');
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $uid . '.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, "the manifest names the files as they are on the drive:\n" . implode("\n", $out));
	}

	public function testAFileOverFourGigabytesIsRefusedBeforeAByteIsWritten(): void {
		$uid = $this->user('fatbig');
		$mountPoint = $this->freshDir('fat-big');
		$this->mounts->fat(self::nc()->base . '/images/fat-big.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-big');
		$this->assertSame(4 * 1024 ** 3 - 1, $this->listedTarget((int)$target['id'])['state']['filesystem']['maxFileSize'] ?? null);
		$dir = $this->sourcePath($uid, 'Videos');
		mkdir($dir, 0755, true);
		exec('truncate -s 4300000000 ' . escapeshellarg($dir . '/holiday.mp4')); // sparse: no 4 GB on this disk
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);

		$run = $this->processOk(['--output=json']);
		$this->assertSame(1, $run->json()['failed'] ?? null, $run->describe());
		$this->assertMatchesRegularExpression('/cannot hold a file/', implode("\n", $run->json()['errors']));
		$this->assertNoTempFiles($target);
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Videos/holiday.mp4'));
	}
}
