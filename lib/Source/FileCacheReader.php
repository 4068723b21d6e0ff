<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCA\Mirror\Db\FileCacheJoin;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\DB\QueryBuilder\IQueryFunction;
use OCP\Files\IMimeTypeLoader;
use OCP\IDBConnection;

/**
 * Lists a user's files straight from the file cache of the storages that hold them, in batches, without
 * touching the disk: what the reconcile compares with the mirror's records. Joins onto the file cache only
 * what one of Mirror's tables adds (Db\FileCacheJoin, through IQueryBuilder, which Nextcloud splits where
 * the file cache is sharded).
 */
class FileCacheReader {
	/**
	 * Rows per page of a whole-library listing. The databases answer "this storage, in file id order"
	 * by sorting all of the storage's rows for every page (SQLite: a temporary B-tree over the storage
	 * index), so few large pages: listing 100,000 files took 2.7 s in pages of 1,000, 0.6 s in pages of 10,000.
	 * MySQL's and PostgreSQL's clients hold a whole page in memory; SQLite hands out the rows one by one
	 * from its sorter (which spills to a temporary file), so there it is one page: one sort instead of one
	 * per 10,000 files, which made the listing of 100,000 files take 0.46 s out of a resync's 1.9 s.
	 */
	private const PAGE = 10000;

	public function __construct(
		private IDBConnection $db,
		private IMimeTypeLoader $mimeTypes,
		private SourceResolver $resolver,
	) {
	}

	/**
	 * @return \Generator<array{fileId: int, path: string, size: int, mtime: int, etag: string}>
	 *                                                                                           path is relative to the user's files
	 */
	public function files(string $userId, string $below = ''): \Generator {
		foreach ($this->rows($userId, $below, null, true) as [$file]) {
			yield $file;
		}
	}

	/**
	 * The files $join lists (FileCacheJoin::filter()), each with what it says about the file, in one query:
	 * the database joins and compares. In file id order in pages on MySQL and PostgreSQL; in no particular
	 * order on SQLite, where that order was a sort of all of the storage's files before the first row.
	 * Where the file cache is sharded, Nextcloud splits the join itself (PartitionedQueryBuilder).
	 *
	 * @template T
	 * @param FileCacheJoin<T> $join
	 * @return \Generator<array{0: array{fileId: int, path: string, size: int, mtime: int, etag: string}, 1: T}>
	 */
	public function filesWith(string $userId, string $below, FileCacheJoin $join): \Generator {
		/** @var \Generator<array{0: array{fileId: int, path: string, size: int, mtime: int, etag: string}, 1: T}> */
		return $this->rows($userId, $below, $join, false);
	}

	/**
	 * How many files the user has below $below, and how many of them $join counts (FileCacheJoin::counted();
	 * 0 without a join, which the database then need not make; null where the file cache is sharded, and
	 * the count would take a join across shards).
	 *
	 * @template T
	 * @param FileCacheJoin<T>|null $join
	 * @return array{0: int, 1: int|null}
	 */
	public function countWith(string $userId, string $below, ?FileCacheJoin $join): array {
		$areas = $this->areas($userId, $below);
		if ($areas === []) {
			return [0, 0];
		}
		if ($join !== null && $this->sharded()) {
			return [$this->countWith($userId, $below, null)[0], null];
		}
		$folderMime = $this->mimeTypes->getId('httpd/unix-directory');
		if ($join === null) {
			$files = 0;
			foreach ($areas as $area) {
				$files += $this->entries($area) - $this->folders($area, $folderMime);
			}
			return [$files, 0];
		}
		$qb = $this->db->getQueryBuilder();
		$qb->from('filecache', 'f')
			->where($this->inAreas($qb, $areas, 'f'))
			->andWhere($qb->expr()->neq('f.mimetype', $qb->createNamedParameter($folderMime, IQueryBuilder::PARAM_INT)));
		$join->joinTo($qb, 'f', 'f.fileid');
		$qb->select($qb->func()->count('f.fileid', 'files'))
			->addSelect($qb->func()->count($join->counted($qb), 'counted'));
		$result = $qb->executeQuery();
		$row = $result->fetch(\PDO::FETCH_NUM);
		$result->closeCursor();
		return is_array($row) ? [(int)$row[0], (int)$row[1]] : [0, 0];
	}

