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
}
