<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * The writer of an exported drive races Mirror: a folder Mirror works in is swapped with a symbolic
 * link to a folder outside the target, holding the same names, by renameat2(RENAME_EXCHANGE) in a
 * tight loop (bin/swap-loop.php), while Mirror prunes the trash or moves files to it. Whatever Mirror
 * finds at the folder's name a moment ago, it is the other one now: only calls made relative to a
 * held folder (FFI's openat) keep the outside files byte-identical.
 *
 * With MIRROR_DRIVE_FFI=0 in the environment, occ works on paths as the web server does, and these
 * tests show the race (README, "Export the mirror read-only").
 */
final class DriveRaceTest extends IntegrationTestCase {
	private const PRUNES = 10;
	private const TRASHED_FILES = 2000;
	private const MOVED_FILES = 200;

	private string $outside;
	/** @var list<Proc> */
	private array $swappers = [];

	protected function setUp(): void {
		parent::setUp();
		$this->outside = $this->scratchDir('outside');
		// what an attacker aims at: files the web server user may delete, Nextcloud's config among them
		file_put_contents($this->outside . '/config.php', "<?php \$CONFIG = ['secret' => 'keep'];\n");
	}

	protected function tearDown(): void {
		foreach ($this->swappers as $swapper) {
			$swapper->kill();
			$swapper->wait(5);
		}
		$this->swappers = [];
		parent::tearDown();
	}

	/**
	 * A folder outside with the files f0000 … of the given count, each with its own mode and mtime.
	 */
	private function outsideFolder(string $name, int $count): string {
		$dir = $this->outside . '/' . $name;
		@mkdir($dir, 0750);
		for ($i = 0; $i < $count; $i++) {
			$file = sprintf('%s/f%04d', $dir, $i);
			file_put_contents($file, 'outside the target ' . $i);
			chmod($file, 0600 + ($i % 2) * 040);
			touch($file, 1_500_000_000 + $i);
		}
		return $dir;
	}

	private function startSwapper(string $folder, string $link): Proc {
		// stopped by stopSwapper(); the bound only ends a swapper a failed test left behind. It must outlast
		// the work it races: on a loaded machine two batches and two worker runs took more than 110 s.
		$swapper = Proc::start([PHP_BINARY, __DIR__ . '/bin/swap-loop.php', $folder, $link, '900']);
		$this->swappers[] = $swapper;
		usleep(100_000);
		$this->assertTrue($swapper->isRunning(), 'the swapper runs: ' . $swapper->peekStdout());
		return $swapper;
	}

	private function stopSwapper(Proc $swapper): string {
		$swapper->kill(SIGTERM);
		// Proc::wait() counts its timeout from the start: a swapper that raced a long round would be
		// SIGKILLed before it could say how many swaps it made. Give it 10 s from now to finish its batch.
		$until = microtime(true) + 10;
		while ($swapper->isRunning() && microtime(true) < $until) {
			usleep(20_000);
		}
		$swapper->kill(SIGKILL);
		$result = $swapper->wait(null);
		return trim($result->stdout . $result->stderr);
	}

	/**
	 * @return list<string> what changed outside: 'path: before -> now'
	 */
	private static function changes(array $before, array $now): array {
		$out = [];
		foreach ($before + $now as $path => $unused) {
			if (($before[$path] ?? null) !== ($now[$path] ?? null)) {
				$out[] = $path . ': ' . ($before[$path] ?? 'nothing') . ' -> ' . ($now[$path] ?? 'gone');
			}
		}
		return $out;
	}

	public function testTenPrunesAgainstASwapLoopLeaveEveryOutsideFileAsItWas(): void {
		$uid = $this->user('pruneswap');
		$target = $this->newTarget('prune-race');
		$victims = $this->outsideFolder('x', self::TRASHED_FILES);
		$before = DriveSecurityTest::snapshot($this->outside);
		$this->assertCount(self::TRASHED_FILES + 2, $before);

		$failedRounds = [];
		$exitCodes = [];
		for ($round = 1; $round <= self::PRUNES; $round++) {
			// a dated trash folder from long ago, as deletions leave it: x/f0000 … f1999
			$day = sprintf('%s/%s/%s/2020-01-%02d', $target['path'], self::TRASH, $uid, $round);
			mkdir($day . '/x', 0755, true);
			for ($i = 0; $i < self::TRASHED_FILES; $i++) {
				file_put_contents(sprintf('%s/x/f%04d', $day, $i), 'deleted long ago ' . $i);
			}
			symlink($victims, $day . '/xlink');
			$swapper = $this->startSwapper($day . '/x', $day . '/xlink');

			$prune = $this->occ(['mirror:trash:prune', '--older-than=1', '--target=' . $target['id'], '--output=json']);
			$swaps = $this->stopSwapper($swapper);
			$exitCodes[] = $prune->exitCode;

			clearstatcache();
			$changes = self::changes($before, DriveSecurityTest::snapshot($this->outside));
			if ($changes !== []) {
				$failedRounds[] = sprintf('prune %d (%s): %d outside entries changed, first %s', $round, $swaps, count($changes), $changes[0]);
				// the next round starts from the same outside files (the folder's own time is new)
				exec('rm -rf ' . escapeshellarg($victims));
				$this->outsideFolder('x', self::TRASHED_FILES);
				$before = DriveSecurityTest::snapshot($this->outside);
			}
			$this->assertStringContainsString('swaps', $swaps, 'the swapper ran');
		}
		$this->assertSame([], $failedRounds, sprintf('outside files changed in %d of %d prunes', count($failedRounds), self::PRUNES));
		$this->assertSame(array_fill(0, self::PRUNES, 0), $exitCodes, 'every prune succeeded');
		// a swap in the last moments may leave the folder and the link, each under the other's name: the
		// next prune, with no one swapping, removes what is left (the link as a link)
		$this->occOk(['mirror:trash:prune', '--older-than=1', '--target=' . $target['id']]);
		$this->assertSame([], glob($target['path'] . '/' . self::TRASH . '/' . $uid . '/2020-*') ?: [], 'every dated folder went');
		$this->assertSame($before, DriveSecurityTest::snapshot($this->outside));
	}

	public function testTrashMovesAgainstASwapLoopLeaveEveryOutsideFileAsItWas(): void {
		$uid = $this->user('moveswap');
		// hundreds of changes at once are what the tripwire holds: this test is about the drive
		$this->occOk(['config:app:set', 'mirror', 'tripwire_max_changes', '--value=1000000']);
		$this->occOk(['config:app:set', 'mirror', 'tripwire_min_changes', '--value=1000000']);
		$target = $this->newTarget('move-race');
		$this->dav()->mkdirs($uid, 'x');
		$this->batch($uid, 'create');
		$this->processOk();
		$userDir = $this->mirrorPath($target, $uid);
		$this->assertFileExists($userDir . '/x/f0000');
		$victims = $this->outsideFolder('x', self::MOVED_FILES);
		symlink($victims, $userDir . '/xlink');
		$before = DriveSecurityTest::snapshot($this->outside);

		$swapper = $this->startSwapper($userDir . '/x', $userDir . '/xlink');
		// an overwrite keeps the previous copy in the trash (a hard link) and renames the new one over it
		$this->batch($uid, 'overwrite');
		$overwrite = $this->process();
		$afterOverwrite = DriveSecurityTest::snapshot($this->outside);
		// a deletion moves the copy to the trash
		$this->batch($uid, 'delete');
		$delete = $this->process();
		$swaps = $this->stopSwapper($swapper);

		clearstatcache();
		$this->assertSame([], self::changes($before, $afterOverwrite), 'overwrites: nothing outside changed (' . $swaps . ")\n" . $overwrite->describe());
		$this->assertSame([], self::changes($before, DriveSecurityTest::snapshot($this->outside)), 'deletions: nothing outside changed (' . $swaps . ")\n" . $delete->describe());
		$this->assertStringContainsString('swaps', $swaps);
		$this->assertSame(0, $overwrite->exitCode, $overwrite->describe());
		$this->assertSame(0, $delete->exitCode, $delete->describe());
		// nothing of the family's is lost either: each copy is in its folder or in the trash (never outside)
		$trashed = array_filter(self::filesBelow($target['path'] . '/' . self::TRASH), static fn (string $f): bool => preg_match('#/f\d{4}( \(\d+\))?$#', $f) === 1);
		$this->assertNotSame([], $trashed, 'copies reached the trash');
	}

	private function batch(string $uid, string $mode): void {
		$r = Proc::run([PHP_BINARY, '-f', __DIR__ . '/bin/file-batch.php', '--', self::nc()->root, $uid, 'x', (string)self::MOVED_FILES, $mode], self::nc()->env(), self::nc()->root, null, 600.0);
		$this->assertSame(0, $r->exitCode, $r->describe());
	}
}
