<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\ReplicationException;

/**
 * A user's signed manifest on the drive (written, read within bounds, looked for), and everything
 * written reaching the disk before the drive is called safe to unplug.
 */
final class DriveManifest {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly Manifest $manifest,
		private readonly DiskSync $diskSync,
		private readonly DrivePaths $paths,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
	) {
	}

	/**
	 * Rewrites a user's manifest on the drive (sha256sum format, and a JSON index signed with the recovery key).
	 *
	 * @param iterable<array{path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries paths inside
	 *                                                                                                              the user's files, and where the copy stands as recorded (null: the encoded path)
	 * @return int how many entries
	 * @throws TargetOfflineException
	 */
	public function writeManifest(string $userId, iterable $entries, RecoveryKey $key): int {
		$this->ensureMounted();
		$onDrive = (function () use ($entries): \Generator {
			foreach ($entries as $entry) {
				// sha256sum reads the names as they are on the drive (encoded where its filesystem refuses a character, suffixed for a case twin)
				yield ['path' => $entry['path'], 'sha256' => $entry['sha256'], 'size' => $entry['size'], 'mtime' => $entry['mtime'],
					'drivePath' => $entry['drivePath'] ?? $this->paths->encodedPath($entry['path'])];
			}
		})();
		return $this->manifest->write(UserFolderName::for($userId), $onDrive, $key);
	}

	/**
	 * Everything written to the drive reaches the disk (before it is called safe to unplug).
	 *
	 * @param list<string> $userIds whose folders are synced when the whole filesystem cannot be
	 * @return bool true when the whole filesystem was synced (syncfs), false when only the folders
	 * @throws TargetOfflineException
	 * @throws ReplicationException WRITE_BACK when a folder's fsync failed
	 */
	public function syncToDisk(array $userIds): bool {
		$this->ensureMounted();
		$root = $this->guard->root();
		// the manifests' folder too: the manifests are renamed into it without a sync of their own
		$manifests = $this->guard->folder([Manifest::DIR]);
		$folders = $manifests === null ? [] : [$manifests];
		foreach ($userIds as $userId) {
			$folder = $root . '/' . UserFolderName::for($userId);
			if ($this->guard->kind($folder) === PathGuard::DIR) {
				$folders[] = $folder;
			}
		}
		return $this->diskSync->filesystemOf($root, $folders);
	}

	/**
	 * A user's manifest as found on the drive, read within bounds (see Manifest::read()); null when there is none.
	 *
	 * @param int $maxBytes a larger manifest is refused before a byte of it is read
	 * @throws TargetOfflineException
	 * @throws DamagedManifestException
	 */
	public function readManifest(string $userId, RecoveryKey $key, int $maxBytes): ?ManifestReading {
		$this->ensureMounted();
		return $this->manifest->read(UserFolderName::for($userId), $key, $maxBytes);
	}

	/**
	 * Whether the drive holds a manifest for the user (nothing of it is read).
	 *
	 * @throws TargetOfflineException
	 */
	public function hasManifest(string $userId): bool {
		$this->ensureMounted();
		$dir = $this->guard->folder([Manifest::DIR]);
		return $dir !== null && $this->guard->kind($dir . '/' . UserFolderName::for($userId) . '.json') === PathGuard::FILE;
	}

	/**
	 * @throws TargetOfflineException
	 */
	private function ensureMounted(): void {
		($this->mounted)();
	}
}
