<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * `occ mirror:process --watch`, the long-running worker for families who want photos on the mirror within
 * seconds: it picks up uploads without cron, idles without burning the CPU, and stops cleanly on SIGTERM
 * (what systemd sends).
 */
final class WatchTest extends IntegrationTestCase {
	public function testWatchMirrorsUploadsWithinSecondsIdlesCheaplyAndStopsOnSigterm(): void {
		$uid = $this->user('watcher');
		$target = $this->newTarget('watch');
		$this->processOk();
		$watch = self::nc()->occStart(['mirror:process', '--watch']);
		try {
			$deadline = microtime(true) + 60;
			while (!str_contains($watch->peekStdout(), 'Watching') && $watch->isRunning() && microtime(true) < $deadline) {
				usleep(50_000);
			}
			$this->assertTrue($watch->isRunning(), "the watcher keeps running:\n" . $watch->peekStdout());

			$latencies = [];
			for ($i = 0; $i < 5; $i++) {
				$content = random_bytes(100_000);
				$this->dav()->put($uid, "photo-$i.jpg", $content);
				$uploaded = microtime(true);
				$copy = $this->mirrorPath($target, $uid, "photo-$i.jpg");
				while (microtime(true) - $uploaded < 60 && !(is_file($copy) && file_get_contents($copy) === $content)) {
					usleep(20_000);
					clearstatcache();
				}
				$latencies[] = microtime(true) - $uploaded;
				$this->assertSame($content, @file_get_contents($copy), "photo-$i.jpg is mirrored without cron or occ:\n" . $watch->peekStdout());
			}
			sort($latencies);
			fwrite(STDERR, sprintf("\n--watch: upload to mirrored, 5 uploads: median %.2f s, max %.2f s\n", $latencies[2], $latencies[4]));
			// functional bound, not a benchmark (bench/ measures it): cron would take up to a minute or more
			$this->assertLessThan(20.0, $latencies[4], 'each upload is mirrored within seconds');

			// idle: no busy loop (CPU time of the worker over 4 s of an empty queue)
			$before = self::cpuSeconds($watch->pid());
			sleep(4);
			$idleCpu = self::cpuSeconds($watch->pid()) - $before;
			fwrite(STDERR, sprintf("--watch: %.2f s of CPU in 4 s of an empty queue\n", $idleCpu));
			$this->assertLessThan(1.0, $idleCpu, 'an empty queue costs little CPU');
			$this->assertTrue($watch->isRunning(), "the watcher is still running:\n" . $watch->peekStdout());
		} finally {
			$watch->kill(SIGTERM);
		}
		$result = $watch->wait(60);
		$this->assertSame(0, $result->exitCode, "SIGTERM ends the watcher cleanly:\n" . $result->describe());
		$this->assertStringContainsString('Stopped.', $result->stdout, $result->describe());
		$this->assertNoTempFiles($target);
	}

	/** utime + stime of a process, in seconds (from /proc/PID/stat; clock ticks of 1/100 s). */
	private static function cpuSeconds(int $pid): float {
		$stat = (string)@file_get_contents("/proc/$pid/stat");
		$fields = explode(' ', substr($stat, (int)strrpos($stat, ')') + 2));
		return ((int)($fields[11] ?? 0) + (int)($fields[12] ?? 0)) / 100;
	}
}
