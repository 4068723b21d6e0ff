<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;

/**
 * The records changed or deleted since their user's manifest on the drive was last written, kept in the
 * database (new ones are caught by the manifest's count): a row (target, user, file id) is written before
 * the record changes (in its transaction, where there is one) and removed once a manifest that holds
 * the change is on the drive. A run killed between the two leaves its rows, so the next run rewrites
 * the shards they fall in (ManifestService), whatever that run itself changed. What ChangedRecords keeps in memory for a run, this keeps across runs.
 */
class ManifestChanges {
	public const TABLE_NAME = 'mirror_mchanges';

	public function __construct(
		private IDBConnection $db,
	) {
	}

	/**
	 * A record of this file is about to change or go.
	 */
	public function note(int $targetId, string $userId, int $fileId): void {
		$qb = $this->db->getQueryBuilder();
		$qb->insert(self::TABLE_NAME)->values([
			'target_id' => $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT),
			'user_id' => $qb->createNamedParameter($userId),
			'file_id' => $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT),
		]);
		$qb->executeStatement();
	}

	/**
	 * The file ids changed and not yet in a manifest written, and the rows that say so (for forget()).
	 *
	 * @return array{rows: list<int>, fileIds: list<int>}
	 */
	public function pending(int $targetId, string $userId): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('id', 'file_id')->from(self::TABLE_NAME)
			->where($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		$result = $qb->executeQuery();
		$rows = [];
		$fileIds = [];
		while (($row = $result->fetch()) !== false) {
			$rows[] = (int)$row['id'];
			$fileIds[(int)$row['file_id']] = true;
		}
		$result->closeCursor();
		return ['rows' => $rows, 'fileIds' => array_keys($fileIds)];
	}

	/**
	 * A manifest holding the changes these rows name is on the drive: they are forgotten (only these:
	 * a change noted meanwhile stays for the next manifest).
	 *
	 * @param list<int> $rows as pending() read them
	 */
	public function forget(array $rows): void {
		foreach (array_chunk($rows, 1000) as $chunk) {
			$qb = $this->db->getQueryBuilder();
			$qb->delete(self::TABLE_NAME)
				->where($qb->expr()->in('id', $qb->createNamedParameter($chunk, IQueryBuilder::PARAM_INT_ARRAY)));
			$qb->executeStatement();
		}
	}

	/**
	 * Whose manifests have changes not yet written (by a run killed before its manifest, or one under way).
	 *
	 * @return array<int, array<string, true>> target id => user ids
	 */
	public function users(): array {
		$qb = $this->db->getQueryBuilder();
		$qb->selectDistinct(['target_id', 'user_id'])->from(self::TABLE_NAME);
		$result = $qb->executeQuery();
		$users = [];
		while (($row = $result->fetch()) !== false) {
			$users[(int)$row['target_id']][(string)$row['user_id']] = true;
		}
		$result->closeCursor();
		return $users;
	}

	/**
	 * The records themselves are forgotten (a target, or a user, removed).
	 */
	public function forgetAll(?int $targetId, ?string $userId): void {
		$qb = $this->db->getQueryBuilder();
		$qb->delete(self::TABLE_NAME);
		if ($targetId !== null) {
			$qb->andWhere($qb->expr()->eq('target_id', $qb->createNamedParameter($targetId, IQueryBuilder::PARAM_INT)));
		}
		if ($userId !== null) {
			$qb->andWhere($qb->expr()->eq('user_id', $qb->createNamedParameter($userId)));
		}
		$qb->executeStatement();
	}
}
