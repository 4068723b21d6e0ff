<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

use OCA\Mirror\Source\SourceResolver;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * Folders a user left out with a `.nomirror` file, read from the file cache of their home storage and of the
 * external storages mirrored as part of their files ("users", each where it is mounted in their files; a file
 * of the home hidden under such a mount point is not read), or of a group folder's or an external storage's own.
 * Inside an upload request a path's folders are looked up in one query, and each folder once per
 * request (an upload of a thousand files into one folder costs one query, not a thousand).
 */
class NoMirrorFolders {
	public const MARKER = '.nomirror';

	/** @var array<string, array<string, bool>> user => folder ('' for the files folder) => holds a .nomirror */
	private array $known = [];

	public function __construct(
		private IDBConnection $db,
		private SourceResolver $resolver,
	) {
	}

	/**
	 * The outermost folder above this file (relative to the user's files) that holds a `.nomirror`, or null.
	 */
	public function folderAbove(string $userId, string $path): ?string {
		$folders = self::foldersAbove($path);
		$known = $this->known[$userId] ?? [];
		$unknown = array_values(array_filter($folders, static fn (string $f): bool => !isset($known[$f])));
		if ($unknown !== []) {
			if (count($this->known) > 100) {
				$this->known = [];
			}
			$found = $this->lookUp($userId, $unknown);
			foreach ($unknown as $folder) {
				$this->known[$userId][$folder] = isset($found[$folder]);
			}
		}
		foreach ($folders as $folder) {
			if ($this->known[$userId][$folder] ?? false) {
				return $folder;
			}
		}
		return null;
	}

	/** Forgets what was looked up (a long-running process, after a while). */
	public function forget(): void {
		$this->known = [];
	}

	/**
	 * Every folder of the user's files that holds a `.nomirror` (one query over their home and the external
	 * storages mirrored as part of their files, SourceResolver::areas()), outermost first.
	 *
	 * @return list<string>
	 */
	public function all(string $userId): array {
		$areas = $this->areas($userId);
		if ($areas === []) {
			return [];
		}
		$qb = $this->db->getQueryBuilder();
		// Found by name (the index on it), not by reading every file of the storage: `name = ?` lets the
		// planners use that index, and on SQLite, which has no statistics to choose by and took the storage's
		// index (100,000 rows read for a resync of 100,000 files), `+storage` keeps it from using the storage
		// as an index key. Elsewhere `storage = ?` stays as it is, which a sharded file cache needs.
		$storage = $this->db->getDatabaseProvider() === IDBConnection::PLATFORM_SQLITE ? $qb->createFunction('+' . $qb->getColumnName('storage')) : 'storage';
		$each = [];
		foreach ($areas as $area) {
			$each[] = $qb->expr()->andX(
				$qb->expr()->eq($storage, $qb->createNamedParameter($area['storageId'], IQueryBuilder::PARAM_INT)),
				$qb->expr()->like('path', $qb->createNamedParameter($this->db->escapeLikeParameter($area['cachePrefix']) . '%')),
			);
		}
		$qb->select('storage', 'path')
			->from('filecache')
			->where($qb->expr()->eq('name', $qb->createNamedParameter(self::MARKER)))
			// and LIKE without wildcards: MariaDB's collations pad, so `name = '.nomirror'` holds for '.nomirror ' there
			->andWhere($qb->expr()->like('name', $qb->createNamedParameter($this->db->escapeLikeParameter(self::MARKER))))
			->andWhere(count($each) === 1 ? $each[0] : $qb->expr()->orX(...$each));
		$result = $qb->executeQuery();
		$folders = [];
		while ($row = $result->fetch(\PDO::FETCH_NUM)) {
			$area = $areas[(int)$row[0]];
			$path = $area['path'] . substr((string)$row[1], strlen($area['cachePrefix']));
			if ($this->areaOf($areas, $path) === $area) {
				$folders[] = self::folderOf($path); // not a file of the home hidden under a mount point
			}
		}
		$result->closeCursor();
		sort($folders);
		return $folders;
	}

	/**
	 * The folder of a `.nomirror` among $folders (outermost first) that holds this path, or null.
	 *
	 * @param list<string> $folders
	 */
	public static function holding(array $folders, string $path): ?string {
		foreach ($folders as $folder) {
			if ($folder === '' || str_starts_with($path, $folder . '/')) {
				return $folder;
			}
		}
		return null;
	}

	/**
	 * The folders above a path, outermost first: 'a/b/c.jpg' → '', 'a', 'a/b'.
	 *
	 * @return list<string>
	 */
	private static function foldersAbove(string $path): array {
		$parts = explode('/', trim($path, '/'));
		array_pop($parts);
		$folders = [''];
		$current = '';
		foreach ($parts as $part) {
			$current = $current === '' ? $part : $current . '/' . $part;
			$folders[] = $current;
		}
		return $folders;
	}

	private static function folderOf(string $path): string {
		$slash = strrpos($path, '/');
		return $slash === false ? '' : substr($path, 0, $slash);
	}

	/**
	 * @param list<string> $folders
	 * @return array<string, true> the folders among them that hold a .nomirror
	 */
	private function lookUp(string $userId, array $folders): array {
		$areas = $this->areas($userId);
		if ($areas === []) {
			return [];
		}
		$byHash = [];
		$hashes = [];
		foreach ($folders as $folder) {
			// looked up where the user sees the folder: in an external storage mounted in their files, or their home
			$marker = $folder === '' ? self::MARKER : $folder . '/' . self::MARKER;
			$area = $this->areaOf($areas, $marker);
			$hash = md5($area['cachePrefix'] . substr($marker, strlen($area['path'])));
			$byHash[$area['storageId'] . ':' . $hash] = $folder;
			$hashes[$hash] = true;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('storage', 'path_hash')
			->from('filecache')
			->where($qb->expr()->in('storage', $qb->createNamedParameter(array_keys($areas), IQueryBuilder::PARAM_INT_ARRAY)))
			->andWhere($qb->expr()->in('path_hash', $qb->createNamedParameter(array_keys($hashes), IQueryBuilder::PARAM_STR_ARRAY)));
		$result = $qb->executeQuery();
		$found = [];
		while ($row = $result->fetch(\PDO::FETCH_NUM)) {
			$folder = $byHash[$row[0] . ':' . $row[1]] ?? null;
			if ($folder !== null) {
				$found[$folder] = true;
			}
		}
		$result->closeCursor();
		return $found;
	}

	/**
	 * Where the user's files are in the file cache (SourceResolver::areas()), by storage id.
	 *
	 * @return array<int, array{storageId: int, cachePrefix: string, path: string}>
	 */
	private function areas(string $userId): array {
		$out = [];
		foreach ($this->resolver->areas($userId) as $area) {
			$out[$area['storageId']] = ['storageId' => $area['storageId'], 'cachePrefix' => $area['cachePrefix'], 'path' => $area['path']];
		}
		return $out;
	}

	/**
	 * The area a path of the user's files is in: the storage mounted there ("Disk/"), else their home ('').
	 *
	 * @param non-empty-array<int, array{storageId: int, cachePrefix: string, path: string}> $areas
	 * @return array{storageId: int, cachePrefix: string, path: string}
	 */
	private function areaOf(array $areas, string $path): array {
		$home = null;
		foreach ($areas as $area) {
			if ($area['path'] === '') {
				$home = $area;
			} elseif (str_starts_with($path, $area['path'])) {
				return $area;
			}
		}
		return $home ?? reset($areas);
	}
}
