<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\DB\Exception;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * When each node's worker last ran (one row per host name): a node that holds drives and has not
 * been seen for too long is a health condition, since nobody else copies to its drives.
 */
class NodeHeartbeats {
	public const TABLE_NAME = 'mirror_nodes';
	/** Linux's HOST_NAME_MAX */
	public const NODE_LENGTH = 64;

	public function __construct(
		private IDBConnection $db,
	) {
	}

	public function beat(string $node, int $now): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update(self::TABLE_NAME)
			->set('seen_at', $qb->createNamedParameter($now, IQueryBuilder::PARAM_INT))
			->where($qb->expr()->eq('node', $qb->createNamedParameter($node)));
		if ($qb->executeStatement() > 0) {
			return;
		}
		$insert = $this->db->getQueryBuilder();
		$insert->insert(self::TABLE_NAME)->values([
			'node' => $insert->createNamedParameter($node),
			'seen_at' => $insert->createNamedParameter($now, IQueryBuilder::PARAM_INT),
		]);
		try {
			$insert->executeStatement();
		} catch (Exception $e) {
			// another process of the same node inserted it meanwhile: its beat is as good as ours
			if ($e->getReason() !== Exception::REASON_UNIQUE_CONSTRAINT_VIOLATION) {
				throw $e;
			}
		}
	}

	/**
	 * @return array<string, int> node => when its worker last ran
	 */
	public function all(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('node', 'seen_at')->from(self::TABLE_NAME);
		$result = $qb->executeQuery();
		$seen = [];
		while (($row = $result->fetch()) !== false) {
			$seen[(string)$row['node']] = (int)$row['seen_at'];
		}
		$result->closeCursor();
		return $seen;
	}
}