	/**
	 * Everything in the area, files and folders: the index on (storage, path) alone answers, without a row
	 * of the file cache read (on SQLite 10 ms for 100,000 files, against 70 ms with the mime type asked).
	 *
	 * @param array{storageId: int, cachePrefix: string, path: string, like: string} $area
	 */
	private function entries(array $area): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('*', 'n'))
			->from('filecache')
			->where($this->inAreas($qb, [$area]));
		$result = $qb->executeQuery();
		$n = (int)$result->fetchOne();
		$result->closeCursor();
		return $n;
	}

	/**
	 * The folders in the area: found by the index on (storage, mime type), their paths compared here.
	 *
	 * @param array{storageId: int, cachePrefix: string, path: string, like: string} $area
	 */
	private function folders(array $area, int $folderMime): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select('path')
			->from('filecache')
			->where($qb->expr()->eq('storage', $qb->createNamedParameter($area['storageId'], IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('mimetype', $qb->createNamedParameter($folderMime, IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$n = 0;
		while (($path = $result->fetchOne()) !== false) {
			if (str_starts_with((string)$path, $area['like'])) { // the area's LIKE: a prefix, case and all
				$n++;
			}
		}
		$result->closeCursor();
		return $n;
	}

	/**
	 * Which of these file ids are among the user's files below $below (what files() lists): one query per
	 * storage.
	 *
	 * @param list<int> $fileIds at most a thousand or so
	 * @return array<int, true> file id => true
	 */
	public function present(string $userId, string $below, array $fileIds): array {
		$out = [];
		if ($fileIds === []) {
			return $out;
		}
		$folderMime = $this->mimeTypes->getId('httpd/unix-directory');
		foreach ($this->areas($userId, $below) as $area) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('fileid')
				->from('filecache')
				->where($this->inAreas($qb, [$area]))
				->andWhere($qb->expr()->in('fileid', $qb->createNamedParameter($fileIds, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($folderMime, IQueryBuilder::PARAM_INT)));
			$result = $qb->executeQuery();
			while (($id = $result->fetchOne()) !== false) {
				$out[(int)$id] = true;
			}
			$result->closeCursor();
		}
		return $out;
	}

	/**
	 * The user's files below $below (those $join lists, if any), each with what $join says of it (null
	 * without a join).
	 *
	 * @param FileCacheJoin<mixed>|null $join
	 * @param bool $ordered in file id order on SQLite too
	 * @return \Generator<array{0: array{fileId: int, path: string, size: int, mtime: int, etag: string}, 1: mixed}>
	 */
	private function rows(string $userId, string $below, ?FileCacheJoin $join, bool $ordered): \Generator {
		$areas = $this->areas($userId, $below);
		if ($areas === []) {
			return;
		}
		$folderMime = $this->mimeTypes->getId('httpd/unix-directory');
		$sqlite = $this->db->getDatabaseProvider() === IDBConnection::PLATFORM_SQLITE;
		$page = $sqlite ? null : self::PAGE;
		$lastId = 0;
		do {
			$qb = $this->db->getQueryBuilder();
			$qb->select('f.fileid', 'f.path')
				->selectAlias(PlainSize::of($qb, 'f'), 'plain_size')
				->addSelect('f.mtime', 'f.etag', 'f.storage')
				->from('filecache', 'f')
				->where($this->inAreas($qb, $areas, 'f', $join))
				->andWhere($qb->expr()->gt('f.fileid', $qb->createNamedParameter($lastId, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->neq('f.mimetype', $qb->createNamedParameter($folderMime, IQueryBuilder::PARAM_INT)))
				->setMaxResults($page);
			if (!$sqlite || $ordered) {
				$qb->orderBy('f.fileid', 'ASC');
			}
			$join?->joinTo($qb, 'f', 'f.fileid');
			$result = $qb->executeQuery();
			$count = 0;
			while ($row = $result->fetch(\PDO::FETCH_NUM)) {
				$count++;
				$lastId = (int)$row[0];
				$area = $areas[(int)$row[5]];
				yield [[
					'fileId' => $lastId,
					'path' => $area['path'] . substr((string)$row[1], strlen($area['cachePrefix'])), // without "files/"
					'size' => (int)$row[2],
					'mtime' => (int)$row[3],
					'etag' => (string)$row[4],
				], $join?->read($row, 6)];
			}
			$result->closeCursor();
		} while ($count === $page);
	}

	/**
	 * The user's files at these paths (relative to the user's files), path => file; a path with no file
	 * (a folder, nothing) is left out.
	 *
	 * @param list<string> $paths at most a thousand or so: one query
	 * @return array<string, array{fileId: int, path: string, size: int, mtime: int, etag: string}>
	 */
	public function filesAt(string $userId, array $paths): array {
		$out = [];
		foreach ($this->resolver->areas($userId) as $area) {
			$hashes = [];
			foreach ($paths as $path) {
				if ($area['path'] === '' || str_starts_with($path, $area['path'])) {
					$hashes[] = md5($area['cachePrefix'] . substr($path, strlen($area['path'])));
				}
			}
			if ($hashes === []) {
				continue;
			}
			$qb = $this->db->getQueryBuilder();
			$qb->select('fileid', 'path')
				->selectAlias(PlainSize::of($qb), 'plain_size')
				->addSelect('mtime', 'etag')
				->from('filecache')
				->where($qb->expr()->eq('storage', $qb->createNamedParameter($area['storageId'], IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->in('path_hash', $qb->createNamedParameter($hashes, IQueryBuilder::PARAM_STR_ARRAY)))
				->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($this->mimeTypes->getId('httpd/unix-directory'), IQueryBuilder::PARAM_INT)));
			$result = $qb->executeQuery();
			while ($row = $result->fetch(\PDO::FETCH_NUM)) {
				$path = $area['path'] . substr((string)$row[1], strlen($area['cachePrefix']));
				$out[$path] = ['fileId' => (int)$row[0], 'path' => $path, 'size' => (int)$row[2], 'mtime' => (int)$row[3], 'etag' => (string)$row[4]];
			}
			$result->closeCursor();
		}
		return $out;
	}

	/**
	 * How many files the user has in scope, and their bytes: one query per storage of their files.
	 *
	 * @return array{files: int, bytes: int}
	 */
	public function totals(string $userId): array {
		$total = ['files' => 0, 'bytes' => 0];
		foreach ($this->resolver->areas($userId) as $area) {
			$one = $this->storageTotals($area['storageId'], $area['cachePrefix']);
			$total = ['files' => $total['files'] + $one['files'], 'bytes' => $total['bytes'] + $one['bytes']];
		}
		return $total;
	}

	/**
	 * How many files a storage holds below a path ("files/", or '' for all), and their bytes: one query.
	 *
	 * @return array{files: int, bytes: int}
	 */
	public function storageTotals(int $storageId, string $prefix): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('fileid', 'n'))
			->selectAlias($qb->func()->sum(PlainSize::of($qb)), 'bytes')
			->from('filecache')
			->where($qb->expr()->eq('storage', $qb->createNamedParameter($storageId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($this->mimeTypes->getId('httpd/unix-directory'), IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->like('path', $qb->createNamedParameter($this->db->escapeLikeParameter($prefix) . '%')));
		$result = $qb->executeQuery();
		$row = $result->fetch();
		$result->closeCursor();
		return ['files' => (int)($row['n'] ?? 0), 'bytes' => (int)($row['bytes'] ?? 0)];
	}

	/**
	 * The user's files whose path (inside their files) is LIKE one of $likes (escaped by the caller,
	 * for a path after "files/") or larger than $largerThan: the candidates for an exclusion, one query.
	 *
	 * @param list<string> $likes
	 * @return \Generator<array{fileId: int, path: string, size: int}>
	 */
	public function filesMatching(string $userId, array $likes, ?int $largerThan): \Generator {
		if ($likes === [] && $largerThan === null) {
			return;
		}
		foreach ($this->resolver->areas($userId) as $area) {
			$qb = $this->db->getQueryBuilder();
			// the likes are for "files/" and a path in the user's files: on a storage mounted in them ("users"),
			// that is "files/<its mount path>/" and its own path
			$path = $area['path'] === '' ? 'path' : $qb->func()->concat($qb->createNamedParameter('files/' . $area['path']), 'path');
			$any = array_map(static fn (string $like) => $qb->expr()->like($path, $qb->createNamedParameter($like)), $likes);
			if ($largerThan !== null) {
				$any[] = $qb->expr()->gt(PlainSize::of($qb), $qb->createNamedParameter($largerThan, IQueryBuilder::PARAM_INT));
			}
			$qb->select('fileid', 'path')
				->selectAlias(PlainSize::of($qb), 'plain_size')
				->from('filecache')
				->where($qb->expr()->eq('storage', $qb->createNamedParameter($area['storageId'], IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->neq('mimetype', $qb->createNamedParameter($this->mimeTypes->getId('httpd/unix-directory'), IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->like('path', $qb->createNamedParameter($area['cachePrefix'] . '%')))
				->andWhere($qb->expr()->orX(...$any));
			$result = $qb->executeQuery();
			$cut = strlen($area['cachePrefix']);
			while ($row = $result->fetch(\PDO::FETCH_NUM)) {
				yield ['fileId' => (int)$row[0], 'path' => $area['path'] . substr((string)$row[1], $cut), 'size' => (int)$row[2]];
			}
			$result->closeCursor();
		}
	}

	/**
	 * Brings the file cache up to date where changes fire no event (an external storage), before it is read.
	 */
	public function refresh(string $userId): void {
		$this->resolver->refresh($userId);
	}

	/**
	 * How many files the user has in scope.
	 */
	public function countFiles(string $userId): int {
		return $this->totals($userId)['files'];
	}

	/**
	 * The storages of the user's files (SourceResolver::areas()) that hold something below $below, each with
	 * the file cache path it is read from there.
	 *
	 * @return array<int, array{storageId: int, cachePrefix: string, path: string, like: string}> by storage id
	 */
	private function areas(string $userId, string $below): array {
		$below = trim($below, '/');
		$out = [];
		foreach ($this->resolver->areas($userId) as $area) {
			if ($area['path'] === '') {
				$like = $area['cachePrefix'] . ($below === '' ? '' : $below . '/');
			} elseif ($below === '' || str_starts_with($area['path'], $below . '/')) {
				$like = ''; // the whole storage is below
			} elseif (str_starts_with($below . '/', $area['path'])) {
				$like = substr($below, strlen($area['path'])) . '/';
			} else {
				continue;
			}
			$out[$area['storageId']] = ['storageId' => $area['storageId'], 'cachePrefix' => $area['cachePrefix'], 'path' => $area['path'], 'like' => $like];
		}
		return $out;
	}

	/**
	 * @param array<array-key, array{storageId: int, cachePrefix: string, path: string, like: string}> $areas
	 * @param string $alias the file cache's alias, if it has one
	 * @param FileCacheJoin<mixed>|null $join whose filter() each area's files are to meet too
	 */
	private function inAreas(IQueryBuilder $qb, array $areas, string $alias = '', ?FileCacheJoin $join = null): \OCP\DB\QueryBuilder\ICompositeExpression|string {
		$column = static fn (string $name): string => $alias === '' ? $name : $alias . '.' . $name;
		$each = [];
		foreach ($areas as $area) {
			$conditions = [
				$qb->expr()->eq($column('storage'), $qb->createNamedParameter($area['storageId'], IQueryBuilder::PARAM_INT)),
				$qb->expr()->like($column('path'), $qb->createNamedParameter($this->db->escapeLikeParameter($area['like']) . '%')),
			];
			// where the file cache is sharded, Nextcloud joins in PHP and cannot split a condition on both
			// tables: every file is listed, and the caller compares
			$filter = $join === null || $this->sharded() ? null : $join->filter($qb, $alias, $this->userPath($qb, $area, $column('path')));
			if ($filter !== null) {
				$conditions[] = $filter;
			}
			$each[] = $qb->expr()->andX(...$conditions);
		}
		return count($each) === 1 ? $each[0] : $qb->expr()->orX(...$each);
	}

	private function sharded(): bool {
		return $this->db->getShardDefinition('filecache') !== null;
	}

	/**
	 * The path in the user's files of a file of this area, as SQL on the file cache's path column: what
	 * rows() makes of it in PHP.
	 *
	 * @param array{storageId: int, cachePrefix: string, path: string, like: string} $area
	 */
	private function userPath(IQueryBuilder $qb, array $area, string $pathColumn): IQueryFunction {
		$inStorage = $area['cachePrefix'] === ''
			? $qb->createFunction($qb->getColumnName($pathColumn))
			: $qb->func()->substring($pathColumn, $qb->createNamedParameter(mb_strlen($area['cachePrefix'], 'UTF-8') + 1, IQueryBuilder::PARAM_INT));
		return $area['path'] === '' ? $inStorage : $qb->func()->concat($qb->createNamedParameter($area['path']), $inStorage);
	}
}
