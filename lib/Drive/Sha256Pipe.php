<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The sha256 of one copy's bytes, fed chunk by chunk while they are written. A child
 * `openssl dgst -sha256 -r` reads them from a pipe and hashes them on another core at OpenSSL's
 * speed (about 1 GB/s with SHA-NI, PHP's hash_update about 290 MB/s), so hashing no longer holds
 * up the copy.
 *
 * The digest is never wrong or missing:
 * - when there is no openssl binary, proc_open is disabled or the child cannot be started, the
 *   bytes are hashed in process from the first one;
 * - when the child fails later (a write to it fails, it stops reading, exits non-zero, prints no
 *   digest or does not answer), it is killed and finish() hashes the written file again in process.
 * The child is always ended and reaped (finish(), abort(), or when this object is dropped), and
 * nothing waits forever on it: a write and the final answer give up after a timeout (60 s).
 */
final class Sha256Pipe {
	/** Seconds a healthy child may take to make room in the pipe, or to answer once its input is closed. */
	private const TIMEOUT = 60;

	/** @var resource|null */
	private $process = null;
	/** @var resource|null */
	private $stdin = null;
	/** @var resource|null */
	private $stdout = null;
	/** in-process hash, when the child could not be started */
	private ?\HashContext $hash = null;
	/** the child failed: its digest cannot be used */
	private bool $failed = false;
	/** proc_get_status() saw the child exit: it is reaped, and its pid may already be another process's */
	private bool $exited = false;
	private bool $finished = false;
	private bool $byChild = false;

	/**
	 * @param string|false $openssl path of the openssl binary, false when there is none
	 * @param float $timeout seconds a child may keep the copy waiting (a pipe write, its answer)
	 */
	public function __construct(
		string|false $openssl,
		private readonly float $timeout = self::TIMEOUT,
	) {
		if ($openssl !== false && $openssl !== '' && function_exists('proc_open')) {
			$this->start($openssl);
		}
		if ($this->process === null) {
			$this->hash = hash_init('sha256');
		}
	}

	public function __destruct() {
		$this->stop();
	}

	private function start(string $openssl): void {
		$pipes = [];
		// an array runs the binary without a shell; its errors are not ours to show
		$process = @proc_open([$openssl, 'dgst', '-sha256', '-r'], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
		if (!is_resource($process)) {
			return;
		}
		$this->process = $process;
		$this->stdin = $pipes[0] ?? null;
		$this->stdout = $pipes[1] ?? null;
		if ($this->stdin === null || $this->stdout === null) {
			$this->stop();
			return;
		}
		// a full pipe must not block this process for ever: writes wait in stream_select, with a timeout
		stream_set_blocking($this->stdin, false);
		stream_set_blocking($this->stdout, false);
	}

	/**
	 * Adds the next bytes of the file.
	 */
	public function update(string $chunk): void {
		if ($this->finished) {
			throw new \LogicException('The sha256 is already finished');
		}
		if ($this->hash !== null) {
			hash_update($this->hash, $chunk);
			return;
		}
		if ($this->failed || $chunk === '' || $this->stdin === null) {
			return;
		}
		if (!$this->writeAll($this->stdin, $chunk)) {
			$this->failed = true;
			$this->stop();
		}
	}

	/**
	 * The sha256 (64 lower-case hex digits) of every byte given to update().
	 *
	 * @param callable(): string $rehash hashes the written file in process; called only when the child failed
	 */
	public function finish(callable $rehash): string {
		if ($this->finished) {
			throw new \LogicException('The sha256 is already finished');
		}
		$this->finished = true;
		if ($this->hash !== null) {
			return hash_final($this->hash);
		}
		$digest = $this->failed ? null : $this->answer();
		$this->stop();
		if ($digest !== null) {
			$this->byChild = true;
			return $digest;
		}
		return $rehash();
	}

	/**
	 * Ends the child without a result (the copy failed); the object cannot be used any more.
	 */
	public function abort(): void {
		$this->finished = true;
		$this->stop();
	}

	/**
	 * Whether finish() returned the child's digest (not one computed in this process).
	 */
	public function byChild(): bool {
		return $this->byChild;
	}

	/**
	 * Writes all of $data to the non-blocking pipe, waiting for room when it is full.
	 *
	 * @param resource $pipe
	 */
	private function writeAll($pipe, string $data): bool {
		$length = strlen($data);
		$offset = 0;
		$deadline = null;
		while ($offset < $length) {
			$n = @fwrite($pipe, $offset === 0 ? $data : substr($data, $offset));
			if ($n === false) {
				return false; // the child is gone (EPIPE) or the pipe broke
			}
			if ($n > 0) {
				$offset += $n;
				$deadline = null;
				continue;
			}
			$deadline ??= microtime(true) + $this->timeout;
			if (!$this->wait($pipe, true, $deadline)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Closes the child's input, reads its answer and waits for it to exit.
	 *
	 * @return string|null the digest, or null when the child failed
	 */
	private function answer(): ?string {
		$stdin = $this->stdin;
		$stdout = $this->stdout;
		$process = $this->process;
		if ($stdin === null || $stdout === null || $process === null) {
			return null;
		}
		$this->stdin = null;
		fclose($stdin);
		$deadline = microtime(true) + $this->timeout;
		$output = '';
		// openssl prints about 80 bytes; a child that prints much more is not it
		while (strlen($output) <= 256) {
			$piece = @fread($stdout, 4096);
			if ($piece === false) {
				return null;
			}
			if ($piece !== '') {
				$output .= $piece;
				continue;
			}
			if (feof($stdout)) {
				break;
			}
			if (!$this->wait($stdout, false, $deadline)) {
				return null;
			}
		}
		if (preg_match('/\A([0-9a-f]{64}) \*?stdin\n?\z/', $output, $match) !== 1) {
			return null;
		}
		return $this->exitCode($process, $deadline) === 0 ? $match[1] : null;
	}

	/**
	 * Waits until the child has exited and returns its exit code (null if it does not exit in time).
	 * The exit code is read from proc_get_status(), the only one that has it once it has been
	 * reaped (proc_close() then answers -1 before PHP 8.3); stop() closes the process.
	 *
	 * @param resource $process
	 */
	private function exitCode($process, float $deadline): ?int {
		$pause = 100;
		while (true) {
			$status = proc_get_status($process);
			if (!$status['running']) {
				$this->exited = true;
				return $status['signaled'] ? null : $status['exitcode'];
			}
			if (microtime(true) >= $deadline) {
				return null;
			}
			usleep($pause);
			$pause = min($pause * 2, 100000);
		}
	}

	/**
	 * Waits until $pipe can be written (or read), until $deadline.
	 *
	 * @param resource $pipe
	 */
	private function wait($pipe, bool $write, float $deadline): bool {
		while (true) {
			$left = $deadline - microtime(true);
			if ($left <= 0) {
				return false;
			}
			$read = $write ? [] : [$pipe];
			$writable = $write ? [$pipe] : [];
			$except = null;
			$ready = @stream_select($read, $writable, $except, (int)$left, (int)(($left - (int)$left) * 1000000));
			if ($ready !== false && $ready > 0) {
				return true;
			}
			// 0: timed out (the loop ends at the deadline); false: interrupted by a signal, wait again
		}
	}

	/**
	 * Closes the pipes, kills the child if it still runs and reaps it.
	 */
	private function stop(): void {
		foreach ([$this->stdin, $this->stdout] as $pipe) {
			if (is_resource($pipe)) {
				fclose($pipe);
			}
		}
		$this->stdin = null;
		$this->stdout = null;
		$process = $this->process;
		$this->process = null;
		if (is_resource($process)) {
			if (!$this->exited) {
				// SIGKILL: a child that exited but is not reaped yet is not harmed, one that hangs is ended
				@proc_terminate($process, 9);
			}
			proc_close($process); // reaps it
		}
	}
}
