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
use OCP\IUserManager;

/**
 * Finds what Nextcloud holds now for a file id, and decides whether it is in scope: a file in
 * its owner's own home storage, below files/. Shares are seen through their owner, once.
 */
class SourceResolver {
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

	public function file(string $userId, int $fileId): ?SourceFile {
		$node = $this->node($userId, $fileId);
		if (!$node instanceof File) {
			return null;
		}
		return new SourceFile(
			$node,
			$userId,
			substr($node->getInternalPath(), strlen('files/')),
			(int)$node->getSize(),
			(int)$node->getMTime(),
			(string)$node->getEtag(),
		);
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
