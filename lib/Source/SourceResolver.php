<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Source\External\ExternalRoots;
use OCA\Mirror\Source\External\UserExternalMounts;
use OCA\Mirror\Source\GroupFolders\GroupFolderRoots;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\Files\File;
use OCP\Files\FileInfo;
use OCP\Files\Folder;
use OCP\Files\IHomeStorage;
use OCP\Files\IMimeTypeLoader;
use OCP\Files\IRootFolder;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\Files\Storage\IStorage;
use OCP\IDBConnection;
use OCP\IUserManager;

/**
 * Finds what Nextcloud holds now for a file id, and decides whether it is in scope: a file in
 * its owner's own home storage, below files/. Shares are seen through their owner, once. A group
 * folder is an owner of its own ("Family (group folder)", GroupFolderOwner): its files/ folder is read
 * as a user's (GroupFolderRoots), whichever member wrote them. So is an external storage mirrored once
 * ("Disk (external storage)", ExternalStorageOwner): its root is read as a user's files/ folder
 * (ExternalRoots), its file cache paths without "files/" in front (cachePrefix()). An external storage
 * mirrored "users" is part of the files of each user it is mounted for, at its mount's path there (UserExternalMounts).
 */
class SourceResolver {
	/** @var array<string, IStorage|null> */
	private array $homes = [];

	public function __construct(
		private IRootFolder $rootFolder,
		private IUserManager $userManager,
		private IDBConnection $db,
		private IMimeTypeLoader $mimeTypes,
		private GroupFolderRoots $groupFolders,
		private ExternalRoots $external,
		private UserExternalMounts $userMounts,
	) {
	}

	/** A user, a group folder or an external storage mirrored once (its owner id). */
	public function userExists(string $userId): bool {
		if (ExternalStorageOwner::isExternal($userId)) {
			return $this->external->isExternal($userId);
		}
		return GroupFolderOwner::isGroupFolder($userId) ? $this->groupFolders->isGroupFolder($userId) : $this->userManager->userExists($userId);
	}

	/**
	 * What the owner's file cache paths start with: "files/" in a home and a group folder's storage,
	 * nothing in an external storage (its root is the files).
	 */
	public static function cachePrefix(string $userId): string {
		return ExternalStorageOwner::isExternal($userId) ? '' : 'files/';
	}

	/**
	 * Files written behind Nextcloud's back fire no event: an external storage is scanned (Nextcloud's
	 * scanner) before it is compared. Homes and group folders are not: Nextcloud sees their changes.
	 */
	public function refresh(string $userId): void {
		if (ExternalStorageOwner::isExternal($userId)) {
			$this->external->scan($userId);
		} elseif (!GroupFolderOwner::isGroupFolder($userId)) {
			$this->userMounts->scan($userId);
		}
	}

	/**
	 * Where the owner's files are in the file cache: their own storage below cachePrefix(), and for a user
	 * each external storage mirrored as part of their files ("users"), all of it, at its mount's path.
	 *
	 * @return list<array{storageId: int, storage: IStorage, cachePrefix: string, path: string}> path: where it starts in the owner's files ('' or "Disk/")
	 */
	public function areas(string $userId): array {
		$storage = $this->homeStorage($userId);
		if ($storage === null) {
			return [];
		}
		$areas = [['storageId' => (int)$storage->getCache()->getNumericStorageId(), 'storage' => $storage, 'cachePrefix' => self::cachePrefix($userId), 'path' => '']];
		if (!ExternalStorageOwner::isExternal($userId) && !GroupFolderOwner::isGroupFolder($userId)) {
			foreach ($this->userMounts->of($userId) as $mount) {
				$areas[] = ['storageId' => $mount['storageId'], 'storage' => $mount['storage'], 'cachePrefix' => '', 'path' => $mount['path'] . '/'];
			}
		}
		return $areas;
	}

