<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * Runs commands without a shell, in the foreground or in the background.
 */
final class Proc {
	/** @var resource|null */
	private $handle;
	private string $stdoutFile;
	private string $stderrFile;
	private float $started;
	private ?int $exitCode = null;
	private int $pid;

	/**
	 * @param list<string> $command
	 * @param array<string,string> $env complete environment for the child
	 */
	private function __construct(
		public readonly array $command,
		array $env,
		?string $cwd,
		?string $stdin,
		string $logDir,
	) {
		$this->stdoutFile = tempnam($logDir, 'out-');
		$this->stderrFile = tempnam($logDir, 'err-');
		$descriptors = [
			0 => $stdin === null ? ['file', '/dev/null', 'r'] : ['pipe', 'r'],
			1 => ['file', $this->stdoutFile, 'w'],
			2 => ['file', $this->stderrFile, 'w'],
		];
		$this->started = microtime(true);
		$handle = proc_open($command, $descriptors, $pipes, $cwd, $env);
		if ($handle === false) {
			throw new \RuntimeException('Cannot start ' . implode(' ', $command));
		}
		$this->handle = $handle;
		if ($stdin !== null) {
			fwrite($pipes[0], $stdin);
			fclose($pipes[0]);
		}
		// PHP < 8.3 reports a process's exit code to the first proc_get_status() after it ended only:
		// a quick command may already be gone here.
		$this->recordStatus(proc_get_status($handle));
	}

	private function recordStatus(array $status): void {
		$this->pid = (int)$status['pid'];
		if (!$status['running'] && $this->exitCode === null) {
			$this->exitCode = $status['signaled'] ? 128 + (int)$status['termsig'] : (int)$status['exitcode'];
		}
	}

	/**
	 * Runs a command to completion.
	 *
	 * @param list<string> $command
	 * @param array<string,string> $env
	 */
	public static function run(array $command, array $env = [], ?string $cwd = null, ?string $stdin = null, ?float $timeout = 600.0): ProcResult {
		return self::start($command, $env, $cwd, $stdin)->wait($timeout);
	}

	/**
	 * Starts a command in the background.
	 *
	 * @param list<string> $command
	 * @param array<string,string> $env extra variables on top of this process's environment
	 */
	public static function start(array $command, array $env = [], ?string $cwd = null, ?string $stdin = null): self {
		$logDir = sys_get_temp_dir();
		return new self($command, self::environment($env), $cwd, $stdin, $logDir);
	}

	/**
	 * @param array<string,string> $extra
	 * @return array<string,string>
	 */
	public static function environment(array $extra): array {
		$env = [];
		foreach (getenv() as $k => $v) {
			if (is_string($v)) {
				$env[$k] = $v;
			}
		}
		return array_merge($env, $extra);
	}

	public function pid(): int {
		return $this->pid;
	}

	public function isRunning(): bool {
		if ($this->handle === null) {
			return false;
		}
		$status = proc_get_status($this->handle);
		$this->recordStatus($status);
		return (bool)$status['running'];
	}

	public function kill(int $signal = SIGKILL): void {
		if ($this->isRunning()) {
			posix_kill($this->pid, $signal);
		}
	}

	/** Waits for the command to end; kills it (SIGKILL) after $timeout seconds. */
	public function wait(?float $timeout = 600.0): ProcResult {
		while ($this->isRunning()) {
			if ($timeout !== null && microtime(true) - $this->started > $timeout) {
				posix_kill($this->pid, SIGKILL);
				usleep(100_000);
				continue;
			}
			usleep(20_000);
		}
		$seconds = microtime(true) - $this->started;
		if ($this->handle !== null) {
			proc_close($this->handle);
			$this->handle = null;
		}
		$stdout = (string)@file_get_contents($this->stdoutFile);
		$stderr = (string)@file_get_contents($this->stderrFile);
		@unlink($this->stdoutFile);
		@unlink($this->stderrFile);
		return new ProcResult($this->command, $this->exitCode ?? -1, $stdout, $stderr, $seconds);
	}

	/** Current captured stdout of a running command. */
	public function peekStdout(): string {
		return (string)@file_get_contents($this->stdoutFile);
	}

	public function __destruct() {
		if ($this->handle !== null && $this->isRunning()) {
			posix_kill($this->pid, SIGKILL);
			$this->wait(5);
		}
	}
}
