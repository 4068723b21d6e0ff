<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\GroupFolders;

use OCA\Mirror\Db\GroupFolder;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\GroupFolderOwner;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\Files\Folder;
use OCP\Files\IRootFolder;
use OCP\Files\Mount\IMountManager;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\IDBConnection;
use Psr\Container\ContainerInterface;
use Psr\Log\LoggerInterface;

/**
 * A group folder seen as a whole, as no member sees it: its own storage (the Group folders app's
 * `__groupfolders/<id>/`, with no member's ACLs applied) mounted for this process at
 * /__mirror_groupfolder_<id>, whose files/ folder then reads like a user's files/: the same paths in the
 * file cache ("files/Photos/a.jpg"), the same storage to read through. Members' events, sidebars and
 * restores go through their own user folders (their ACLs); only the mirror reads from here.
 */
class GroupFolderRoots {
	/** the Group folders app's service that builds a folder's storages (no public API for it) */
	private const STORAGE_MANAGER = 'OCA\\GroupFolders\\Mount\\FolderStorageManager';

	public function __construct(
		private readonly GroupFolderDirectory $directory,
		private readonly IRootFolder $rootFolder,
		private readonly IMountManager $mounts,
		private readonly IDBConnection $db,
		private readonly ContainerInterface $container,
		private readonly LoggerInterface $logger,
	) {
	}

	public function isGroupFolder(string $owner): bool {
		return $this->directory->byOwner($owner) !== null;
	}

	/** The group folder's files/ folder, as a user's files folder; null when there is no such group folder. */
	public function folder(string $owner): ?Folder {
		$folder = $this->directory->byOwner($owner);
		if ($folder === null) {
			return null;
		}
		$at = GroupFolderOwner::MOUNT_PREFIX . $folder->id;
		try {
			if ($this->mounts->find($at . '/')?->getMountPoint() !== $at . '/' && !$this->mount($folder, $at)) {
				return null;
			}
			$node = $this->rootFolder->get($at . '/files');
			return $node instanceof Folder ? $node : null;
		} catch (NotFoundException) {
			return null;
		}
	}

	/** The node of this file id in the group folder (never another storage's), or null. */
	public function node(string $owner, int $fileId): ?Node {
		$folder = $this->directory->byOwner($owner);
		$root = $folder === null ? null : $this->folder($owner);
		if ($folder === null || $root === null) {
			return null;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('path')->from('filecache')
			->where($qb->expr()->eq('fileid', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('storage', $qb->createNamedParameter($folder->storageId, IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$path = $result->fetchOne();
		$result->closeCursor();
		$path = is_string($path) ? $path : '';
		if ($path === 'files') {
			return $root;
		}
		if (!str_starts_with($path, 'files/')) {
			return null; // not in the group folder's files (its trash, its versions)
		}
		try {
			return $root->get(substr($path, strlen('files/')));
		} catch (NotFoundException) {
			return null;
		}
	}

	/** Whether a node is in this group folder as the mirror sees it (below its mounted files/ folder). */
	public function contains(Node $node, string $owner): bool {
		$folder = $this->directory->byOwner($owner);
		$path = $node->getPath();
		$at = $folder === null ? null : GroupFolderOwner::MOUNT_PREFIX . $folder->id . '/files';
		return $at !== null && ($path === $at || str_starts_with($path, $at . '/'));
	}

	private function mount(GroupFolder $folder, string $at): bool {
		try {
			$manager = $this->container->get(self::STORAGE_MANAGER);
			if (!is_object($manager) || !method_exists($manager, 'getBaseStorageForFolder')) {
				return false;
			}
			// the folder's whole storage (files/, trash/, versions/), with no user: no ACL applied
			$storage = $manager->getBaseStorageForFolder($folder->id, true, null, null, false, '');
			/** @psalm-suppress InvalidArgument the server's MountPoint is an IMountPoint (Psalm sees no OC class) */
			$this->mounts->addMount(new \OC\Files\Mount\MountPoint($storage, $at));
			return true;
		} catch (\Throwable $e) {
			$this->logger->warning('Mirror cannot open the group folder ' . $folder->mountPoint . ': ' . $e->getMessage(), ['exception' => $e]);
			return false;
		}
	}
}