	public function userFolder(string $userId): ?Folder {
		if (ExternalStorageOwner::isExternal($userId)) {
			return $this->external->folder($userId);
		}
		if (GroupFolderOwner::isGroupFolder($userId)) {
			return $this->groupFolders->folder($userId);
		}
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
		if (ExternalStorageOwner::isExternal($userId)) {
			return $fileId > 0 ? $this->external->node($userId, $fileId) : null;
		}
		if (GroupFolderOwner::isGroupFolder($userId)) {
			return $fileId > 0 ? $this->groupFolders->node($userId, $fileId) : null;
		}
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
	 * user's own (see sources()).
	 */
	public function file(string $userId, int $fileId): ?SourceFile {
		return $this->sources($userId, [$fileId])[$fileId] ?? null;
	}

	/**
	 * These files of the user's own files, straight from the file cache: one query per 1000 ids
	 * (a batch of copies resolves its sources at once). Folders and what is not below files/ are left out.
	 *
	 * @param list<int> $fileIds
	 * @return array<int, SourceFile>
	 */
	public function sources(string $userId, array $fileIds): array {
		$areas = [];
		foreach ($this->areas($userId) as $area) {
			$areas[$area['storageId']] = $area;
		}
		if ($areas === [] || $fileIds === []) {
			return [];
		}
		$folderMime = $this->mimeTypes->getId('httpd/unix-directory');
		$out = [];
		foreach (array_chunk($fileIds, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			// By file id alone, the user's storage checked here: with "storage = ?" in the query SQLite reads
			// the storage's whole index for a few ids (11 ms for 50 ids of a library of 100,000, per batch).
			$qb->select('fileid', 'storage', 'path', 'mtime', 'etag', 'encrypted', 'mimetype')
				->selectAlias(PlainSize::of($qb), 'plain_size') // under encryption the cache's size is the ciphertext's
				->from('filecache')
				->where($qb->expr()->in('fileid', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)));
			$result = $qb->executeQuery();
			while ($row = $result->fetch()) {
				$path = (string)$row['path'];
				$area = $areas[(int)$row['storage']] ?? null;
				if ($area === null || (int)$row['mimetype'] === $folderMime || $path === '' || !str_starts_with($path, $area['cachePrefix'])) {
					continue;
				}
				$out[(int)$row['fileid']] = new SourceFile((int)$row['fileid'], $userId, $area['path'] . substr($path, strlen($area['cachePrefix'])), (int)$row['plain_size'],
					(int)$row['mtime'], (string)$row['etag'], $area['storage'], $path, (int)$row['encrypted'] !== 0);
			}
			$result->closeCursor();
		}
		return $out;
	}

	/**
	 * The storage of the user's own files (their home), remembered for the run.
	 */
	public function homeStorage(string $userId): ?IStorage {
		if (ExternalStorageOwner::isExternal($userId) && !$this->external->isExternal($userId)) {
			return null; // switched off since (a long-running worker): not read any more
		}
		if (!array_key_exists($userId, $this->homes)) {
			if (count($this->homes) >= 100) {
				$this->homes = [];
			}
			$storage = $this->userFolder($userId)?->getStorage();
			$own = GroupFolderOwner::isGroupFolder($userId) || ExternalStorageOwner::isExternal($userId) || $storage?->instanceOfStorage(IHomeStorage::class) === true;
			$this->homes[$userId] = $own ? $storage : null;
		}
		return $this->homes[$userId];
	}

	/**
	 * The path of a folder inside its owner's files ('' for the files folder itself).
	 */
	public function relativePath(Node $node): string {
		if (str_starts_with($node->getPath(), ExternalStorageOwner::MOUNT_PREFIX)) {
			return ltrim($node->getInternalPath(), '/'); // an external storage's root is its files
		}
		$user = $this->userMounts->userOfNode($node);
		if ($user !== null) {
			return substr($node->getPath(), strlen('/' . $user . '/files/')); // mirrored as part of their files, at its mount's path
		}
		return ltrim(substr($node->getInternalPath(), strlen('files')), '/');
	}

	public function inScope(Node $node, string $userId): bool {
		if (ExternalStorageOwner::isExternal($userId)) {
			return $this->external->contains($node, $userId);
		}
		if (GroupFolderOwner::isGroupFolder($userId)) {
			return $this->groupFolders->contains($node, $userId);
		}
		if ($this->userMounts->userOfNode($node) === $userId) {
			return true; // an external storage mirrored as part of this user's files ("users")
		}
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
