<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;
use OCP\IConfig;

/**
 * One writer at a time of a drive's manifests: two workers writing shards of the same user's manifest
 * from two roots would leave one's shard out of the other's root.
 *
 * An flock() of a file in Nextcloud's data folder (never on the drive, which a stranger can write to),
 * one per target. The kernel lets go of it when the process ends, however it ends: a worker killed or a
 * power cut in the middle of a manifest never holds the next runs up (Nextcloud's ILockingProvider would
 * keep such a lock until its TTL, an hour). A drive is only ever written by the server it is plugged
 * into (ThisNode), so a lock on this server is enough.
 */
final class ManifestLock {
	/** how long a writer waits for the one before, in seconds */
	public const WAIT = 60.0;
	/**
	 * How often a waiting writer tries again, in microseconds. Short: the two workers of a run
	 * (SecondWorker) end within a batch of each other and both rewrite the changed users' manifests,
	 * so the later one nearly always waits for the earlier one's write, which takes some 10-20 ms for
	 * 2,000 photos; with 100 ms a try that wait was 100 ms, at the very end of the run (excimer profile
	 * in bench/README.md). A try is one non-blocking flock().
	 */
	private const RETRY_EVERY = 10_000;

	public function __construct(
		private readonly IConfig $config,
	) {
	}

	/**
	 * Runs $write while holding the lock of target $targetId's manifests.
	 *
	 * @template T
	 * @param \Closure(): T $write
	 * @return T
	 * @throws ReplicationException when another process held it for WAIT seconds, or the lock file can't be opened
	 */
	public function holding(int $targetId, \Closure $write, float $wait = self::WAIT): mixed {
		$handle = $this->open($targetId);
		try {
			$until = microtime(true) + $wait;
			while (!flock($handle, LOCK_EX | LOCK_NB)) {
				if (microtime(true) >= $until) {
					throw new ReplicationException('Another process has been writing the manifests of target ' . $targetId . ' for ' . round($wait, 1) . ' s');
				}
				usleep(self::RETRY_EVERY);
			}
			try {
				return $write();
			} finally {
				flock($handle, LOCK_UN);
			}
		} finally {
			fclose($handle);
		}
	}

	/**
	 * @return resource
	 * @throws ReplicationException
	 */
	private function open(int $targetId) {
		$data = rtrim($this->config->getSystemValueString('datadirectory', ''), '/');
		if ($data === '') {
			throw new ReplicationException('Nextcloud\'s data folder is not configured: no place for the manifest lock');
		}
		$dir = $data . '/mirror-locks';
		if (!is_dir($dir)) {
			@mkdir($dir, 0750);
		}
		$handle = @fopen($dir . '/manifest-' . $targetId . '.lock', 'c');
		if ($handle === false) {
			throw new ReplicationException('Could not open the manifest lock in ' . $dir);
		}
		return $handle;
	}
}
