<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;
use OCP\IBinaryFinder;

/**
 * Makes everything written to a drive durable before someone unplugs it. PHP has no syncfs(): the
 * coreutils `sync --file-system` does it (run without a shell). Without it, the folders Mirror
 * wrote in last are fsynced (the copies themselves were synced when they were placed).
 */
final class DiskSync {
	public function __construct(
		private readonly ?IBinaryFinder $binaries,
		private readonly FolderSync $folders,
	) {
	}

	/**
	 * @param list<string> $folders synced one by one when the whole filesystem cannot be
	 * @return bool true when the whole filesystem was synced
	 * @throws ReplicationException WRITE_BACK when a folder's fsync failed: the drive is not to be called safe to unplug
	 */
	public function filesystemOf(string $root, array $folders): bool {
		$sync = $this->binaries?->findBinaryPath('sync') ?? false;
		if (is_string($sync) && function_exists('proc_open')) {
			$null = ['file', '/dev/null', 'r'];
			$out = ['file', '/dev/null', 'w'];
			$process = @proc_open([$sync, '--file-system', $root], [0 => $null, 1 => $out, 2 => $out], $pipes);
			if (is_resource($process) && proc_close($process) === 0) {
				return true;
			}
		}
		foreach ([...$folders, $root] as $folder) {
			$this->folders->sync($folder);
		}
		return false;
	}

	/**
	 * Makes a folder's entries (the renames into it) durable. A folder that cannot be opened is left
	 * as it is (its renames are as durable as the filesystem makes them); FUSE answers a daemon that
	 * cannot sync folders (ENOSYS) with success.
	 *
	 * @return bool false when the fsync failed: the drive reported a write error, the renames into
	 *              the folder may not be on the disk
	 */
	public static function folder(string $dir): bool {
		$handle = @fopen($dir, 'r');
		if ($handle === false) {
			return true;
		}
		try {
			return @fsync($handle);
		} finally {
			fclose($handle);
		}
	}
}
