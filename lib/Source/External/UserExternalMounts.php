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
 * The external storages mirrored "users": part of the files of each user it is mounted for, at the path of
 * its mount in their Files app ("Disk/…"), recorded under each of them: a storage mounted for three users is
 * copied three times, once in each one's folder (one record per file, target and user).
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
			if ($this->applicable->isMirroredFor($storage, $userId)) {
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
		if ($storage === null || preg_match('#^/([^/]+)/files/#', $info->getPath(), $m) !== 1) {
			return null;
		}
		return $this->applicable->isMirroredFor($storage, $m[1]) ? $m[1] : null;
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
