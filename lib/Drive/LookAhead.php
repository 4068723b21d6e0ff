<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;

/**
 * Batches of copies looked at on the drive (Drive::notCurrent()) while the caller goes on reading its
 * next batch from the database: a resync's two halves on two cores, as rsync's sender and receiver are.
 *
 * One batch is out at a time: send() hands it over, receive() gives its answer. Where it can (the CLI
 * with pcntl_fork() and the race-free drive calls of FFI), the looks run in a forked child that only
 * looks at the drive, with the same held-folder calls as here, and answers over a socket pair; the
 * child never touches anything else the parent holds (the database connection above all) and ends with
 * _exit(), so no destructor of the parent's objects runs in it. Anything but a plain answer (the child
 * gone, a short or broken frame, an exception in the child, a link found, which the caller needs as the
 * exception itself) makes the parent look at that batch itself, as it does where there is no child:
 * the answer is always the one Drive::notCurrent() gives here, and an exception is thrown here.
 * Memory: one batch each side (the caller's batch size), whatever the drive holds.
 */
final class LookAhead {
	/** a frame's length, before it: 8 bytes, big-endian */
	private const LENGTH = 'J';
	/** how long either side waits for the other's next frame, in seconds */
	private const WAIT = 86400;

	/** @var resource|null the parent's end of the socket pair; null: no child (any more) */
	private $socket = null;
	private int $pid = 0;
	/** @var array{0: array<array-key, string>, 1: array<array-key, array{0: int, 1: int}>, 2: array<array-key, string|null>}|null the batch out */
	private ?array $out = null;
	/** whether the batch out is with the child */
	private bool $withChild = false;

	/**
	 * @param \Closure(array<array-key, string>, array<array-key, array{0: int, 1: int}>, array<array-key, string|null>): array<array-key, array{size: int, mtime: int}|UnsafePathException|null> $look
	 *                                                                                                                                                                                   Drive::notCurrent() for one user
	 * @param Libc|null $libc for _exit() in the child; null: no child
	 */
	public function __construct(
		private readonly \Closure $look,
		private readonly ?Libc $libc,
	) {
	}

	/**
	 * Whether a child can look here: the CLI (a web server's worker is never forked), pcntl, libc's
	 * _exit() through FFI, and a second CPU to run on (on one, the child only adds the cost of handing
	 * the batches over); MIRROR_DRIVE_FORK=0 turns it off.
	 */
	public static function canFork(?Libc $libc): bool {
		return $libc !== null && PHP_SAPI === 'cli' && getenv('MIRROR_DRIVE_FORK') !== '0'
			&& function_exists('pcntl_fork') && function_exists('pcntl_waitpid') && function_exists('stream_socket_pair')
			&& $libc->cpusAllowed() > 1;
	}

	/**
	 * Forks the child now, if there is to be one (else the first send() does): before the caller's first
	 * query, while the process is small, so that the fork copies fewer page tables and what the caller
	 * allocates afterwards is its own, not pages shared with the child that fault when written.
	 */
	public function start(): void {
		if ($this->socket === null && $this->pid === 0) {
			$this->fork();
		}
	}

	/**
	 * Hands a batch over (the answer of the one before must have been received).
	 *
	 * @param array<array-key, string> $paths
	 * @param array<array-key, array{0: int, 1: int}> $recorded
	 * @param array<array-key, string|null> $drivePaths
	 */
	public function send(array $paths, array $recorded, array $drivePaths): void {
		if ($this->out !== null) {
			throw new \LogicException('The batch before was not received');
		}
		$this->out = [$paths, $recorded, $drivePaths];
		$this->start();
		$this->withChild = $this->socket !== null && $this->write(serialize($this->out));
		if (!$this->withChild) {
			$this->stop(); // gone: the batches are looked at here from now on
		}
	}

	/**
	 * Whether receive() would take the answer without waiting for the child: no batch out, no child to
	 * wait for (receive() looks here), or the child's answer (or its end) is there to be read. The caller
	 * goes on reading meanwhile, so that a child slowed down for a moment never holds it up.
	 */
	public function answered(): bool {
		$socket = $this->socket;
		if ($this->out === null || !$this->withChild || $socket === null) {
			return true;
		}
		$read = [$socket];
		$write = null;
		$except = null;
		return @stream_select($read, $write, $except, 0) !== 0; // false, an error: receive() finds out what
	}

