<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\App\IAppManager;
use OCP\IDBConnection;

/**
 * The group folders there are (the Group folders app's own table, read only), remembered for the
 * process: none while the app is disabled. Group folders whose mount point is too long for an owner id
 * (GroupFolderOwner) are left out, and so are those in the root storage (the app's layout before
 * version 19: no storage of their own), which Mirror does not copy.
 */
class GroupFolderDirectory {
	public const APP = 'groupfolders';
	private const TABLE = 'group_folders';
	/** a long-running worker (mirror:process --watch) looks again for a folder it does not know after this */
	private const STALE_SECONDS = 30;

	/** @var array<int, GroupFolder>|null folder id => folder */
	private ?array $folders = null;
	/** @var array<int, array{id: int, mountPoint: string, storageId: int|null}> folder id => a folder Mirror cannot copy */
	private array $uncopyable = [];
	private int $loadedAt = 0;

	public function __construct(
		private readonly IDBConnection $db,
		private readonly IAppManager $apps,
	) {
	}

	/** @return array<int, GroupFolder> folder id => folder, those Mirror copies */
	public function all(): array {
		if ($this->folders === null) {
			$this->folders = [];
			$this->uncopyable = [];
			$this->loadedAt = time();
			if ($this->apps->isEnabledForAnyone(self::APP) && $this->db->tableExists(self::TABLE)) {
				$qb = $this->db->getQueryBuilder();
				$qb->select('folder_id', 'mount_point', 'storage_id', 'options', 'acl')->from(self::TABLE);
				$result = $qb->executeQuery();
				while ($row = $result->fetch()) {
					$folder = $this->folder($row);
					if ($folder !== null) {
						$this->folders[$folder->id] = $folder;
					} else {
						$this->uncopyable[(int)$row['folder_id']] = ['id' => (int)$row['folder_id'], 'mountPoint' => (string)$row['mount_point'],
							'storageId' => $row['storage_id'] === null ? null : (int)$row['storage_id']];
					}
				}
				$result->closeCursor();
			}
		}
		return $this->folders;
	}

	/**
	 * The group folders Mirror does not copy (no storage of their own, or a mount point too long for an owner id).
	 *
	 * @return list<array{id: int, mountPoint: string, storageId: int|null}>
	 */
	public function uncopyable(): array {
		$this->all();
		return array_values($this->uncopyable);
	}

	/** @return list<string> the owner ids of every group folder */
	public function owners(): array {
		return array_values(array_map(static fn (GroupFolder $f): string => $f->owner, $this->all()));
	}

	public function byOwner(string $owner): ?GroupFolder {
		if (!GroupFolderOwner::isGroupFolder($owner)) {
			return null;
		}
		return $this->find(static fn (GroupFolder $folder): bool => $folder->owner === $owner);
	}

	/** The group folder whose files are cached under this storage. */
	public function byStorage(int $storageId): ?GroupFolder {
		return $this->find(static fn (GroupFolder $folder): bool => $folder->storageId === $storageId);
	}

	/** By id or mount point, as an admin names it (occ --group-folder). */
	public function byName(string $name): ?GroupFolder {
		return $this->find(static fn (GroupFolder $folder): bool => $folder->mountPoint === $name || (ctype_digit($name) && $folder->id === (int)$name));
	}

	/**
	 * The first folder that matches; when none does and the list is older than STALE_SECONDS, the table is
	 * read again (a group folder created since).
	 *
	 * @param \Closure(GroupFolder): bool $matches
	 */
	private function find(\Closure $matches): ?GroupFolder {
		foreach ([false, true] as $again) {
			if ($again) {
				if (time() - $this->loadedAt < self::STALE_SECONDS) {
					return null;
				}
				$this->forget();
			}
			foreach ($this->all() as $folder) {
				if ($matches($folder)) {
					return $folder;
				}
			}
		}
		return null;
	}

	/** Reads the table again (a folder created, renamed or removed since). */
	public function forget(): void {
		$this->folders = null;
	}

	/** @param array<array-key, mixed> $row */
	private function folder(array $row): ?GroupFolder {
		$mountPoint = (string)$row['mount_point'];
		$owner = GroupFolderOwner::forMountPoint($mountPoint);
		$options = json_decode((string)($row['options'] ?? ''), true);
		$separate = is_array($options) && ($options['separate-storage'] ?? false) === true;
		if ($owner === null || !$separate || $row['storage_id'] === null) {
			return null;
		}
		return new GroupFolder((int)$row['folder_id'], $mountPoint, $owner, (int)$row['storage_id'], $separate, (bool)$row['acl']);
	}
}
