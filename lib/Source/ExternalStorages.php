<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCP\App\IAppManager;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\Files\IMimeTypeLoader;
use OCP\IDBConnection;

/**
 * The external storages the admin configured (files_external), with what Nextcloud's file cache holds of
 * each: read from files_external's own tables (its services are not public API), one count per storage.
 * Only "Local" storages can be found in the file cache here (their storage id is their folder); others are
 * listed with nothing counted.
 */
class ExternalStorages {
	public function __construct(
		private IDBConnection $db,
		private IAppManager $apps,
		private IMimeTypeLoader $mimeTypes,
	) {
	}

	/**
	 * @return list<array{id: int, mountPoint: string, backend: string, files: int, bytes: int}>
	 */
	public function all(): array {
		if (!$this->apps->isEnabledForAnyone('files_external') || !$this->db->tableExists('external_mounts')) {
			return [];
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('m.mount_id', 'm.mount_point', 'm.storage_backend', 'c.value')
			->from('external_mounts', 'm')
			->leftJoin('m', 'external_config', 'c', $qb->expr()->andX(
				$qb->expr()->eq('c.mount_id', 'm.mount_id'),
				$qb->expr()->eq('c.key', $qb->createNamedParameter('datadir')),
			))
			->orderBy('m.mount_id');
		$result = $qb->executeQuery();
		$storages = [];
		while ($row = $result->fetch()) {
			$backend = (string)$row['storage_backend'];
			$counts = $backend === 'local' && $row['value'] !== null ? $this->counts((string)$row['value']) : ['files' => 0, 'bytes' => 0];
			$storages[] = ['id' => (int)$row['mount_id'], 'mountPoint' => trim((string)$row['mount_point'], '/'), 'backend' => $backend] + $counts;
		}
		$result->closeCursor();
		return $storages;
	}

	/**
	 * @return array{files: int, bytes: int}
	 */
	private function counts(string $folder): array {
		$id = 'local::' . rtrim($folder, '/') . '/';
		if (strlen($id) > 64) {
			$id = md5($id); // as Nextcloud stores long storage ids
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('numeric_id')->from('storages')->where($qb->expr()->eq('id', $qb->createNamedParameter($id)));
		$result = $qb->executeQuery();
		$numeric = $result->fetchOne();
		$result->closeCursor();
		if ($numeric === false) {
			return ['files' => 0, 'bytes' => 0]; // never scanned
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('fileid', 'n'))
			->selectAlias($qb->func()->sum('size'), 'bytes')
			->from('filecache')
			->where($qb->expr()->eq('storage', $qb->createNamedParameter((int)$numeric, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($this->mimeTypes->getId('httpd/unix-directory'), IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$row = $result->fetch();
		$result->closeCursor();
		return ['files' => (int)($row['n'] ?? 0), 'bytes' => (int)($row['bytes'] ?? 0)];
	}
}
