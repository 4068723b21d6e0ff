<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * The durable work queue. Rows are claimed with a conditional UPDATE, so two workers
 * (cron processes, background-job workers, occ) never process the same item at once.
 *
 * @template-extends QBMapper<QueueItem>
 */
class QueueItemMapper extends QBMapper {

	public function __construct(IDBConnection $db) {
		parent::__construct($db, QueueItem::TABLE_NAME, QueueItem::class);
	}

	/**
	 * Adds an item, or marks the existing identical item dirty again (a burst of events is one item).
	 * A new event also makes a backed-off item due now.
	 */
	public function enqueue(int $targetId, string $userId, int $fileId, string $kind, ?string $path, int $now): void {
		$inserted = $this->db->insertIgnoreConflict($this->getTableName(), [
			'target_id' => $targetId,
			'user_id' => $userId,
			'file_id' => $fileId,
			'kind' => $kind,
			'path' => $path,
			'generation' => 0,
			'attempts' => 0,
			'next_attempt_at' => $now,
			'created_at' => $now,
		]);
		if ($inserted > 0) {
			return;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('generation', $qb->func()->add('generation', $qb->createNamedParameter(1, IQueryBuilder::PARAM_INT)))
			->set('next_attempt_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('file_id', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('kind', $qb->createNamedParameter($kind)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		$qb->executeStatement();
	}

	/**
	 * Candidates a worker may try to claim on one target: due, not claimed (or claimed by a dead
	 * worker), oldest first. Items that failed because the target was full come back as soon as
	 * the target has room for them.
	 *
	 * @return list<QueueItem>
	 */
	public function findDue(int $targetId, int $now, int $staleBefore, int $limit, ?int $freeBytes, int $afterId = 0): array {
		$qb = $this->db->getQueryBuilder();
		$due = $qb->expr()->lte('next_attempt_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT));
		if ($freeBytes !== null) {
			$due = $qb->expr()->orX(
				$due,
				$qb->expr()->andX(
					$qb->expr()->eq('error_code', $qb->createNamedParameter('full')),
					$qb->expr()->lt('size_hint', $qb->createNamedParameter($freeBytes, IQueryBuilder::PARAM_INT)),
				),
			);
		}
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->gt('id', $qb->createNamedParameter($afterId, IQueryBuilder::PARAM_INT)))
			->andWhere($due)
			->andWhere($qb->expr()->orX(
				$qb->expr()->isNull('claimed_at'),
				$qb->expr()->lt('claimed_at', $qb->createNamedParameter($staleBefore, IQueryBuilder::PARAM_INT)),
			))
			->orderBy('id', 'ASC')
			->setMaxResults($limit);
		return $this->findEntities($qb);
	}

	/**
	 * Claims several items with one UPDATE (one commit): those that are free or whose claim went stale.
	 *
	 * @param list<int> $ids
	 * @return list<int> the ids this worker now owns
	 */
	public function claimMany(array $ids, string $worker, int $now, int $staleBefore): array {
		if ($ids === []) {
			return [];
		}
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('claimed_by', $qb->createNamedParameter($worker))
			->set('claimed_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->in('id', $qb->createNamedParameter($ids, IQueryBuilder::PARAM_INT_ARRAY)))
			->andWhere($qb->expr()->orX(
				$qb->expr()->isNull('claimed_at'),
				$qb->expr()->lt('claimed_at', $qb->createNamedParameter($staleBefore, IQueryBuilder::PARAM_INT)),
			));
		if ($qb->executeStatement() === 0) {
			return [];
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('id')
			->from($this->getTableName())
			->where($qb->expr()->in('id', $qb->createNamedParameter($ids, IQueryBuilder::PARAM_INT_ARRAY)))
			->andWhere($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)));
		$result = $qb->executeQuery();
		$owned = [];
		while (($id = $result->fetchOne()) !== false) {
			$owned[] = (int)$id;
		}
		$result->closeCursor();
		return $owned;
	}

	/**
	 * Keeps the claims of a batch fresh, with one UPDATE.
	 *
	 * @param list<int> $ids
	 */
	public function heartbeatMany(array $ids, string $worker, int $now): void {
		if ($ids === []) {
			return;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('claimed_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->in('id', $qb->createNamedParameter($ids, IQueryBuilder::PARAM_INT_ARRAY)))
			->andWhere($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)));
		$qb->executeStatement();
	}

	/**
	 * The workers that hold claims now.
	 *
	 * @return list<string>
	 */
	public function findClaimants(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->selectDistinct('claimed_by')
			->from($this->getTableName())
			->where($qb->expr()->isNotNull('claimed_by'))
			->andWhere($qb->expr()->gt('claimed_at', $qb->createNamedParameter(0, IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$out = [];
		while (($worker = $result->fetchOne()) !== false) {
			$out[] = (string)$worker;
		}
		$result->closeCursor();
		return $out;
	}

	/**
	 * Frees every claim of a worker that is known to be dead: the claim becomes stale at once. It
	 * keeps the dead worker's name, so whoever takes the item over knows to clear what it left.
	 */
	public function releaseWorker(string $worker): int {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('claimed_at', $qb->createNamedParameter(0, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)))
			->andWhere($qb->expr()->gt('claimed_at', $qb->createNamedParameter(0, IQueryBuilder::PARAM_INT)));
		return $qb->executeStatement();
	}

	/**
	 * Removes a processed item, unless a new event arrived while it was processed.
	 *
	 * @return bool false when the item was marked dirty meanwhile (it was released instead)
	 */
	public function complete(QueueItem $item, string $worker): bool {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('id', $qb->createNamedParameter($item->getId(), IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('generation', $qb->createNamedParameter($item->getGeneration(), IQueryBuilder::PARAM_INT)));
		if ($qb->executeStatement() === 1) {
			return true;
		}
		$this->release($item->getId(), $worker, null);
		return false;
	}

	/**
	 * Gives the item back without counting an attempt (the target went offline, or time ran out).
	 *
	 * @param bool $interrupted the work stopped midway (the drive went away during a copy): the claim
	 *                          keeps the worker's name, so whoever takes the item next clears what it left
	 */
	public function release(int $id, string $worker, ?int $nextAttemptAt, bool $interrupted = false): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('claimed_by', $qb->createNamedParameter($interrupted ? $worker : null))
			->set('claimed_at', $interrupted ? $qb->createNamedParameter(0, IQueryBuilder::PARAM_INT) : $qb->createNamedParameter(null))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)));
		if ($nextAttemptAt !== null) {
			$qb->set('next_attempt_at', $qb->createNamedParameter($nextAttemptAt, IQueryBuilder::PARAM_INT));
		}
		$qb->executeStatement();
	}

	/**
	 * @param string $error English, for the log
	 * @param array<string, string|int> $params the failure's parameters (see ReplicationException)
	 */
	public function fail(int $id, string $worker, string $error, string $code, ?int $sizeHint, int $nextAttemptAt, array $params = [], int $now = 0): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('attempts', $qb->func()->add('attempts', $qb->createNamedParameter(1, IQueryBuilder::PARAM_INT)))
			->set('last_error', $qb->createNamedParameter(mb_substr($error, 0, 2000)))
			->set('error_code', $qb->createNamedParameter($code))
			->set('error_params', $qb->createNamedParameter($params === [] ? null : json_encode($params, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE)))
			->set('size_hint', $qb->createNamedParameter($sizeHint, IQueryBuilder::PARAM_INT))
			->set('next_attempt_at', $qb->createNamedParameter($nextAttemptAt, IQueryBuilder::PARAM_INT))
			->set('failed_since', $qb->createFunction('COALESCE(failed_since, ' . $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT) . ')'))
			->set('claimed_by', $qb->createNamedParameter(null))
			->set('claimed_at', $qb->createNamedParameter(null))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)));
		$qb->executeStatement();
	}

	/**
	 * Holds an item for the tripwire: not applied, no attempt used, due again at $until (or when released).
	 */
	public function hold(int $id, string $worker, string $message, int $until): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('last_error', $qb->createNamedParameter(mb_substr($message, 0, 2000)))
			->set('error_code', $qb->createNamedParameter(QueueItem::HELD))
			->set('error_params', $qb->createNamedParameter(null))
			->set('next_attempt_at', $qb->createNamedParameter($until, IQueryBuilder::PARAM_INT))
			->set('claimed_by', $qb->createNamedParameter(null))
			->set('claimed_at', $qb->createNamedParameter(null))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('claimed_by', $qb->createNamedParameter($worker)));
		$qb->executeStatement();
	}

	/**
	 * @return array<string, int> user id => changes held by the tripwire: each target holds its own
	 *                            item of the same change, so a file or folder counts once
	 */
	public function countHeld(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('user_id')
			->selectAlias($qb->createFunction('COUNT(DISTINCT ' . $qb->getColumnName('file_id') . ')'), 'n')
			->from($this->getTableName())
			->where($qb->expr()->eq('error_code', $qb->createNamedParameter(QueueItem::HELD)))
			->groupBy('user_id');
		return $this->countsBy($qb, 'user_id', 'n');
	}

	/**
	 * A user's held items: due now (apply them) or gone (discard them).
	 */
	public function releaseHeld(string $userId, bool $discard, int $now): int {
		$qb = $this->db->getQueryBuilder();
		if ($discard) {
			$qb->delete($this->getTableName());
		} else {
			$qb->update($this->getTableName())
				->set('next_attempt_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
				->set('last_error', $qb->createNamedParameter(null))
				->set('error_code', $qb->createNamedParameter(null));
		}
		$qb->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('error_code', $qb->createNamedParameter(QueueItem::HELD)));
		return $qb->executeStatement();
	}

	/**
	 * @throws DoesNotExistException
	 */
	public function findById(int $id): QueueItem {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		return $this->findEntity($qb);
	}

	/**
	 * Makes failed items due now (all of them, or one target's, or one item).
	 */
	public function retryNow(int $now, ?int $id = null, ?int $targetId = null, ?int $fileId = null): int {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('next_attempt_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->isNotNull('last_error'));
		if ($id !== null) {
			$qb->andWhere($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		}
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		if ($fileId !== null) {
			$qb->andWhere($qb->expr()->eq('file_id', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)));
		}
		return $qb->executeStatement();
	}

	/**
	 * The newest failures first.
	 *
	 * @return list<QueueItem>
	 */
	public function findFailures(int $limit, int $offset = 0, ?string $userId = null, ?int $targetId = null): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->isNotNull('last_error'))
			->orderBy('id', 'DESC')
			->setMaxResults($limit)
			->setFirstResult($offset);
		if ($userId !== null) {
			$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		}
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		return $this->findEntities($qb);
	}

	/**
	 * The file of this user that has waited longest for this target (failed items not counted).
	 */
	public function findOldestPending(string $userId, int $targetId): ?QueueItem {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNull('last_error'))
			->orderBy('created_at', 'ASC')
			->addOrderBy('id', 'ASC')
			->setMaxResults(1);
		try {
			return $this->findEntity($qb);
		} catch (DoesNotExistException) {
			return null;
		}
	}

	/**
	 * Queue rows of these files (any target), for per-file status.
	 *
	 * @param list<int> $fileIds
	 * @return list<QueueItem>
	 */
	public function findByFileIds(array $fileIds): array {
		$result = [];
		foreach (array_chunk($fileIds, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->select('*')
				->from($this->getTableName())
				->where($qb->expr()->in('file_id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)));
			array_push($result, ...$this->findEntities($qb));
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
	public function summarize(?array $userIds = null): array {
		$rows = [];
		$chunks = $userIds === null ? [null] : array_chunk($userIds, 1000);
		foreach ($chunks as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$failed = $qb->func()->count($qb->createFunction('CASE WHEN last_error IS NULL THEN NULL ELSE 1 END'));
			$unsafe = $qb->func()->count($qb->createFunction('CASE WHEN error_code = ' . $qb->createNamedParameter(ReplicationException::UNSAFE) . ' THEN 1 ELSE NULL END'));
			$qb->select('target_id', 'user_id')
				->selectAlias($qb->func()->count('id'), 'pending')
				->selectAlias($failed, 'failed')
				->selectAlias($unsafe, 'unsafe')
				->from($this->getTableName())
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
	public function findFailingSince(int $before, int $sample): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->count('id'), 'n')
			->selectAlias($qb->func()->min('failed_since'), 'since')
			->from($this->getTableName())
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('last_error'))
			->andWhere($qb->expr()->lt('failed_since', $qb->createNamedParameter($before, IQueryBuilder::PARAM_INT)))
			->groupBy('target_id');
		$result = $qb->executeQuery();
		$out = [];
		while ($row = $result->fetch()) {
			$out[(int)$row['target_id']] = ['count' => (int)$row['n'], 'since' => (int)$row['since'], 'sample' => []];
		}
		$result->closeCursor();
		foreach (array_keys($out) as $targetId) {
			$out[$targetId]['sample'] = $this->findFailingItems($before, $sample, $targetId);
		}
		return $out;
	}

	/**
	 * Files failing since before $before, oldest failure first: of one target, or of one user on any target.
	 *
	 * @return list<QueueItem>
	 */
	public function findFailingItems(int $before, int $limit, ?int $targetId = null, ?string $userId = null): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('last_error'))
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
		return $this->findEntities($qb);
	}

	/**
	 * Users with files failing since before $before, and how many each.
	 *
	 * @return array<string, int> user id => failing files
	 */
	public function countFailingUsers(int $before): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('user_id')
			->selectAlias($qb->func()->count('id'), 'n')
			->from($this->getTableName())
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNotNull('last_error'))
			->andWhere($qb->expr()->lt('failed_since', $qb->createNamedParameter($before, IQueryBuilder::PARAM_INT)))
			->groupBy('user_id');
		return $this->countsBy($qb, 'user_id', 'n');
	}

	/**
	 * Per target: when the file that has waited longest (not failed) was queued.
	 *
	 * @return array<int, int> target id => created_at of its oldest waiting file
	 */
	public function findOldestWaiting(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('target_id')
			->selectAlias($qb->func()->min('created_at'), 'oldest')
			->from($this->getTableName())
			->where($qb->expr()->eq('kind', $qb->createNamedParameter(QueueItem::KIND_FILE)))
			->andWhere($qb->expr()->isNull('last_error'))
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
	public function countStructural(?int $targetId = null): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('id', 'n'))
			->from($this->getTableName())
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
	public function countForTarget(int $targetId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->select($qb->func()->count('id', 'n'))
			->from($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$n = (int)$result->fetchOne();
		$result->closeCursor();
		return $n;
	}

	public function deleteByTarget(int $targetId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		return $qb->executeStatement();
	}

	public function deleteByUser(string $userId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		return $qb->executeStatement();
	}
}
