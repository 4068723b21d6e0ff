<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\DB\QueryBuilder\ICompositeExpression;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\DB\QueryBuilder\IQueryFunction;

/**
 * A user's record on one target beside each of their files (ReplicaMapper::differencesFor()), listing only
 * the files whose record is missing or not the file's (etag, modification time, path): what the database
 * compares, PHP never reads.
 *
 * @template-implements FileCacheJoin<array{path: string, mtime: int, etag: string}|null>
 */
final class RecordJoin implements FileCacheJoin {
	private const ALIAS = 'mr';

	/**
	 * @param \Closure(IQueryBuilder, string): (string|null) $below which records counted() counts: the
	 *                                                                         condition on a path column (null: all)
	 * @param bool $padded whether the database's string comparison ignores trailing spaces (MariaDB, MySQL)
	 */
	public function __construct(
		private readonly int $targetId,
		private readonly string $userId,
		private readonly \Closure $below,
		private readonly bool $padded,
	) {
	}

	public function joinTo(IQueryBuilder $qb, string $fromAlias, string $fileId): void {
		$r = self::ALIAS;
		$qb->leftJoin($fromAlias, Replica::TABLE_NAME, $r, $qb->expr()->andX(
			$qb->expr()->eq("$r.file_id", $fileId),
			$qb->expr()->eq("$r.target_id", $qb->createNamedParameter($this->targetId, IQueryBuilder::PARAM_INT)),
			$qb->expr()->eq("$r.user_id", $qb->createNamedParameter($this->userId)),
		));
		$qb->addSelect("$r.file_id", "$r.path", "$r.mtime", "$r.etag");
	}

	public function filter(IQueryBuilder $qb, string $file, IQueryFunction $path): ICompositeExpression|string|null {
		$r = self::ALIAS;
		$differs = [
			$qb->expr()->isNull("$r.file_id"),
			$qb->expr()->neq("$r.etag", $qb->createFunction('COALESCE(' . $qb->getColumnName('etag', $file) . ", '')")),
			$qb->expr()->neq("$r.mtime", "$file.mtime"),
			$qb->expr()->neq("$r.path", $path),
		];
		if ($this->padded) {
			// MariaDB's comparison ignores trailing spaces ("a" = "a "): the byte lengths do not
			$differs[] = $qb->expr()->neq($qb->func()->octetLength("$r.path"), $qb->func()->octetLength($path));
		}
		return $qb->expr()->orX(...$differs);
	}

	public function counted(IQueryBuilder $qb): IQueryFunction|string {
		$r = self::ALIAS;
		$below = ($this->below)($qb, "$r.path");
		return $below === null ? "$r.file_id" : $qb->createFunction('CASE WHEN ' . $below . ' THEN 1 END');
	}

	public function read(array $row, int $at): ?array {
		if ($row[$at] === null) {
			return null; // no record: the left join's columns are all null
		}
		return ['path' => (string)$row[$at + 1], 'mtime' => (int)$row[$at + 2], 'etag' => (string)$row[$at + 3]];
	}
}
