<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Replication\SecondWorker;

/**
 * Several workers at once (issue item 4): no item is ever copied by two of them, every copy equals its source.
 * Runs on PostgreSQL (workers really run side by side) and on SQLite (they contend for its database lock).
 * Each worker runs under strace, which records every rename(2): a finished copy is the rename of a
 * .mirror-*.part file onto its final name, so counting those renames per final path counts the copies.
 */
abstract class ConcurrentWorkersTestCase extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	private const FILES = 200;

	/**
	 * Nextcloud itself reserves a background job's row while a cron process runs it: the second cron.php finds
	 * ProcessQueue reserved and does other work (seen here: all copies come from one of the two processes).
	 */
	public function testTwoCronProcessesAtOnceCopyEveryFileOnce(): void {
		$uid = $this->user('cron2');
		$target = $this->newTarget('cron2');
		$this->queueManyFiles($uid);

		$traces = [];
		$runs = [];
		foreach ([1, 2] as $n) {
			$traces[$n] = self::nc()->base . "/strace-cron-$n.log";
			$runs[$n] = self::nc()->cronStart([self::JOB_PROCESS], self::strace($traces[$n]));
		}
		foreach ($runs as $n => $run) {
			$result = $run->wait(600);
			$this->assertSame(0, $result->exitCode, "cron.php #$n:\n" . $result->describe());
		}
		// The job may leave work for the next cron run (time-boxed batches): run cron until the queue is empty.
		for ($i = 0; $i < 10 && $this->targetStatus((int)$target['id'])['pending'] > 0; $i++) {
			$traces[] = $trace = self::nc()->base . "/strace-cron-more-$i.log";
			self::nc()->runCron([self::JOB_PROCESS], self::strace($trace));
		}

		$this->assertEveryFileCopiedOnce($target, $uid, $traces);
	}

	public function testTwoProcessCommandsAtOnceCopyEveryFileOnce(): void {
		$uid = $this->user('occ2');
		$target = $this->newTarget('occ2');
		$this->queueManyFiles($uid);

		$traces = [];
		$runs = [];
		foreach ([1, 2] as $n) {
			$traces[$n] = self::nc()->base . "/strace-occ-$n.log";
			$runs[$n] = self::nc()->occStart(['mirror:process'], [], self::strace($traces[$n]));
		}
		$results = [];
		foreach ($runs as $n => $run) {
			$results[$n] = $result = $run->wait(600);
			$this->assertSame(0, $result->exitCode, "mirror:process #$n:\n" . $result->describe());
		}

		$copies = $this->assertEveryFileCopiedOnce($target, $uid, $traces);
		// Both workers really worked (otherwise this proved nothing about claims).
		$this->assertCount(2, array_filter($copies), 'both processes copied files: ' . json_encode($copies)
			. "\n" . $results[1]->describe() . "\n" . $results[2]->describe());
	}

	/**
	 * One `occ mirror:process` with enough queued starts a second worker beside itself (SecondWorker;
	 * forced here, as the idle cores of a shared test machine are not to be relied on): both copy, none
	 * twice, and the first one's count is both workers'.
	 */
	public function testOneProcessCommandWithMuchQueuedSharesItWithASecondWorker(): void {
		$uid = $this->user('second');
		$target = $this->newTarget('second');
		$files = SecondWorker::MIN_DUE + 100;
		$this->queueManyFiles($uid, $files, 1_000, 4_000);

		// -ff: one log per process (strace-second.log.PID), so that two processes' calls are not split in one log
		$trace = self::nc()->base . '/strace-second.log';
		$result = self::nc()->occStart(['mirror:process', '--output=json'], ['MIRROR_SECOND_WORKER' => '1'], array_map(static fn (string $a): string => $a === '-f' ? '-ff' : $a, self::strace($trace)))->wait(600);
		$this->assertSame(0, $result->exitCode, $result->describe());
		$counts = $result->json();
		$this->assertSame([0, 0], [$counts['failed'] ?? null, $counts['deferred'] ?? null], $result->describe());
		// every file's item (and the resync's folder items), whichever worker did it: not the first one's half
		$this->assertGreaterThanOrEqual($files, $counts['done'] ?? 0, 'the count printed is both workers\'');

		$byProcess = array_filter($this->assertEveryFileCopiedOnce($target, $uid, glob($trace . '.*') ?: [], $files));
		$this->assertCount(2, $byProcess, 'two processes put copies in place: ' . json_encode($byProcess));
	}

	private function queueManyFiles(string $uid, int $files = self::FILES, int $min = 5_000, int $max = 60_000): void {
		$dir = $this->sourcePath($uid, 'Camera');
		mkdir($dir, 0755, true);
		for ($i = 0; $i < $files; $i++) {
			file_put_contents(sprintf('%s/IMG_%04d.jpg', $dir, $i), random_bytes(random_int($min, $max)));
		}
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);
	}

	/** @return list<string> */
	private static function strace(string $log): array {
		// -y: a folder descriptor's path beside it (the race-free calls rename relative to held folders)
		return ['strace', '-f', '-qq', '-y', '--seccomp-bpf', '-s', '4096', '-e', 'trace=rename,renameat,renameat2', '-o', $log];
	}

	/**
	 * @param array<int|string,string> $traces strace logs, one per worker
	 * @return array<int|string,int> copies made per worker
	 */
	private function assertEveryFileCopiedOnce(array $target, string $uid, array $traces, int $files = self::FILES): array {
		$root = $this->mirrorPath($target, $uid);
		$perFile = [];
		$perWorker = [];
		foreach ($traces as $worker => $trace) {
			$perWorker[$worker] = 0;
			foreach (file($trace, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
				if (!preg_match('/rename(?:at2?)?\((?:[^,"<]+(?:<([^>]*)>)?, )?"([^"]+)", (?:[^,"<]+(?:<([^>]*)>)?, )?"([^"]+)".*= 0\s*$/', $line, $m)) {
					continue;
				}
				// a name relative to a folder descriptor (renameat(7</mnt/t/alice>, "a.jpg", …)) is joined to its path
				$from = $m[1] !== '' && !str_starts_with($m[2], '/') ? $m[1] . '/' . $m[2] : $m[2];
				$to = $m[3] !== '' && !str_starts_with($m[4], '/') ? $m[3] . '/' . $m[4] : $m[4];
				if (!str_starts_with($to, $root . '/') || !preg_match('/^\.mirror-.*\.part$/', basename($from))) {
					continue;
				}
				$relative = substr($to, strlen($root) + 1);
				$perFile[$relative] = ($perFile[$relative] ?? 0) + 1;
				$perWorker[$worker]++;
			}
		}
		$this->assertUserMirrored($target, $uid);
		$this->assertCount($files, $perFile, 'every file was renamed into place (copied) ' . count($perFile) . ' times; workers: ' . json_encode($perWorker));
		$twice = array_filter($perFile, static fn (int $n) => $n !== 1);
		$this->assertSame([], $twice, 'files copied more than once');
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "recorded checksums equal the copies:\n" . $verify->describe());
		$this->assertNoTempFiles($target);
		return $perWorker;
	}
}
