<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Db\QBMapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * @template-extends QBMapper<RestoreRun>
 */
class RestoreRunMapper extends QBMapper {
	public function __construct(IDBConnection $db) {
		parent::__construct($db, RestoreRun::TABLE_NAME, RestoreRun::class);
	}

	public function findById(int $id): ?RestoreRun {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')->from($this->getTableName())
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)));
		try {
			return $this->findEntity($qb);
		} catch (DoesNotExistException) {
			return null;
		}
	}

	/**
	 * @return list<RestoreRun> newest first
	 */
	public function findRecent(int $limit): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('*')->from($this->getTableName())
			->orderBy('created_at', 'DESC')->addOrderBy('id', 'DESC')
			->setMaxResults($limit);
		return $this->findEntities($qb);
	}

	/**
	 * Takes the restore for one process: only when it is not finished and nobody holds it, or the one
	 * holding it has not been heard of since $staleBefore (it died). One affected row = ours.
	 */
	public function claim(int $id, string $token, int $now, int $staleBefore): bool {
		$qb = $this->db->getQueryBuilder();
		$qb->update($this->getTableName())
			->set('claimed_by', $qb->createNamedParameter($token))
			->set('heartbeat_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('id', $qb->createNamedParameter($id, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->in('state', $qb->createNamedParameter([RestoreRun::QUEUED, RestoreRun::RUNNING], IQueryBuilder::PARAM_STR_ARRAY)))
			->andWhere($qb->expr()->orX(
				$qb->expr()->isNull('claimed_by'),
				$qb->expr()->lt('heartbeat_at', $qb->createNamedParameter($staleBefore, IQueryBuilder::PARAM_INT)),
			));
		return $qb->executeStatement() === 1;
	}
}
