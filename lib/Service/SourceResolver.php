<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Model\SourceFile;
use OCP\Files\File;
use OCP\Files\FileInfo;
use OCP\Files\Folder;
use OCP\Files\IHomeStorage;
use OCP\Files\IRootFolder;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\Files\Storage\IStorage;
use OCP\IUserManager;

/**
 * Finds what Nextcloud holds now for a file id, and decides whether it is in scope: a file in
 * its owner's own home storage, below files/. Shares are seen through their owner, once.
 */
class SourceResolver {
	/** @var array<string, IStorage|null> */
	private array $homes = [];

	public function __construct(
		private IRootFolder $rootFolder,
		private IUserManager $userManager,
	) {
	}

	public function userExists(string $userId): bool {
		return $this->userManager->userExists($userId);
	}

	public function userFolder(string $userId): ?Folder {
		if (!$this->userManager->userExists($userId)) {
			return null;
		}
		try {
			return $this->rootFolder->getUserFolder($userId);
		} catch (NotFoundException) {
			return null;
		}
	}

	/**
	 * The node with this id in the user's own files, or null when it is gone or out of scope.
	 */
	public function node(string $userId, int $fileId): ?Node {
		$folder = $this->userFolder($userId);
		if ($folder === null || $fileId <= 0) {
			return null;
		}
		$node = $folder->getFirstNodeById($fileId);
		if ($node === null || !$this->inScope($node, $userId)) {
			return null;
		}
		return $node;
	}

	/**
	 * The file with this id in the user's own files, or null when it is gone, a folder, or not the
	 * user's own: one look-up in the file cache of the user's home storage (a file id resolved
	 * through the user's folder costs a mount look-up on top, for every file copied).
	 */
	public function file(string $userId, int $fileId): ?SourceFile {
		$storage = $this->homeStorage($userId);
		if ($storage === null || $fileId <= 0) {
			return null;
		}
		$entry = $storage->getCache()->get($fileId);
		if ($entry === false || $entry->getMimeType() === FileInfo::MIMETYPE_FOLDER || !str_starts_with($entry->getPath(), 'files/')) {
			return null;
		}
		return new SourceFile(
			$fileId,
			$userId,
			substr($entry->getPath(), strlen('files/')),
			(int)$entry->getSize(),
			(int)$entry->getMTime(),
			(string)$entry->getEtag(),
			$storage,
			$entry->getPath(),
			$entry->isEncrypted(),
		);
	}

	/**
	 * The storage of the user's own files (their home), remembered for the run.
	 */
	public function homeStorage(string $userId): ?IStorage {
		if (!array_key_exists($userId, $this->homes)) {
			if (count($this->homes) >= 100) {
				$this->homes = [];
			}
			$storage = $this->userFolder($userId)?->getStorage();
			$this->homes[$userId] = $storage !== null && $storage->instanceOfStorage(IHomeStorage::class) ? $storage : null;
		}
		return $this->homes[$userId];
	}

	/**
	 * The path of a folder inside its owner's files ('' for the files folder itself).
	 */
	public function relativePath(Node $node): string {
		return ltrim(substr($node->getInternalPath(), strlen('files')), '/');
	}

	public function inScope(Node $node, string $userId): bool {
		try {
			return $node->getOwner()?->getUID() === $userId && self::isInHomeFiles($node);
		} catch (NotFoundException) {
			return false;
		}
	}

	/**
	 * What the mirror copies: something in a home storage, below files/ (the files folder itself
	 * included), as opposed to shares seen from outside, group folders and external storages.
	 */
	public static function isInHomeFiles(FileInfo $info): bool {
		$internal = (string)$info->getInternalPath();
		return ($internal === 'files' || str_starts_with($internal, 'files/'))
			&& $info->getStorage()->instanceOfStorage(IHomeStorage::class);
	}
}
