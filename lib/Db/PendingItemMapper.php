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
 * Read-only questions users ask about their own part of the queue (the personal settings page).
 *
 * @template-extends QBMapper<QueueItem>
 */
class PendingItemMapper extends QBMapper {
	public function __construct(IDBConnection $db) {
		parent::__construct($db, QueueItem::TABLE_NAME, QueueItem::class);
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
}
