<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * @template-extends QBMapper<Target>
 */
class TargetMapper extends QBMapper {
	public function __construct(IDBConnection $db) {
		parent::__construct($db, Target::TABLE_NAME, Target::class);
	}

	/**
	 * @throws DoesNotExistException
	 */
	public function findById(int $id): Target {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		return $this->findEntity($qb);
	}

	/**
	 * @return list<Target>
	 */
	public function findAll(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')
			->from($this->getTableName())
			->orderBy('id', 'ASC');
		return $this->findEntities($qb);
	}

	/**
	 * @return list<Target>
	 */
	public function findEnabled(): array {
		return array_values(array_filter($this->findAll(), static fn (Target $t): bool => $t->getEnabled()));
	}

	/**
	 * An offline drive's drive appeared: true for the one process that saw it first.
	 */
	public function markPresent(int $id, int $now): bool {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('present_since', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->isNull('present_since'));
		return $qb->executeStatement() === 1;
	}

	/**
	 * An offline drive's drive went away: it rests. True for the one process that saw it first.
	 */
	public function markAbsent(int $id): bool {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('present_since', $qb->createNamedParameter(null, IQueryBuilder::PARAM_NULL))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->isNotNull('present_since'));
		return $qb->executeStatement() === 1;
	}

	/**
	 * The drive is completely caught up, during the visit that began at $presentSince (a drive
	 * unplugged and plugged in again meanwhile is another visit: nothing is recorded).
	 *
	 * @return bool true when this is the first time in this visit (tell the admins)
	 */
	public function markComplete(int $id, int $presentSince, int $now): bool {
		$qb = $this->db->getQueryBuilder();
		$first = $qb->expr()->orX(
			$qb->expr()->isNull('last_complete_at'),
			$qb->expr()->lt('last_complete_at', $qb->createNamedParameter($presentSince, IQueryBuilder::PARAM_INT)),
		);
		$qb->update($this->getTableName())
			->set('last_complete_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('present_since', $qb->createNamedParameter($presentSince, IQueryBuilder::PARAM_INT)))
			->andWhere($first);
		return $qb->executeStatement() === 1;
	}

	/**
	 * Still caught up, later in the same visit: only the time moves on.
	 */
	public function touchComplete(int $id, int $presentSince, int $now): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('last_complete_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('present_since', $qb->createNamedParameter($presentSince, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->gte('last_complete_at', $qb->createNamedParameter($presentSince, IQueryBuilder::PARAM_INT)));
		$qb->executeStatement();
	}
}
