<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * kill -9 at each step of a batch of copies (strace injects SIGKILL at the Nth system call of a kind): while
 * the temporary files are written, when they are synced (an fdatasync each, or one syncfs), between the renames into place, and after the
 * last rename, before the batch is recorded. The next run finishes the work: every file is in place with its
 * bytes, nothing is left half-written, no temporary file stays behind, and a copy that was already in place
 * but not recorded is recorded, not kept in the trash as if it were different.
 */
final class BatchCrashTest extends IntegrationTestCase {
	private const FILES = 12;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	/**
	 * @return iterable<string, array{string, int}>
	 */
	public static function crashPoints(): iterable {
		yield 'while the temporary files are written' => ['write', 6];
		yield 'while the batch is synced' => ['fdatasync', 10];
		// a batch on ext4, XFS, Btrfs or tmpfs is synced with one syncfs (BatchSync), not an fdatasync per copy
		yield 'at the batch\'s syncfs' => ['syncfs', 1];
		// rename() on paths, renameat() relative to held folders (the race-free calls): whichever the worker makes
		yield 'after the sync, before the first rename' => ['rename,renameat,renameat2', 1];
		yield 'between the renames' => ['rename,renameat,renameat2', 5];
		yield 'after the renames, before the record' => ['fsync', 1];
	}

	/**
	 * @dataProvider crashPoints
	 */
	public function testAKilledBatchIsFinishedByTheNextRun(string $syscall, int $nth): void {
		$name = 'crash-' . strtok($syscall, ',') . $nth;
		$uid = $this->user($name);
		$target = $this->newTarget($name);
		$filesystem = trim((string)shell_exec('stat -f -c %T ' . escapeshellarg((string)$target['path'])));
		if ($syscall === 'syncfs' && !in_array($filesystem, ['ext2/ext3', 'xfs', 'btrfs', 'f2fs', 'tmpfs'], true)) {
			$this->markTestSkipped("the target is on $filesystem, whose batches are synced an fdatasync per copy");
		}
		$this->dav()->mkdirs($uid, 'Photos');
		$photos = [];
		for ($i = 0; $i < self::FILES; $i++) {
			$photos["Photos/IMG_$i.jpg"] = random_bytes(40_000 + $i);
			$this->dav()->put($uid, "Photos/IMG_$i.jpg", $photos["Photos/IMG_$i.jpg"]);
		}

		// at an fdatasync: one per copy, as on a FUSE, NFS or FAT drive (else a batch on ext4 is synced with one syncfs)
		$run = self::nc()->occStart(['mirror:process'], $syscall === 'fdatasync' ? ['MIRROR_DRIVE_SYNCFS' => '0'] : [], ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=' . $syscall,
			'-e', 'inject=' . $syscall . ':signal=SIGKILL:when=' . $nth]);
		$killed = $run->wait(300);
		$this->assertNotSame(0, $killed->exitCode, "the worker was killed at $syscall #$nth:\n" . $killed->describe());
		$inPlace = 0;
		foreach ($photos as $path => $bytes) {
			$copy = $this->mirrorPath($target, $uid, $path);
			if (file_exists($copy)) {
				$inPlace++;
				$this->assertSame($bytes, file_get_contents($copy), "$path: a file at its final path is whole, never half-written");
			}
		}

		fwrite(STDERR, sprintf("\nkilled at %s #%d: %d of %d files in place, %d temporary files left\n", $syscall, $nth, $inPlace, self::FILES, count($this->tempFiles($target))));

		$this->processOk();

		$this->assertUserMirrored($target, $uid);
		$this->assertNoTempFiles($target);
		foreach (array_keys($photos) as $path) {
			$this->assertSame([], $this->trashCopies($target, $uid, $path), "$path: the same bytes found in place are recorded, not trashed");
		}
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "every record matches the drive:\n" . $verify->describe());
		$this->assertSame(self::FILES, (int)$this->userStatus($uid, (int)$target['id'])['replicated']);
	}
}
