<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Proc;
use OCA\Mirror\Tests\Integration\Harness\Redis;

/**
 * Nextcloud's file locking on Redis (`memcache.locking`, as installs with several web servers run it; issue #25),
 * while uploads overwrite large files the worker is copying: neither side ever fails on a lock, and every copy
 * on the drive, in its place or in the trash, is one whole version that was uploaded, never a mix of two; once
 * the queue is drained the copy is the last upload.
 *
 * Skipped with one line when redis-server or php-redis is missing (failed with MIRROR_NO_SKIP).
 */
final class RedisLockingTest extends IntegrationTestCase {
	private const FILES = 3;
	private const VERSIONS = 5;
	private const SIZE = 20 * 1024 * 1024;

	protected static function redisLocking(): bool {
		return true;
	}

	private static function redis(): Redis {
		return self::nc()->redis() ?? throw new \LogicException('the instance has no Redis');
	}

	public function testOverwritesDuringCopiesNeverFailOnALockAndEveryCopyIsOneWholeVersion(): void {
		$this->assertSame('\\OC\\Memcache\\Redis', self::nc()->systemConfig('memcache.locking'));
		$uid = $this->user('redis-family');
		$target = $this->newTarget('redis-locking');
		$this->processOk();

		// the versions of each file, made up front: each of another size and other bytes
		$scratch = $this->scratchDir('versions');
		$versions = [];
		for ($f = 0; $f < self::FILES; $f++) {
			for ($v = 0; $v < self::VERSIONS; $v++) {
				$local = self::makeFile(sprintf('%s/video-%d.v%d', $scratch, $f, $v), self::SIZE + $v * 4099 + $f);
				$versions["Videos/video-$f.mkv"][$v] = ['local' => $local, 'sha256' => (string)hash_file('sha256', $local)];
			}
		}
		$this->dav()->mkdirs($uid, 'Videos');
		$statuses = [];
		// one round: every file overwritten at once, each by its own client (curl, at 50 MB/s: each upload
		// holds its locks for a while), while this process looks at Redis and the drive
		$round = function (int $v) use ($uid, $target, &$versions, &$statuses, &$lockKeys, &$seen): void {
			$clients = [];
			foreach ($versions as $path => $byVersion) {
				$clients[$path] = Proc::start(['curl', '--silent', '--show-error', '--limit-rate', '50M', '--user', $uid . ':' . self::nc()->password($uid),
					'--upload-file', $byVersion[$v]['local'], '--header', 'Content-Type: application/octet-stream',
					'--output', '/dev/null', '--write-out', '%{http_code}', $this->dav()->filesUrl($uid, $path)]);
			}
			while (array_filter($clients, static fn (Proc $c): bool => $c->isRunning()) !== []) {
				$lockKeys += array_flip(self::redis()->keys('*lock*'));
				$this->lookAtTheDrive($target, $uid, $seen);
				usleep(20_000);
			}
			foreach ($clients as $path => $client) {
				$r = $client->wait(60);
				$statuses[] = "$path v$v: " . trim($r->stdout) . ($r->ok() ? '' : ' ' . trim($r->stderr));
			}
		};
		$lockKeys = [];
		$seen = [];
		$round(0);

		$watch = self::nc()->occStart(['mirror:process', '--watch']);
		$crons = [];
		try {
			// every round overwrites each file while the watcher (and a cron.php, a second worker) copies
			for ($v = 1; $v < self::VERSIONS; $v++) {
				$crons[] = self::nc()->cronStart([self::JOB_PROCESS]);
				$round($v);
			}
			$deadline = microtime(true) + 300;
			do {
				usleep(250_000);
				$this->lookAtTheDrive($target, $uid, $seen);
				$status = $this->targetStatus((int)$target['id']);
			} while (((int)$status['pending'] > 0 || !$this->allLast($target, $uid, $versions)) && microtime(true) < $deadline && $watch->isRunning());
			$this->assertTrue($watch->isRunning(), "the watcher keeps running:\n" . $watch->peekStdout());
		} finally {
			$watch->kill(SIGTERM);
		}
		$worker = $watch->wait(120);
		$outputs = [$worker];
		foreach ($crons as $cron) {
			$outputs[] = $cron->wait(600);
		}

		// the uploads: every one accepted, none refused as locked (423)
		$this->assertSame([], array_values(array_filter($statuses, static fn (string $s): bool => !preg_match('/: 20[14]$/', $s))),
			"every upload succeeds:\n" . implode("\n", $statuses));
		// the workers: clean exits, no lock error in their output or in nextcloud.log
		foreach ($outputs as $i => $result) {
			$this->assertSame(0, $result->exitCode, ($i === 0 ? 'the watcher' : 'cron.php') . " ends cleanly:\n" . $result->describe());
			$this->assertDoesNotMatchRegularExpression('/lock/i', $result->stdout . $result->stderr, $result->describe());
		}
		$this->assertSame([], $this->lockErrorsInLog(), 'no lock error in nextcloud.log');
		$this->assertNotSame([], $lockKeys, 'the uploads took their locks in Redis');
		$this->assertSame([['n' => 0]], self::nc()->select('SELECT COUNT(*) AS n FROM oc_file_locks'), 'no lock in the database: Redis holds them');

		// every copy ever seen on the drive, in its place or in the trash, is one whole uploaded version
		$this->lookAtTheDrive($target, $uid, $seen);
		foreach ($seen as $copy) {
			[$path, $sha] = $copy;
			$this->assertContains($sha, array_column($versions[$path], 'sha256'), "a copy of $path on the drive is one whole uploaded version");
		}
		// the queue drained: each copy is the last upload, recorded as such, and verify agrees
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame([0, 0], [(int)$status['pending'], (int)$status['failed']], json_encode($status));
		foreach ($versions as $path => $byVersion) {
			$last = $byVersion[self::VERSIONS - 1]['sha256'];
			$this->assertSame($last, hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "$path on the drive is the last upload");
			$recorded = self::nc()->select('SELECT checksum FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ? AND path = ?', [(int)$target['id'], $uid, $path]);
			$this->assertSame([['checksum' => $last]], $recorded, "$path is recorded with the last upload's sha256");
		}
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, $verify->describe());
		$this->assertNoTempFiles($target);
		fwrite(STDERR, sprintf("\nRedisLockingTest: %d uploads of %d MiB, %d distinct copies seen on the drive, %d lock keys seen in Redis\n",
			count($statuses), self::SIZE >> 20, count($seen), count($lockKeys)));
	}

	/**
	 * The copies of the user's files on the drive right now, in place and in the trash, each hashed once: a
	 * copy is put in place whole by a rename (a new inode), so one inode, size and mtime is one copy.
	 *
	 * @param array<string, array{0: string, 1: string}> $seen file, inode, size and mtime => [path, sha256]; added to
	 */
	private function lookAtTheDrive(array $target, string $uid, array &$seen): void {
		$files = [];
		foreach ($this->mirrorFiles($target, $uid) as $file) {
			$files[$this->mirrorPath($target, $uid, $file)] = $file;
		}
		foreach (glob($target['path'] . '/' . self::TRASH . '/' . $uid . '/*', GLOB_ONLYDIR) ?: [] as $day) {
			foreach (self::filesBelow($day) as $file) {
				// a second copy of one path on one day is kept as "name (2).ext"
				$files[$day . '/' . $file] = (string)preg_replace('/ \(\d+\)(\.[^.\/]+)$/', '$1', $file);
			}
		}
		clearstatcache();
		foreach ($files as $file => $path) {
			if (preg_match('/^\.mirror-[^\/]*\.part$/', basename($file))) {
				continue; // a copy being written, at its temporary name: not a copy yet
			}
			$stat = @stat($file);
			if ($stat === false) {
				continue; // moved meanwhile: seen at its new place
			}
			$key = $file . '|' . $stat['ino'] . '|' . $stat['size'] . '|' . $stat['mtime'];
			if (!isset($seen[$key])) {
				$sha = @hash_file('sha256', $file);
				if (is_string($sha)) {
					$seen[$key] = [$path, $sha];
				}
			}
		}
	}

	/** @param array<string, array<int, array{local: string, sha256: string}>> $versions */
	private function allLast(array $target, string $uid, array $versions): bool {
		foreach ($versions as $path => $byVersion) {
			$copy = $this->mirrorPath($target, $uid, $path);
			if (!is_file($copy) || hash_file('sha256', $copy) !== $byVersion[self::VERSIONS - 1]['sha256']) {
				return false;
			}
		}
		return true;
	}

	/** @return list<string> entries of nextcloud.log that speak of a lock */
	private function lockErrorsInLog(): array {
		$out = [];
		foreach (explode("\n", self::nc()->nextcloudLog()) as $line) {
			if ($line !== '' && preg_match('/LockedException|is locked|lock(ing)? (error|failed)/i', $line)) {
				$out[] = substr($line, 0, 600);
			}
		}
		return $out;
	}
}
