<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Db\Entity;
use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * @template-extends QBMapper<Replica>
 */
class ReplicaMapper extends QBMapper {
	/** Records per page of a walk in file id order (rowsByFileId()). */
	public const PAGE = 10000;

	public function __construct(
		IDBConnection $db,
		private ChangedRecords $changes,
		private ManifestChanges $manifestChanges,
	) {
		parent::__construct($db, Replica::TABLE_NAME, Replica::class);
	}

	/**
	 * @param Replica $entity
	 * @return Replica
	 */
	public function insert(Entity $entity): Entity {
		$this->added($entity);
		return parent::insert($entity);
	}

	/**
	 * @param Replica $entity
	 * @return Replica
	 */
	public function update(Entity $entity): Entity {
		$this->changed($entity);
		return parent::update($entity);
	}

	/**
	 * @param Replica $entity
	 * @return Replica
	 */
	public function delete(Entity $entity): Entity {
		$this->changed($entity);
		return parent::delete($entity);
	}

	/**
	 * Noted for the manifest, in this run's memory (ChangedRecords) and in the database until a manifest
	 * holding it is written (ManifestChanges): before the statement, so that a record changed or deleted
	 * is never left out, not even by a run killed before it wrote its manifest.
	 */
	private function changed(Replica $replica): void {
		$this->added($replica);
		$this->manifestChanges->note($replica->getTargetId(), $replica->getUserId(), $replica->getFileId());
	}

	/**
	 * A new record, noted in this run's memory only: one a killed run added is caught by the manifest's
	 * count (ManifestService: the shards it rewrites then count fewer files than the records, and it is
	 * written whole), so the copies' batches cost no statement more.
	 */
	private function added(Replica ...$replicas): void {
		foreach ($replicas as $replica) {
			$this->changes->record($replica->getTargetId(), $replica->getUserId(), $replica->getFileId());
		}
	}

	/** rows per multi-row INSERT: 11 columns each, under SQLite's oldest limit of 999 parameters */
	private const INSERT_ROWS = 64;

	/**
	 * Inserts new records (without an id) in one multi-row INSERT per 64, instead of one statement each:
	 * SQLite, MySQL/MariaDB and PostgreSQL all take `INSERT … VALUES (…), (…)`. The parameters are
	 * positional: Doctrine parses a statement with named ones again on every call (most of the time of
	 * 704 of them). The ids are not read back.
	 *
	 * @param list<Replica> $replicas
	 */
	public function insertMany(array $replicas): void {
		$this->added(...$replicas);
		foreach (array_chunk($replicas, self::INSERT_ROWS) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$properties = array_values(array_filter(array_keys($chunk[0]->getFieldTypes()), static fn (string $property): bool => $property !== 'id'));
			$row = '(' . implode(', ', array_fill(0, count($properties), '?')) . ')';
			$params = [];
			$types = [];
			foreach ($chunk as $replica) {
				foreach ($properties as $property) {
					$params[] = $replica->{'get' . ucfirst($property)}();
					$types[] = $this->getParameterTypeForProperty($replica, $property);
				}
			}
			$columns = array_map(static fn (string $property): string => $qb->getColumnName($chunk[0]->propertyToColumn($property)), $properties);
			$this->db->executeStatement(
				'INSERT INTO ' . $qb->getTableName($this->getTableName()) . ' (' . implode(', ', $columns) . ') VALUES ' . implode(', ', array_fill(0, count($chunk), $row)),
				$params,
				$types,
			);
		}
	}

