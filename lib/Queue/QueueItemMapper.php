<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

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
	 * @param int $skip the first this many are left out (whether there are more than so many)
	 * @return list<QueueItem>
	 */
	public function findDue(int $targetId, int $now, int $staleBefore, int $limit, ?int $freeBytes, int $afterId = 0, int $skip = 0): array {
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
			->setFirstResult($skip)
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
	 * Removes the processed items of a batch as complete() does each, in one DELETE per generation
	 * among them (usually one); those marked dirty meanwhile are released instead, as complete() releases one.
	 *
	 * @param list<QueueItem> $items
	 * @return list<int> the ids released (a new event arrived while they were processed)
	 */
	public function completeMany(array $items, string $worker): array {
		$byGeneration = [];
		foreach ($items as $item) {
			$byGeneration[$item->getGeneration()][] = $item->getId();
		}
		$deleted = 0;
		foreach ($byGeneration as $generation => $ids) {
			$qb = $this->db->getQueryBuilder();
			$qb->delete($this->getTableName())
				->where($qb->expr()->in('id', $qb->createNamedParameter($ids, IQueryBuilder::PARAM_INT_ARRAY)))
				->andWhere($qb->expr()->eq('generation', $qb->createNamedParameter($generation, IQueryBuilder::PARAM_INT)));
			$deleted += $qb->executeStatement();
		}
		if ($deleted === count($items)) {
			return [];
		}
		$ids = array_map(static fn (QueueItem $item): int => $item->getId(), $items);
		$qb = $this->db->getQueryBuilder();
		$qb->select('id')
			->from($this->getTableName())
			->where($qb->expr()->in('id', $qb->createNamedParameter($ids, IQueryBuilder::PARAM_INT_ARRAY)));
		$result = $qb->executeQuery();
		$left = [];
		while (($id = $result->fetchOne()) !== false) {
			$left[] = (int)$id;
		}
		$result->closeCursor();
		foreach ($left as $id) {
			$this->release($id, $worker, null); // as complete() releases one (rare: a new event during the batch)
		}
		return $left;
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
	 * Records a failure as its code and parameters (see ReplicationException), never as a sentence:
	 * FailureMessages puts it into words in the reader's language. last_error only holds what rows
	 * failed before codes were stored, and is cleared here.
	 *
	 * @param array<string, string|int> $params the failure's parameters
	 */
	public function fail(int $id, string $worker, string $code, ?int $sizeHint, int $nextAttemptAt, array $params = [], int $now = 0): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('attempts', $qb->func()->add('attempts', $qb->createNamedParameter(1, IQueryBuilder::PARAM_INT)))
			->set('last_error', $qb->createNamedParameter(null))
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
	public function hold(int $id, string $worker, int $until): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('last_error', $qb->createNamedParameter(null))
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
			->where($qb->expr()->isNotNull('error_code'));
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
