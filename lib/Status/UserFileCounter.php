<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Source\FileCacheReader;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\Files\IMimeTypeLoader;
use OCP\IConfig;
use OCP\IDBConnection;

/**
 * Counts the files of many users at once: one query finds their home storages, one grouped query
 * per 1000 storages counts the files below files/ (the same rule as FileCacheReader::countFiles).
 *
 * FileCacheReader::countFiles() sets up each user's filesystem first (about 8 ms a user: 8 s for
 * 1,000 users in one request); this never does, and never creates a home folder as a side effect.
 * A user without a home storage has never stored anything: 0 files.
 */
class UserFileCounter {
	private const CHUNK = 1000;

	public function __construct(
		private IDBConnection $db,
		private IMimeTypeLoader $mimeTypes,
		private IConfig $config,
		private GroupFolderDirectory $groupFolders,
		private ExternalStorageDirectory $external,
		private FileCacheReader $cache,
	) {
	}

	/**
	 * @param list<string> $userIds
	 * @return array<string, int> user id => number of files (every given user is present)
	 */
	public function count(array $userIds): array {
		$counts = array_fill_keys($userIds, 0);
		if ($userIds === []) {
			return $counts;
		}
		$storages = $this->homeStorages($userIds);
		foreach ($userIds as $owner) {
			if ($this->external->sharedByOwner($owner) !== null) {
				$counts[$owner] = $this->cache->countFiles($owner); // its root is its files: no "files/" in its paths
				continue;
			}
			$folder = $this->groupFolders->byOwner($owner);
			if ($folder !== null) {
				$storages[$folder->storageId] = $owner; // a group folder's own storage: files/… as in a home
			}
		}
		if ($storages === []) {
			return $counts;
		}
		$folderMime = $this->mimeTypes->getId('httpd/unix-directory');
		foreach (array_chunk(array_keys($storages), self::CHUNK) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('storage')
				->selectAlias($qb->func()->count('fileid'), 'n')
				->from('filecache')
				->where($qb->expr()->in('storage', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($folderMime, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->like('path', $qb->createNamedParameter('files/%')))
				->groupBy('storage');
			$result = $qb->executeQuery();
			while ($row = $result->fetch()) {
				$uid = $storages[(int)$row['storage']];
				$counts[$uid] += (int)$row['n'];
			}
			$result->closeCursor();
		}
		return $counts;
	}

	/**
	 * The numeric ids of the users' home storages. There is no public API that maps many users to their
	 * storages without setting up each one's filesystem: this reads oc_storages by the ids Nextcloud's
	 * home storages use (local home, object store home, and the legacy local:: id of old installs),
	 * shortened to md5 above 64 characters as OC\Files\Cache\Storage::adjustStorageId does.
	 *
	 * @param list<string> $userIds
	 * @return array<int, string> numeric storage id => user id
	 */
	private function homeStorages(array $userIds): array {
		$dataDir = rtrim($this->config->getSystemValueString('datadirectory', ''), '/');
		$byStorageId = [];
		foreach ($userIds as $uid) {
			foreach (['home::' . $uid, 'object::user:' . $uid, 'local::' . $dataDir . '/' . $uid . '/'] as $id) {
				$byStorageId[strlen($id) > 64 ? md5($id) : $id] = $uid;
			}
		}
		$out = [];
		foreach (array_chunk(array_keys($byStorageId), self::CHUNK) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('numeric_id', 'id')
				->from('storages')
				->where($qb->expr()->in('id', $qb->createNamedParameter(array_map('strval', $chunk), IQueryBuilder::PARAM_STR_ARRAY)));
			$result = $qb->executeQuery();
			while ($row = $result->fetch()) {
				$out[(int)$row['numeric_id']] = $byStorageId[(string)$row['id']];
			}
			$result->closeCursor();
		}
		return $out;
	}
}