	/**
	 * The record of one user's copy of a file on one target. A file has one copy per target and per user:
	 * one in all, its owner's, except on an external storage mirrored for each user it is mounted for.
	 */
	public function findByFile(int $targetId, int $fileId, string $userId): ?Replica {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('file_id', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		try {
			return $this->findEntity($qb);
		} catch (DoesNotExistException) {
			return null;
		}
	}

	/**
	 * The records at any of these paths of one user on one target, by the indexed path hash.
	 *
	 * @param list<string> $paths
	 * @return list<Replica>
	 */
	public function findAtPaths(int $targetId, string $userId, array $paths): array {
		$wanted = array_flip($paths);
		$result = [];
		foreach (array_chunk(array_keys($wanted), 500) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from($this->getTableName())
				->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
				->andWhere($qb->expr()->in('path_hash', $qb->createNamedParameter(array_map(static fn ($p): string => Replica::hashPath((string)$p), $chunk), IQueryBuilder::PARAM_STR_ARRAY)));
			foreach ($this->findEntities($qb) as $replica) {
				if (isset($wanted[$replica->getPath()])) { // a hash collision is not a match
					$result[] = $replica;
				}
			}
		}
		return $result;
	}

	/**
	 * The records of these files on one target, of one user or of every user, by file id, in one query per
	 * 1000 ids: a file has one record per user who has a copy of it (see findByFile()).
	 *
	 * @param list<int> $fileIds
	 * @return array<int, list<Replica>>
	 */
	public function findByFilesOnTarget(int $targetId, array $fileIds, ?string $userId = null): array {
		$result = [];
		foreach (array_chunk($fileIds, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from($this->getTableName())
				->where($qb->expr()->in('file_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
			if ($userId !== null) {
				$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
			}
			foreach ($this->findEntities($qb) as $replica) {
				$result[$replica->getFileId()][] = $replica;
			}
		}
		return $result;
	}

	/**
	 * Every replica of these files on every target, in one query per 1000 ids.
	 *
	 * @param list<int> $fileIds
	 * @return list<Replica>
	 */
	public function findByFileIds(array $fileIds): array {
		$result = [];
		foreach (array_chunk($fileIds, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from($this->getTableName())
				->where($qb->expr()->in('file_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)));
			array_push($result, ...$this->findEntities($qb));
		}
		return $result;
	}

	/**
	 * The replicas of one user on one target, optionally below a path, in file id order.
	 *
	 * @return \Generator<Replica>
	 */
	public function iterateForUser(int $targetId, string $userId, ?string $pathPrefix = null): \Generator {
		$lastId = 0;
		do {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from($this->getTableName())
				->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
				->andWhere($qb->expr()->gt('file_id', $qb->createNamedParameter($lastId, IQueryBuilder::PARAM_INT)))
				->orderBy('file_id', 'ASC')
				->setMaxResults(1000);
			$this->whereBelow($qb, $pathPrefix);
			$batch = $this->findEntities($qb);
			foreach ($batch as $replica) {
				$lastId = $replica->getFileId();
				yield $replica;
			}
		} while (count($batch) === 1000);
	}

	/**
	 * What a user's manifest lists, record by record in file id order: read by position, a page of
	 * 10,000 at a time, without making an entity of each; all of them, or those whose file id is in
	 * [$from, $below) (one shard of the manifest).
	 *
	 * @return \Generator<array{fileId: int, path: string, sha256: string, size: int, mtime: int, drivePath: string|null}>
	 */
	public function iterateManifestEntries(int $targetId, string $userId, int $from = 0, ?int $below = null): \Generator {
		foreach ($this->rowsByFileId($targetId, $userId, ['path', 'checksum', 'size', 'mtime', 'drive_path'], null, $from, $below) as $row) {
			yield ['fileId' => (int)$row[0], 'path' => (string)$row[1], 'sha256' => (string)$row[2], 'size' => (int)$row[3], 'mtime' => (int)$row[4], 'drivePath' => $row[5] === null ? null : (string)$row[5]];
		}
	}

	/**
	 * How many records of a user a target holds, and their lowest and highest file id (one query on the index).
	 *
	 * @return array{count: int, min: int, max: int}
	 */
	public function fileIdSpan(int $targetId, string $userId): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('file_id', 'n'))
			->selectAlias($qb->func()->min('file_id'), 'lo')
			->selectAlias($qb->func()->max('file_id'), 'hi')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		$result = $qb->executeQuery();
		$row = $result->fetch(\PDO::FETCH_NUM);
		$result->closeCursor();
		return ['count' => (int)($row[0] ?? 0), 'min' => (int)($row[1] ?? 0), 'max' => (int)($row[2] ?? 0)];
	}

	/**
	 * The next $limit records of a target after the record $afterId, in id order: the scheduled check's
	 * walk over every copy, which resumes where it stopped.
	 *
	 * @return list<Replica>
	 */
	public function findAfter(int $targetId, int $afterId, int $limit): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->gt('id', $qb->createNamedParameter($afterId, IQueryBuilder::PARAM_INT)))
			->orderBy('id', 'ASC')
			->setMaxResults($limit);
		return $this->findEntities($qb);
	}

	/**
	 * The user's record on the target beside each of their files whose record is missing or differs
	 * (FileCacheReader::filesWith(), RecordJoin), and the records at or below $pathPrefix counted
	 * (FileCacheReader::countWith()) as countForUser() counts them.
	 */
	public function differencesFor(int $targetId, string $userId, ?string $pathPrefix): RecordJoin {
		return new RecordJoin($targetId, $userId, fn (IQueryBuilder $qb, string $column): ?string => $this->below($qb, $column, $pathPrefix),
			$this->db->getDatabaseProvider() === IDBConnection::PLATFORM_MYSQL);
	}

	/**
	 * Copies recorded for the user on the target (at or below $pathPrefix) as the drive is asked about
	 * them, in file id order, a page of plain rows at a time: file id, path, size, modification time,
	 * on-drive path (as the database gives them: DriveLook::of() types them).
	 *
	 * @return \Generator<list<list<mixed>>>
	 */
	public function iterateCopyPages(int $targetId, string $userId, ?string $pathPrefix = null): \Generator {
		return $this->pagesByFileId($targetId, $userId, ['path', 'size', 'mtime', 'drive_path'], $pathPrefix);
	}

	/**
	 * A user's records on one target as plain rows, file_id first and then $columns, in file id order,
	 * read by position in pages of 10,000 (keyset paging on file_id): the manifest and a resync read
	 * every record, and entities cost more than the query.
	 *
	 * @param list<string> $columns
	 * @return \Generator<list<mixed>>
	 */
	private function rowsByFileId(int $targetId, string $userId, array $columns, ?string $pathPrefix, int $from = 0, ?int $below = null): \Generator {
		foreach ($this->pagesByFileId($targetId, $userId, $columns, $pathPrefix, $from, $below) as $page) {
			yield from $page;
		}
	}

	/**
	 * rowsByFileId()'s pages, each read in one call, not a call through the database layers per row.
	 *
	 * @param list<string> $columns
	 * @return \Generator<list<list<mixed>>>
	 */
	private function pagesByFileId(int $targetId, string $userId, array $columns, ?string $pathPrefix, int $from = 0, ?int $below = null): \Generator {
		$lastId = $from - 1;
		do {
			$qb = $this->db->getQueryBuilder();
			$qb->select('file_id', ...$columns)
				->from($this->getTableName())
				->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
				->andWhere($qb->expr()->gt('file_id', $qb->createNamedParameter($lastId, IQueryBuilder::PARAM_INT)))
				->orderBy('file_id', 'ASC')
				->setMaxResults(self::PAGE);
			if ($below !== null) {
				$qb->andWhere($qb->expr()->lt('file_id', $qb->createNamedParameter($below, IQueryBuilder::PARAM_INT)));
			}
			$this->whereBelow($qb, $pathPrefix);
			$result = $qb->executeQuery();
			/** @var list<list<mixed>> $page */
			$page = $result->fetchAll(\PDO::FETCH_NUM);
			$result->closeCursor();
			$count = count($page);
			if ($count > 0) {
				$lastId = (int)$page[$count - 1][0];
				yield $page;
			}
			unset($page);
		} while ($count === self::PAGE);
	}

	/**
	 * The user's records on a target whose path is LIKE one of $likes (escaped by the caller) or whose
	 * size is larger than $largerThan: the candidates among them for an exclusion, in one query.
	 *
	 * @param list<string> $likes
	 * @return \Generator<array{fileId: int, path: string, size: int}>
	 */
	public function iterateMatching(int $targetId, string $userId, array $likes, ?int $largerThan): \Generator {
		if ($likes === [] && $largerThan === null) {
			return;
		}
		$qb = $this->db->getQueryBuilder();
		$any = array_map(static fn (string $like) => $qb->expr()->like('path', $qb->createNamedParameter($like)), $likes);
		if ($largerThan !== null) {
			$any[] = $qb->expr()->gt('size', $qb->createNamedParameter($largerThan, IQueryBuilder::PARAM_INT));
		}
		$qb->select('file_id', 'path', 'size')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->orX(...$any));
		$result = $qb->executeQuery();
		while ($row = $result->fetch()) {
			yield ['fileId' => (int)$row['file_id'], 'path' => (string)$row['path'], 'size' => (int)$row['size']];
		}
		$result->closeCursor();
	}

	/**
	 * Only the records at $pathPrefix or below it (none: all). "At" is a LIKE without wildcards, not `=`:
	 * MariaDB's collations pad, so there `path = 'Trip'` also holds for a file named 'Trip ' beside the folder.
	 */
	private function whereBelow(IQueryBuilder $qb, ?string $pathPrefix): void {
		$below = $this->below($qb, 'path', $pathPrefix);
		if ($below !== null) {
			$qb->andWhere($below);
		}
	}

	/** The path column at or below $pathPrefix, as SQL (null: no prefix, every path). */
	private function below(IQueryBuilder $qb, string $column, ?string $pathPrefix): ?string {
		if ($pathPrefix === null || $pathPrefix === '') {
			return null;
		}
		return '(' . $qb->expr()->like($column, $qb->createNamedParameter($this->db->escapeLikeParameter($pathPrefix)))
			. ' OR ' . $qb->expr()->like($column, $qb->createNamedParameter($this->db->escapeLikeParameter($pathPrefix) . '/%')) . ')';
	}

	/**
	 * One record below a folder (any one: they all stand in the same folder on the drive).
	 *
	 * @return array{path: string, drivePath: string|null}|null
	 */
	public function findOneBelow(int $targetId, string $userId, string $folderPath): ?array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('path', 'drive_path')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->like('path', $qb->createNamedParameter($this->db->escapeLikeParameter($folderPath) . '/%')))
			->setMaxResults(1);
		$result = $qb->executeQuery();
		$row = $result->fetch();
		$result->closeCursor();
		return is_array($row) ? ['path' => (string)$row['path'], 'drivePath' => $row['drive_path'] === null ? null : (string)$row['drive_path']] : null;
	}

