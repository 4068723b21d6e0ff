<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\External;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCP\Files\Cache\IScanner;
use OCP\Files\FileInfo;
use OCP\Files\IRootFolder;
use OCP\Files\Mount\IMountManager;
use Psr\Log\LoggerInterface;

/**
 * The external storages mirrored "users": part of the files of the one user each is mounted for, at the
 * path of its mount in their Files app ("Disk/…"), recorded under that user. A storage in this mode that is
 * mounted for several users (a group, everyone, or more users since it was chosen) is not mirrored: one
 * copy per file and target holds one user only (README, External storages, Limits).
 */
class UserExternalMounts {
	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly ExternalApplicable $applicable,
		private readonly IRootFolder $rootFolder,
		private readonly IMountManager $mounts,
		private readonly ExternalMounts $externalMounts,
		private readonly LoggerInterface $logger,
	) {
	}

	/**
	 * The user's storages mirrored as part of their files: where each is mounted in their files (no slashes
	 * around it) and its file cache's numeric storage id. Sets up the user's filesystem only when there is one.
	 *
	 * @return list<array{path: string, storageId: int, storage: \OCP\Files\Storage\IStorage}>
	 */
	public function of(string $userId): array {
		$ids = [];
		foreach ($this->directory->all() as $storage) {
			if ($this->applicable->mirroredFor($storage) === $userId) {
				$ids[$storage->id] = true;
			}
		}
		if ($ids === []) {
			return [];
		}
		try {
			$home = $this->rootFolder->getUserFolder($userId)->getPath();
		} catch (\Throwable) {
			return [];
		}
		$out = [];
		foreach ($this->mounts->findIn($home) as $mount) {
			$storage = $mount->getStorage();
			if ($mount->getMountProvider() !== ExternalRoots::PROVIDER || !isset($ids[(int)$mount->getMountId()]) || $storage === null) {
				continue;
			}
			$path = trim(substr($mount->getMountPoint(), strlen($home)), '/');
			if ($path !== '') {
				$out[] = ['path' => $path, 'storageId' => (int)$storage->getCache()->getNumericStorageId(), 'storage' => $storage];
			}
		}
		return $out;
	}

	/**
	 * The user whose files a node on such a storage is part of, when it is seen there (in their files
	 * folder, through their mount); null for any other node.
	 */
	public function userOfNode(FileInfo $info): ?string {
		$storage = $this->externalMounts->storageOf($info);
		$user = $storage === null ? null : $this->applicable->mirroredFor($storage);
		return $user !== null && str_starts_with($info->getPath(), '/' . $user . '/files/') ? $user : null;
	}

	/**
	 * Brings the file cache of the user's such storages up to date (files written behind Nextcloud's back
	 * fire no event): Nextcloud's scanner, recursive, reusing the etags and sizes of what did not change.
	 */
	public function scan(string $userId): void {
		foreach ($this->of($userId) as $mount) {
			try {
				$mount['storage']->getScanner()->scan('', IScanner::SCAN_RECURSIVE, IScanner::REUSE_ETAG | IScanner::REUSE_SIZE);
			} catch (\Throwable $e) {
				$this->logger->warning('Mirror could not scan the external storage at ' . $mount['path'] . ' of ' . $userId . ': ' . $e->getMessage(), ['exception' => $e]);
			}
		}
	}
}
