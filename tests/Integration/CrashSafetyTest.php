<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A crash or kill at any moment leaves the old complete file or the new complete file at the final path,
 * never a partial one; the next run finishes the work and removes stray temporary files (issue items 4, 5).
 */
final class CrashSafetyTest extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	private const BIG = 300 * 1024 * 1024;

	public function testProcessKilledWhileCopyingANewLargeFileLeavesNoPartialFile(): void {
		$uid = $this->user('crash');
		$target = $this->newTarget('crash');
		$local = self::makeFile($this->scratchDir('crash') . '/movie.mkv', self::BIG);
		$this->dav()->mkcol($uid, 'Videos');
		$this->dav()->putFile($uid, 'Videos/movie.mkv', $local);
		$final = $this->mirrorPath($target, $uid, 'Videos/movie.mkv');

		$partial = $this->killWhileCopying(dirname($final));

		$this->assertFileDoesNotExist($final, 'no partial file at the final path');
		$this->assertLessThan(self::BIG, $partial, 'the copy was interrupted midway');

		$next = $this->processOk();

		$this->assertFileExists($final, "the next run completes the copy:\n" . $next->describe());

		$this->assertMirrored($target, $uid, 'Videos/movie.mkv');
		$this->assertNoTempFiles($target);
	}

	public function testProcessKilledWhileReplacingAFileKeepsTheOldCompleteCopy(): void {
		$uid = $this->user('crash2');
		$target = $this->newTarget('crash2');
		$this->dav()->put($uid, 'backup.tar', 'the old complete version');
		$this->processOk();
		$final = $this->mirrorPath($target, $uid, 'backup.tar');
		$local = self::makeFile($this->scratchDir('crash2') . '/backup.tar', self::BIG);
		$this->dav()->putFile($uid, 'backup.tar', $local);

		$this->killWhileCopying(dirname($final));

		clearstatcache();
		$this->assertSame('the old complete version', file_get_contents($final), 'the old complete file stays at the final path');

		$next = $this->processOk();

		$this->assertSame(self::BIG, filesize($final), "the next run completes the copy:\n" . $next->describe());

		$this->assertMirrored($target, $uid, 'backup.tar');
		$this->assertSame(hash_file('sha256', $local), hash_file('sha256', $final));
		$this->assertNoTempFiles($target);
	}

	public function testTimeLimitStopsStartingNewWork(): void {
		$uid = $this->user('budget');
		$target = $this->newTarget('budget');
		$dir = $this->sourcePath($uid, 'Many');
		mkdir($dir, 0755, true);
		for ($i = 0; $i < 200; $i++) {
			file_put_contents(sprintf('%s/f%03d.bin', $dir, $i), random_bytes(100_000));
		}
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);

		$r = $this->processOk(['--time-limit=1']);

		$this->assertLessThan(15, $r->seconds, "--time-limit=1 returns soon:\n" . $r->describe());
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
	}

	/**
	 * Starts `occ mirror:process`, waits until it writes a temporary file in DIR, SIGKILLs it.
	 *
	 * @return int size of the temporary file when the process was killed
	 */
	private function killWhileCopying(string $dir): int {
		$run = self::nc()->occStart(['mirror:process']);
		$deadline = microtime(true) + 120;
		$temp = [];
		while ($run->isRunning() && microtime(true) < $deadline) {
			$temp = glob($dir . '/.mirror-*.part') ?: [];
			if ($temp !== []) {
				clearstatcache();
				if ((int)@filesize($temp[0]) > 0) {
					break;
				}
			}
			usleep(1_000);
		}
		if (!$run->isRunning()) {
			// only then: wait() ends the process (SIGKILL once it has run for a second)
			$this->fail("the process should still be copying:\n" . $run->wait(1)->describe());
		}
		$this->assertNotSame([], $temp, 'the copy goes through a .mirror-*.part file in the destination folder');
		$run->kill(SIGKILL);
		$result = $run->wait(30);
		$this->assertSame(128 + SIGKILL, $result->exitCode, 'killed');
		clearstatcache();
		return (int)@filesize($temp[0]);
	}
}
