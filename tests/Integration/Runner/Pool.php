<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/**
 * Runs jobs in N phpunit processes at once, the next job starting as soon as a process ends. Most of the suite
 * waits on php -S, cron.php, occ and disks, not on the CPU, so three processes on two cores finish sooner.
 *
 * Each slot has its own MIRROR_IT_TMPDIR (RUN_DIR/shard-N: its instances, its opcache file cache); each job
 * writes its output to RUN_DIR/logs/LABEL.log and its JUnit report to RUN_DIR/junit/LABEL.xml.
 */
final class Pool {
	/** @var list<Result> */
	private array $results = [];
	private bool $alone = false;

	/** @param list<string> $phpunit the phpunit command and its -c option */
	public function __construct(
		private readonly array $phpunit,
		private readonly string $runDir,
		private readonly int $slots,
	) {
	}

	/**
	 * @param list<Job> $jobs in the order they are to start
	 * @return list<Result> in the order they ended
	 */
	public function run(array $jobs): array {
		foreach (['logs', 'junit'] as $dir) {
			@mkdir($this->runDir . '/' . $dir, 0755, true);
		}
		$total = count($jobs);
		$this->alone = $total === 1;
		/** @var array<int, array{Job, resource, float}> $running slot => job, process, start */
		$running = [];
		while ($jobs !== [] || $running !== []) {
			for ($slot = 1; $slot <= $this->slots && $jobs !== []; $slot++) {
				if (!isset($running[$slot])) {
					$job = array_shift($jobs);
					$running[$slot] = [$job, $this->start($job, $slot), microtime(true)];
				}
			}
			usleep(200_000);
			foreach ($running as $slot => [$job, $process, $started]) {
				$status = proc_get_status($process);
				if ($status['running']) {
					continue;
				}
				proc_close($process);
				unset($running[$slot]);
				$result = new Result($job, (int)$status['exitcode'], microtime(true) - $started,
					$this->logFile($job), $this->junitFile($job));
				$this->results[] = $result;
				printf("[%d/%d] %-5s %-48s %6.1f s%s\n", count($this->results), $total, $result->passed() ? 'ok' : 'FAIL',
					$job->label(), $result->seconds, $result->passed() ? '' : ' (exit code ' . $result->exitCode . ')');
			}
		}
		return $this->results;
	}

	/** @return resource */
	private function start(Job $job, int $slot) {
		$tmp = $this->runDir . '/shard-' . $slot;
		@mkdir($tmp, 0755, true);
		$command = array_merge($this->phpunit, ['--log-junit', $this->junitFile($job)], $job->phpunitArgs, [$job->file]);
		$env = array_merge(getenv(), ['MIRROR_DB' => $job->database, 'MIRROR_IT_TMPDIR' => $tmp]);
		// one job alone prints as it goes (as a run of one class always did); in a pool, each job into its log
		$log = $this->alone ? STDOUT : fopen($this->logFile($job), 'w');
		$process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => $log, 2 => $log], $pipes, null, $env);
		if ($log !== STDOUT) {
			fclose($log);
		}
		if ($process === false) {
			throw new \RuntimeException('Cannot start phpunit for ' . $job->label());
		}
		return $process;
	}

	private function logFile(Job $job): string {
		return $this->runDir . '/logs/' . str_replace('/', '-', $job->label()) . '.log';
	}

	private function junitFile(Job $job): string {
		return $this->runDir . '/junit/' . str_replace('/', '-', $job->label()) . '.xml';
	}
}
