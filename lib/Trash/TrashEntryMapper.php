<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * @template-extends QBMapper<TrashEntry>
 */
class TrashEntryMapper extends QBMapper {
	/** entries per page of iterateDay() */
	private const PAGE = 1000;

	public function __construct(IDBConnection $db) {
		parent::__construct($db, TrashEntry::TABLE_NAME, TrashEntry::class);
	}

	/**
	 * Newest first, filtered.
	 *
	 * @param string|null $below only entries whose path is this one or below it
	 * @return list<TrashEntry>
	 */
	public function findFiltered(?int $targetId, ?string $userId, ?string $below, int $limit, int $offset = 0, ?string $olderThanDay = null, ?string $day = null, ?string $reason = null): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')->from($this->getTableName())
			->orderBy('trashed_at', 'DESC')->addOrderBy('id', 'DESC')
			->setMaxResults($limit)->setFirstResult($offset);
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		if ($userId !== null) {
			$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		}
		$this->whereBelow($qb, $below);
		if ($olderThanDay !== null) {
			$qb->andWhere($qb->expr()->lt('day', $qb->createNamedParameter($olderThanDay)));
		}
		if ($day !== null) {
			$qb->andWhere($qb->expr()->eq('day', $qb->createNamedParameter($day)));
		}
		if ($reason !== null) {
			$qb->andWhere($qb->expr()->eq('reason', $qb->createNamedParameter($reason)));
		}
		return $this->findEntities($qb);
	}

	/**
	 * A user's entries of one day on one target (this path or below it), newest first, however many:
	 * read a page at a time after the last one seen (by time and id), so entries removed meanwhile (a
	 * restore puts files back) shift nothing.
	 *
	 * @return \Generator<TrashEntry>
	 */
	public function iterateDay(int $targetId, string $userId, ?string $below, string $day): \Generator {
		$after = null;
		do {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')->from($this->getTableName())
				->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
				->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
				->andWhere($qb->expr()->eq('day', $qb->createNamedParameter($day)))
				->orderBy('trashed_at', 'DESC')->addOrderBy('id', 'DESC')
				->setMaxResults(self::PAGE);
			$this->whereBelow($qb, $below);
			if ($after !== null) {
				$qb->andWhere($qb->expr()->orX(
					$qb->expr()->lt('trashed_at', $qb->createNamedParameter($after[0], IQueryBuilder::PARAM_INT)),
					$qb->expr()->andX(
						$qb->expr()->eq('trashed_at', $qb->createNamedParameter($after[0], IQueryBuilder::PARAM_INT)),
						$qb->expr()->lt('id', $qb->createNamedParameter($after[1], IQueryBuilder::PARAM_INT)),
					),
				));
			}
			$page = $this->findEntities($qb);
			foreach ($page as $entry) {
				yield $entry;
			}
			$last = end($page);
			$after = $last === false ? null : [$last->getTrashedAt(), (int)$last->getId()];
		} while (count($page) === self::PAGE);
	}

	/**
	 * Only the entries at $below or below it. "At" is a LIKE without wildcards, not `=`: MariaDB's collations
	 * pad, so there `path = 'Trip'` also holds for a file named 'Trip ' beside the folder.
	 */
	private function whereBelow(IQueryBuilder $qb, ?string $below): void {
		if ($below !== null && $below !== '') {
			$qb->andWhere($qb->expr()->orX(
				$qb->expr()->like('path', $qb->createNamedParameter($this->db->escapeLikeParameter($below))),
				$qb->expr()->like('path', $qb->createNamedParameter($this->db->escapeLikeParameter($below) . '/%')),
			));
		}
	}

	/**
	 * The earlier versions of one file on one target (or all targets), newest first.
	 *
	 * @return list<TrashEntry>
	 */
	public function findForFile(string $userId, int $fileId, ?int $targetId = null): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')->from($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('file_id', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)))
			->orderBy('trashed_at', 'DESC')->addOrderBy('id', 'DESC');
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		return $this->findEntities($qb);
	}

	/**
	 * The entries with these ids that are one user's (the others are not found).
	 *
	 * @param list<int> $ids
	 * @return list<TrashEntry>
	 */
	public function findForUser(string $userId, array $ids): array {
		$out = [];
		foreach (array_chunk(array_values(array_unique($ids)), 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')->from($this->getTableName())
				->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
				->andWhere($qb->expr()->in('id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)))
				->orderBy('trashed_at', 'DESC')->addOrderBy('id', 'DESC');
			array_push($out, ...$this->findEntities($qb));
		}
		return $out;
	}

	/**
	 * The entries of one user's trash on one target that name $from as their place name $to (a file of the
	 * trash renamed aside on the drive, in its dated folder: the day stays).
	 *
	 * @return int how many
	 */
	public function moveTrashPath(int $targetId, string $userId, string $from, string $to): int {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('trash_path', $qb->createNamedParameter($to))
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('trash_path', $qb->createNamedParameter($from)));
		return $qb->executeStatement();
	}

	/**
	 * Forgets the entries of one user's dated trash folder (pruned from the drive).
	 */
	public function deleteDay(int $targetId, string $userId, string $day): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('day', $qb->createNamedParameter($day)));
		return $qb->executeStatement();
	}

	/**
	 * Per user and day of one target: how many entries and bytes (what a dry run of retention shows).
	 *
	 * @return list<array{userId: string, day: string, entries: int, bytes: int}>
	 */
	public function summarizeDays(int $targetId): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('user_id', 'day')
			->selectAlias($qb->func()->count('id'), 'n')
			->selectAlias($qb->func()->sum('size'), 'bytes')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->groupBy('user_id', 'day');
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[] = ['userId' => (string)$row['user_id'], 'day' => (string)$row['day'], 'entries' => (int)$row['n'], 'bytes' => (int)$row['bytes']];
		}
		$result->closeCursor();
		return $out;
	}

	public function deleteByTarget(int $targetId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		return $qb->executeStatement();
	}
}
