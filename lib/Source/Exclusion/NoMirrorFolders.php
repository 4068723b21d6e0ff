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
 * Folders a user left out with a `.nomirror` file, read from the file cache of their home storage.
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
	 * Every folder of the user's files that holds a `.nomirror` (one query), outermost first.
	 *
	 * @return list<string>
	 */
	public function all(string $userId): array {
		$storageId = $this->storageId($userId);
		if ($storageId === null) {
			return [];
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('path')
			->from('filecache')
			->where($qb->expr()->eq('storage', $qb->createNamedParameter($storageId, IQueryBuilder::PARAM_INT)))
			// LIKE without wildcards, not `=`: MariaDB's collations pad, so `name = '.nomirror'` holds for '.nomirror ' there
			->andWhere($qb->expr()->like('name', $qb->createNamedParameter($this->db->escapeLikeParameter(self::MARKER))))
			->andWhere($qb->expr()->like('path', $qb->createNamedParameter(SourceResolver::cachePrefix($userId) . '%')));
		$result = $qb->executeQuery();
		$folders = [];
		$cut = strlen(SourceResolver::cachePrefix($userId));
		while (($path = $result->fetchOne()) !== false) {
			$folders[] = self::folderOf(substr((string)$path, $cut));
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
		$storageId = $this->storageId($userId);
		if ($storageId === null) {
			return [];
		}
		$byHash = [];
		$root = SourceResolver::cachePrefix($userId);
		foreach ($folders as $folder) {
			$byHash[md5($root . ($folder === '' ? '' : $folder . '/') . self::MARKER)] = $folder;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('path_hash')
			->from('filecache')
			->where($qb->expr()->eq('storage', $qb->createNamedParameter($storageId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->in('path_hash', $qb->createNamedParameter(array_keys($byHash), IQueryBuilder::PARAM_STR_ARRAY)));
		$result = $qb->executeQuery();
		$found = [];
		while (($hash = $result->fetchOne()) !== false) {
			$found[$byHash[(string)$hash]] = true;
		}
		$result->closeCursor();
		return $found;
	}

	private function storageId(string $userId): ?int {
		return $this->resolver->homeStorage($userId)?->getCache()->getNumericStorageId();
	}
}
