<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * @template-extends QBMapper<TripwireCount>
 */
class TripwireCountMapper extends QBMapper {
	public function __construct(IDBConnection $db) {
		parent::__construct($db, TripwireCount::TABLE_NAME, TripwireCount::class);
	}

	public function findOne(string $userId, int $targetId): ?TripwireCount {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')->from($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)))
			->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		try {
			return $this->findEntity($qb);
		} catch (DoesNotExistException) {
			return null;
		}
	}

	/**
	 * Starts a new hour for the row, unless another worker started it already.
	 */
	public function restartWindow(int $id, int $windowStart, int $now): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('window_start', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->set('changes', $qb->createNamedParameter(0, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('window_start', $qb->createNamedParameter($windowStart, IQueryBuilder::PARAM_INT)));
		$qb->executeStatement();
	}

	/**
	 * Adds changes in the database itself, so two workers counting at once lose none.
	 *
	 * @return int the row's count now (0 when the row went meanwhile: a release)
	 */
	public function add(int $id, int $count): int {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('changes', $qb->func()->add('changes', $qb->createNamedParameter($count, IQueryBuilder::PARAM_INT)))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		$qb->executeStatement();
		$select = $this->db->getQueryBuilder();
		$select->select('changes')->from($this->getTableName())
			->where($select->expr()->eq('id', $select->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		$result = $select->executeQuery();
		$changes = $result->fetchOne();
		$result->closeCursor();
		return $changes === false ? 0 : (int)$changes;
	}

	/**
	 * @return int how many rows went
	 */
	public function deleteByUser(string $userId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		return $qb->executeStatement();
	}

	/**
	 * @return int how many rows went
	 */
	public function deleteByTarget(int $targetId): int {
		$qb = $this->db->getQueryBuilder();
		$qb->delete($this->getTableName())
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		return $qb->executeStatement();
	}
}
