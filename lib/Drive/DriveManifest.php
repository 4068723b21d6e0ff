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
 * A user's signed manifest on the drive (written whole or by shards, read within bounds, looked for), and everything
 * written reaching the disk before the drive is called safe to unplug.
 */
final class DriveManifest {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly Manifest $manifest,
		private readonly ManifestShards $shards,
		private readonly DiskSync $diskSync,
		private readonly DrivePaths $paths,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
	) {
	}

	/**
	 * Rewrites a user's manifest on the drive in one file (format 2: sha256sum format, and a JSON index
	 * signed with the recovery key); shards of format 3 left from a larger library are removed.
	 *
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries paths inside
	 *                                                                                                              the user's files, and where the copy stands as recorded (null: the encoded path)
	 * @return int how many entries
	 * @throws TargetOfflineException
	 */
	public function writeManifest(string $userId, iterable $entries, RecoveryKey $key): int {
		$this->ensureMounted();
		$folder = UserFolderName::for($userId);
		$count = $this->manifest->write($folder, $this->onDrive($entries), $key);
		$this->shards->remove($folder);
		return $count;
	}

	/**
	 * Writes the shards of a user's manifest that $entries fill, and its root (format 3, ManifestShards).
	 *
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries in file id order
	 * @param array<int, array{file: string, hmac: string, entries: int}> $kept shards of the previous root listed again as they are
	 * @return int how many entries the manifest lists
	 * @throws TargetOfflineException
	 */
	public function writeShards(string $userId, int $width, iterable $entries, array $kept, RecoveryKey $key): int {
		$this->ensureMounted();
		return $this->shards->write(UserFolderName::for($userId), $width, $this->onDrive($entries), $kept, $key);
	}

	/**
	 * The shards a verified manifest of format 3 lists (null: there is none to build on).
	 *
	 * @return array{width: int, shards: array<int, array{file: string, hmac: string, entries: int}>, missing: list<int>}|null
	 * @throws TargetOfflineException
	 */
	public function manifestShards(string $userId, RecoveryKey $key, int $maxBytes): ?array {
		$this->ensureMounted();
		return $this->shards->listing(UserFolderName::for($userId), $key, $maxBytes);
	}

	/**
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries
	 * @return \Generator<int, array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath: string}>
	 */
	private function onDrive(iterable $entries): \Generator {
		foreach ($entries as $entry) {
			// sha256sum reads the names as they are on the drive (encoded where its filesystem refuses a character, suffixed for a case twin)
			$entry['drivePath'] ??= $this->paths->encodedPath($entry['path']);
			yield $entry;
		}
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
		// the manifests' folder too (and each user's shards' folder): the manifests are renamed into them without a sync of their own
		$manifests = $this->guard->folder([Manifest::DIR]);
		$folders = $manifests === null ? [] : [$manifests];
		foreach ($userIds as $userId) {
			$folder = $root . '/' . UserFolderName::for($userId);
			if ($this->guard->kind($folder) === PathGuard::DIR) {
				$folders[] = $folder;
			}
			$shards = $manifests . '/' . UserFolderName::for($userId) . ManifestShards::SUFFIX; // format 3's shards
			if ($manifests !== null && $this->guard->kind($shards) === PathGuard::DIR) {
				$folders[] = $shards;
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
		return $this->shards->read(UserFolderName::for($userId), $key, $maxBytes);
	}

	/**
	 * Whether the drive holds a manifest for the user (nothing of it is read).
	 *
	 * @throws TargetOfflineException
	 */
	public function hasManifest(string $userId): bool {
		$this->ensureMounted();
		return $this->shards->has(UserFolderName::for($userId));
	}

	/**
	 * @throws TargetOfflineException
	 */
	private function ensureMounted(): void {
		($this->mounted)();
	}
}
