<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Exception\ReplicationException;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * What the queue says about the state of things, for the status read model: counts per target
 * and user, failures, the oldest waiting file, the items of given files. Reads only: the writes
 * are QueueItemMapper's (through WorkQueue and Claims).
 *
 * A file has failed when its error_code is set; the rest of its row says why, in parameters that
 * FailureMessages puts into words.
 */
class QueueReader {
	public function __construct(
		private readonly IDBConnection $db,
	) {
	}

	/**
	 * The newest failures first.
	 *
	 * @return list<QueueItem>
	 */
	public function failures(int $limit = 50, int $offset = 0, ?string $userId = null, ?int $targetId = null): array {
		$limit = max(1, min($limit, 500));
		$offset = max(0, $offset);
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->isNotNull('error_code'))
			->orderBy('id', 'DESC')
			->setMaxResults($limit)
			->setFirstResult($offset);
		if ($userId !== null) {
			$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		}
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		return $this->items($qb);
	}

	/**
	 * The file of this user that has waited longest for this target (failed items not counted).
	 */
	public function oldestPending(string $userId, int $targetId): ?QueueItem {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNull('error_code'))
			->orderBy('created_at', 'ASC')
			->addOrderBy('id', 'ASC')
			->setMaxResults(1);
		return $this->items($qb)[0] ?? null;
	}

	/**
	 * Queue rows of these files (any target), for per-file status.
	 *
	 * @param list<int> $fileIds
	 * @return list<QueueItem>
	 */
	public function fileItems(array $fileIds): array {
		$result = [];
		foreach (array_chunk($fileIds, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from(QueueItem::TABLE_NAME)
				->where($qb->expr()->in('file_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)));
			array_push($result, ...$this->items($qb));
		}
		return $result;
	}

	/**
	 * Per target and user: pending and failed file items, and how many of those failed because
	 * a symbolic link on the drive stands in the way.
	 *
	 * @param list<string>|null $userIds
	 * @return list<array{targetId: int, userId: string, pending: int, failed: int, unsafe: int}>
	 */
	public function summary(?array $userIds = null): array {
		$rows = [];
		$chunks = $userIds === null ? [null] : array_chunk($userIds, 1000);
		foreach ($chunks as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$failed = $qb->func()->count($qb->createFunction('CASE WHEN error_code IS NULL THEN NULL ELSE 1 END'));
			$unsafe = $qb->func()->count($qb->createFunction('CASE WHEN error_code = ' . $qb->createNamedParameter(ReplicationException::UNSAFE) . ' THEN 1 ELSE NULL END'));
			$qb->select('target_id', 'user_id')
				->selectAlias($qb->func()->count('id'), 'pending')
				->selectAlias($failed, 'failed')
				->selectAlias($unsafe, 'unsafe')
				->from(QueueItem::TABLE_NAME)
				->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
				->groupBy('target_id', 'user_id');
			if ($chunk !== null) {
				$qb->andWhere($qb->expr()->in('user_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_STR_ARRAY)));
			}
			$result = $qb->executeQuery();
			while ($row = $result->fetch()) {
				$failedCount = (int)$row['failed'];
				$rows[] = [
					'targetId' => (int)$row['target_id'],
					'userId' => (string)$row['user_id'],
					'pending' => (int)$row['pending'] - $failedCount,
					'failed' => $failedCount,
					'unsafe' => (int)$row['unsafe'],
				];
			}
			$result->closeCursor();
		}
		return $rows;
	}

	/**
	 * Per target: files failing since before $before, and up to $sample of them (oldest failure first).
	 *
	 * @return array<int, array{count: int, since: int, sample: list<QueueItem>}> target id => what fails
	 */
	public function failingSince(int $before, int $sample = 5): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->count('id'), 'n')
			->selectAlias($qb->func()->min('failed_since'), 'since')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('error_code'))
			->andWhere($qb->expr()->lt('failed_since', $qb->createNamedParameter($before, IQueryBuilder::PARAM_INT)))
			->groupBy('target_id');
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[(int)$row['target_id']] = ['count' => (int)$row['n'], 'since' => (int)$row['since'], 'sample' => []];
		}
		$result->closeCursor();
		foreach (array_keys($out) as $targetId) {
			$out[$targetId]['sample'] = $this->failingItems($before, $sample, $targetId);
		}
		return $out;
	}

	/**
	 * Per target: files whose last failure was $code and that failed at least $attempts times in a
	 * row (a drive that returns other bytes again and again), and since when.
	 *
	 * @return array<int, array{count: int, since: int}> target id => how many, the first failure
	 */
	public function failingAgain(string $code, int $attempts): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->count('id'), 'n')
			->selectAlias($qb->func()->min('failed_since'), 'since')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->eq('error_code', $qb->createNamedParameter($code)))
			->andWhere($qb->expr()->gte('attempts', $qb->createNamedParameter($attempts, IQueryBuilder::PARAM_INT)))
			->groupBy('target_id');
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[(int)$row['target_id']] = ['count' => (int)$row['n'], 'since' => (int)$row['since']];
		}
		$result->closeCursor();
		return $out;
	}

	/**
	 * Files failing since before $before, oldest failure first: of one target, or of one user on any target.
	 *
	 * @return list<QueueItem>
	 */
	private function failingItems(int $before, int $limit, ?int $targetId = null, ?string $userId = null): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('error_code'))
			->andWhere($qb->expr()->lt('failed_since', $qb->createNamedParameter($before, IQueryBuilder::PARAM_INT)))
			->orderBy('failed_since', 'ASC')
			->addOrderBy('id', 'ASC')
			->setMaxResults($limit);
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		if ($userId !== null) {
			$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		}
		return $this->items($qb);
	}

	/**
	 * Users with files failing since before $before, and how many each.
	 *
	 * @return array<string, int> user id => failing files
	 */
	public function failingUsers(int $before): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('user_id')
			->selectAlias($qb->func()->count('id'), 'n')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('error_code'))
			->andWhere($qb->expr()->lt('failed_since', $qb->createNamedParameter($before, IQueryBuilder::PARAM_INT)))
			->groupBy('user_id');
		return $this->countsBy($qb, 'user_id', 'n');
	}

	/**
	 * Per target: when the file that has waited longest (not failed) was queued.
	 *
	 * @return array<int, int> target id => created_at of its oldest waiting file
	 */
	public function oldestWaiting(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->min('created_at'), 'oldest')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNull('error_code'))
			->groupBy('target_id');
		return $this->countsBy($qb, 'target_id', 'oldest');
	}

	/**
	 * Runs a grouped query: its $key column => its $value column, as a number.
	 *
	 * @return array<array-key, int>
	 */
	private function countsBy(IQueryBuilder $qb, string $key, string $value): array {
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[$row[$key]] = (int)$row[$value];
		}
		$result->closeCursor();
		return $out;
	}

	/**
	 * Is any work of another kind than single files still waiting (folder moves, expansions, user scans)?
	 */
	public function structuralCount(?int $targetId = null): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('id', 'n'))
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->neq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)));
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		$result = $qb->executeQuery();
		$n = (int)$result->fetchOne();
		$result->closeCursor();
		return $n;
	}

	/**
	 * Every item of one target, whatever its kind or state (waiting, failed, held).
	 */
	public function openFor(int $targetId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('id', 'n'))
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$n = (int)$result->fetchOne();
		$result->closeCursor();
		return $n;
	}

	/**
	 * @return array<string, int> user id => changes held by the tripwire: each target holds its own
	 *                            item of the same change, so a file or folder counts once
	 */
	public function heldCounts(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('user_id')
			->selectAlias($qb->createFunction('COUNT(DISTINCT ' . $qb->getColumnName('file_id') . ')'), 'n')
			->from(QueueItem::TABLE_NAME)
			->where($qb->expr()->eq('error_code', $qb->createNamedParameter(QueueItem::HELD)))
			->groupBy('user_id');
		return $this->countsBy($qb, 'user_id', 'n');
	}

	/**
	 * One user's files failing since before $before, on any target, oldest failure first.
	 *
	 * @return list<QueueItem>
	 */
	public function failingOf(string $userId, int $before, int $limit = 5): array {
		return $this->failingItems($before, $limit, null, $userId);
	}

	/**
	 * @return list<QueueItem>
	 */
	private function items(IQueryBuilder $qb): array {
		$result = $qb->executeQuery();
		$items = [];
		while ($row = $result->fetch()) {
			$items[] = QueueItem::fromRow($row);
		}
		$result->closeCursor();
		return $items;
	}
}
