<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\IdleCores;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Queue\Claims;
use Psr\Log\LoggerInterface;

/**
 * A second `occ mirror:process --second` beside this one, when much is queued and a core sits idle:
 * a worker copies with one process where rsync uses two or three, and on a machine of two or four
 * cores a worker's CPU time is what a run of photos waits for (bench/README.md). Both workers take
 * their work from the queue through claims, so no file is copied twice, and each makes its copies
 * durable and records them as a lone worker does. The second one leaves the offline drives to the
 * first, which waits for it before it says that a drive is safe to unplug.
 *
 * Looked at once per run, LOOK_AFTER seconds into it: at least MIN_DUE items due that nobody claimed,
 * more than one CPU this process may run on (a worker pinned to one core with `taskset` stays alone),
 * and FREE_CORES idle meanwhile. `MIRROR_SECOND_WORKER=0` in the environment turns it off, `=1` starts it
 * whatever the idle cores (for benchmarks on a shared machine).
 */
class SecondWorker {
	/** a second occ costs about 0.2 s of start-up: fewer items than this are done before it pays */
	public const MIN_DUE = 500;
	/** how long into the run the idle cores are looked at */
	public const LOOK_AFTER = 0.15;
	/** the machine's idle cores meanwhile, beside this worker's own, for a second one to start */
	public const FREE_CORES = 0.5;

	private float $startedAt = 0.0;
	private float $deadline = 0.0;
	/** @var array{0: int, 1: int, 2: int}|null */
	private ?array $before = null;
	private bool $decided = true;
	/** @var resource|null */
	private $process = null;
	/** @var resource|null */
	private $output = null;

	public function __construct(
		private readonly Claims $claims,
		private readonly TargetMapper $targets,
		private readonly ThisNode $node,
		private readonly LoggerInterface $logger,
		private readonly IdleCores $cores,
		private readonly OccCommand $occ,
	) {
	}

	/**
	 * A run of $seconds starts: a second worker may join it (consider()).
	 */
	public function begin(float $seconds): void {
		$this->startedAt = microtime(true);
		$this->deadline = $this->startedAt + $seconds;
		$this->decided = getenv('MIRROR_SECOND_WORKER') === '0' || !function_exists('proc_open') || $this->cores->allowed() < 2;
		$this->before = $this->decided ? null : $this->cores->sample();
	}

	/**
	 * Called after each item: once, LOOK_AFTER seconds into the run, starts the second worker if it pays.
	 */
	public function consider(): void {
		if ($this->decided || microtime(true) - $this->startedAt < self::LOOK_AFTER) {
			return;
		}
		$this->decided = true;
		$idle = IdleCores::between($this->before, $this->cores->sample());
		if (($idle < self::FREE_CORES && getenv('MIRROR_SECOND_WORKER') !== '1') || !$this->enoughWork()) {
			return;
		}
		$seconds = (int)ceil($this->deadline - microtime(true));
		$line = $seconds > 0 ? $this->occ->line(['mirror:process', '--second', '--output=json', '--time-limit=' . $seconds]) : null;
		if ($line === null) {
			return;
		}
		$pipes = [];
		$process = @proc_open($line, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => defined('STDERR') ? STDERR : ['file', '/dev/null', 'w']], $pipes);
		if (!is_resource($process)) {
			$this->logger->info('Mirror could not start a second worker; this one does all the work');
			return;
		}
		$this->process = $process;
		$this->output = $pipes[1];
	}

	/**
	 * Waits for the second worker, if one was started.
	 *
	 * @return array<string, mixed>|null what it did (mirror:process --output=json); null: none ran, or it said nothing readable
	 */
	public function finish(): ?array {
		$process = $this->process;
		$output = $this->output;
		$this->process = $this->output = null;
		$this->decided = true;
		if ($process === null || $output === null) {
			return null;
		}
		$json = stream_get_contents($output);
		fclose($output);
		$status = proc_close($process);
		$result = is_string($json) ? json_decode($json, true) : null;
		if ($status !== 0 || !is_array($result)) {
			// its copies made are recorded; what it claimed and did not finish is free again at the next run (Claims::releaseDeadWorkers)
			$this->logger->warning('Mirror\'s second worker ended with status ' . $status);
			return null;
		}
		/** @var array<string, mixed> */
		return $result;
	}

	private function enoughWork(): bool {
		foreach ($this->node->filter($this->targets->findEnabled()) as $target) {
			if ($this->claims->dueAtLeast((int)$target->getId(), self::MIN_DUE)) {
				return true;
			}
		}
		return false;
	}
}