	/**
	 * Whether a record other than those at or below $path has its copy at or below $drivePath (only
	 * copies whose on-drive path is recorded: those not at their encoded path). Paths are compared with
	 * LIKE without wildcards, which does not pad on MariaDB (see whereBelow()).
	 */
	public function isDrivePathTaken(int $targetId, string $userId, string $drivePath, string $path): bool {
		$qb = $this->db->getQueryBuilder();
		$qb->select('id')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->orX(
				$qb->expr()->like('drive_path', $qb->createNamedParameter($this->db->escapeLikeParameter($drivePath))),
				$qb->expr()->like('drive_path', $qb->createNamedParameter($this->db->escapeLikeParameter($drivePath) . '/%')),
			))
			->andWhere($qb->expr()->notLike('path', $qb->createNamedParameter($this->db->escapeLikeParameter($path))))
			->andWhere($qb->expr()->notLike('path', $qb->createNamedParameter($this->db->escapeLikeParameter($path) . '/%')))
			->setMaxResults(1);
		$result = $qb->executeQuery();
		$taken = $result->fetch() !== false;
		$result->closeCursor();
		return $taken;
	}

	/**
	 * @return list<Replica>
	 */
	public function findBelow(int $targetId, string $userId, string $folderPath): array {
		return iterator_to_array($this->iterateForUser($targetId, $userId, $folderPath), false);
	}

	public function deleteByTarget(int $targetId): int {
		$this->manifestChanges->forgetAll($targetId, null);
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		return $qb->executeStatement();
	}

	public function deleteByUser(string $userId): int {
		$this->manifestChanges->forgetAll(null, $userId);
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		return $qb->executeStatement();
	}

	/**
	 * Per target and user: number of replicated files, their bytes, the newest copy.
	 *
	 * @param list<string>|null $userIds null for everyone
	 * @return list<array{targetId: int, userId: string, replicated: int, bytes: int, lastReplicatedAt: int|null}>
	 */
	public function summarize(?array $userIds = null): array {
		$rows = [];
		$chunks = $userIds === null ? [null] : array_chunk($userIds, 1000);
		foreach ($chunks as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('target_id', 'user_id')
				->selectAlias($qb->func()->count('id'), 'replicated')
				->selectAlias($qb->func()->sum('size'), 'bytes')
				->selectAlias($qb->func()->max('replicated_at'), 'last_at')
				->from($this->getTableName())
				->groupBy('target_id', 'user_id');
			if ($chunk !== null) {
				$qb->where($qb->expr()->in('user_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_STR_ARRAY)));
			}
			$result = $qb->executeQuery();
			while ($row = $result->fetch()) {
				$rows[] = [
					'targetId' => (int)$row['target_id'],
					'userId' => (string)$row['user_id'],
					'replicated' => (int)$row['replicated'],
					'bytes' => (int)$row['bytes'],
					'lastReplicatedAt' => $row['last_at'] === null ? null : (int)$row['last_at'],
				];
			}
			$result->closeCursor();
		}
		return $rows;
	}

	/**
	 * @return array<int, int|null> target id => newest copy time
	 */
	public function lastReplicatedPerTarget(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->max('replicated_at'), 'last_at')
			->from($this->getTableName())
			->groupBy('target_id');
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[(int)$row['target_id']] = $row['last_at'] === null ? null : (int)$row['last_at'];
		}
		$result->closeCursor();
		return $out;
	}

	/**
	 * How many copies of this user are recorded on this target (at or below $pathPrefix, if given).
	 */
	public function countForUser(int $targetId, string $userId, ?string $pathPrefix = null): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('id', 'n'))
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		$this->whereBelow($qb, $pathPrefix);
		$result = $qb->executeQuery();
		$n = (int)$result->fetchOne();
		$result->closeCursor();
		return $n;
	}
}