	/**
	 * The answer for the batch sent: Drive::notCurrent()'s.
	 *
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException as Drive::notCurrent()
	 */
	public function receive(): array {
		$batch = $this->out ?? throw new \LogicException('No batch was sent');
		$this->out = null;
		if ($this->withChild) {
			$this->withChild = false;
			$frame = $this->read();
			$answer = $frame === null ? false : @unserialize($frame, ['allowed_classes' => false]);
			if (is_array($answer) && ($answer[0] ?? null) === 'ok' && is_array($answer[1] ?? null)) {
				/** @var array<array-key, array{size: int, mtime: int}|null> */
				return $answer[1];
			}
			if ($answer !== ['again']) {
				$this->stop(); // gone or broken: no more batches to it
			}
		}
		return ($this->look)($batch[0], $batch[1], $batch[2]);
	}

	/**
	 * Looks at a batch here, now, beside the one out (if any): Drive::notCurrent()'s answer. The caller's
	 * way to share the looks with the child while the child is busy.
	 *
	 * @param array<array-key, string> $paths
	 * @param array<array-key, array{0: int, 1: int}> $recorded
	 * @param array<array-key, string|null> $drivePaths
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException as Drive::notCurrent()
	 */
	public function lookHere(array $paths, array $recorded, array $drivePaths): array {
		return ($this->look)($paths, $recorded, $drivePaths);
	}

	/** Ends the child (if any) and waits for it. */
	public function close(): void {
		$this->out = null;
		$this->withChild = false;
		$this->stop();
	}

	public function __destruct() {
		$this->stop();
	}

	private function fork(): void {
		$this->pid = -1; // tried once
		if (!self::canFork($this->libc)) {
			return;
		}
		$pair = @stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
		if ($pair === false) {
			return;
		}
		foreach ($pair as $end) {
			// not default_socket_timeout's 60 s: a slow drive's batch or a slow page of records is no broken child
			stream_set_timeout($end, self::WAIT);
		}
		$pid = pcntl_fork();
		if ($pid < 0) {
			fclose($pair[0]);
			fclose($pair[1]);
			return;
		}
		if ($pid === 0) {
			fclose($pair[0]);
			$this->child($pair[1]);
		}
		fclose($pair[1]);
		$this->socket = $pair[0];
		$this->pid = $pid;
	}

	/**
	 * The child: batches in, answers out, until the parent closes its end.
	 *
	 * @param resource $socket
	 */
	private function child($socket): never {
		$libc = $this->libc ?? throw new \LogicException('no libc');
		$this->socket = $socket;
		try {
			while (($frame = $this->read()) !== null) {
				$batch = @unserialize($frame, ['allowed_classes' => false]);
				$answer = ['again'];
				if (is_array($batch) && count($batch) === 3) {
					try {
						/** @psalm-suppress MixedArgument,MixedArgumentTypeCoercion what the parent serialized */
						$stats = ($this->look)($batch[0], $batch[1], $batch[2]);
						if (!in_array(true, array_map(static fn ($stat): bool => $stat instanceof UnsafePathException, $stats), true)) {
							$answer = ['ok', $stats];
						}
					} catch (\Throwable) {
						// the parent looks again itself, and throws what it finds
					}
				}
				if (!$this->write(serialize($answer))) {
					break;
				}
			}
		} finally {
			$libc->exitNow(0);
		}
	}

	private function write(string $data): bool {
		$socket = $this->socket;
		if ($socket === null) {
			return false;
		}
		$data = pack(self::LENGTH, strlen($data)) . $data;
		for ($done = 0, $length = strlen($data); $done < $length; $done += $written) {
			$written = @fwrite($socket, $done === 0 ? $data : substr($data, $done));
			if ($written === false || $written === 0) {
				return false;
			}
		}
		return true;
	}

	private function read(): ?string {
		$socket = $this->socket;
		if ($socket === null) {
			return null;
		}
		$head = $this->readExactly($socket, 8);
		if ($head === null) {
			return null;
		}
		$length = (int)unpack(self::LENGTH, $head)[1];
		return $length === 0 ? '' : $this->readExactly($socket, $length);
	}

	/**
	 * @param resource $socket
	 */
	private function readExactly($socket, int $length): ?string {
		$data = '';
		while (strlen($data) < $length) {
			$piece = @fread($socket, $length - strlen($data));
			if ($piece === false || $piece === '') {
				return null;
			}
			$data .= $piece;
		}
		return $data;
	}

	private function stop(): void {
		$socket = $this->socket;
		$this->socket = null;
		if ($socket !== null) {
			fclose($socket);
		}
		if ($this->pid > 0) {
			if (function_exists('posix_kill')) {
				posix_kill($this->pid, SIGKILL); // it may be in the middle of a batch nobody will read
			}
			pcntl_waitpid($this->pid, $status);
			$this->pid = -1;
		}
	}
}
