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
				usleep(100_000);
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
