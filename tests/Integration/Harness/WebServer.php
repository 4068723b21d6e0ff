<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * A further web server (php -S) on an instance, as another node behind a proxy would run one: its URL, its
 * log, and stop(). Instance::startWebServer() starts it; the instance stops it at the latest when destroyed.
 */
final class WebServer {
	/** @var resource|null */
	private $handle;

	/** @param resource $handle */
	public function __construct(
		$handle,
		private readonly int $pid,
		public readonly string $url,
		public readonly string $logFile,
	) {
		$this->handle = $handle;
	}

	public function log(): string {
		return (string)@file_get_contents($this->logFile);
	}

	public function stop(): void {
		if ($this->handle !== null) {
			self::stopGroup($this->handle, $this->pid);
			$this->handle = null;
		}
	}

	/**
	 * setsid made the server its own process group: SIGTERM to the group (its workers go with it), SIGKILL
	 * after 5 s.
	 *
	 * @param resource $handle
	 */
	public static function stopGroup($handle, int $pid): void {
		@posix_kill(-$pid, SIGTERM);
		$deadline = microtime(true) + 5;
		while (proc_get_status($handle)['running'] && microtime(true) < $deadline) {
			usleep(50_000);
		}
		@posix_kill(-$pid, SIGKILL);
		proc_close($handle);
	}
}
