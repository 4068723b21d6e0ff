<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Queue\QueueItem;
use OCP\DB\ISchemaWrapper;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\DB\Types;
use OCP\IDBConnection;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * A failure is stored as a code and its parameters (JSON), put into words when it is shown.
 * Records are looked up by path through an indexed hash of it (a path column of 4000 characters
 * cannot be indexed everywhere): without it, finding one path scanned all of a user's records.
 */
class Version000200Date20261201000000 extends SimpleMigrationStep {
	public function __construct(
		private readonly IDBConnection $db,
	) {
	}

	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$changed = false;
		$queue = $schema->getTable(QueueItem::TABLE_NAME);
		if (!$queue->hasColumn('error_params')) {
			$queue->addColumn('error_params', Types::TEXT, ['notnull' => false]);
			$changed = true;
		}
		$replicas = $schema->getTable(Replica::TABLE_NAME);
		if (!$replicas->hasColumn('path_hash')) {
			$replicas->addColumn('path_hash', Types::STRING, ['notnull' => false, 'length' => 32]);
			$replicas->addIndex(['target_id', 'user_id', 'path_hash'], 'mirror_replica_path');
			$changed = true;
		}
		if (!$replicas->hasIndex('mirror_replica_ufile')) {
			// a user's records in file id order, page by page: what the reconcile walks beside the file cache
			$replicas->addIndex(['target_id', 'user_id', 'file_id'], 'mirror_replica_ufile');
			$changed = true;
		}
		return $changed ? $schema : null;
	}

	/**
	 * Hashes the paths of the records made before the column existed.
	 */
	#[\Override]
	public function postSchemaChange(IOutput $output, Closure $schemaClosure, array $options): void {
		do {
			$qb = $this->db->getQueryBuilder();
			$qb->select('id', 'path')
				->from(Replica::TABLE_NAME)
				->where($qb->expr()->isNull('path_hash'))
				->setMaxResults(1000);
			$rows = $qb->executeQuery()->fetchAll();
			$this->db->beginTransaction();
			foreach ($rows as $row) {
				$update = $this->db->getQueryBuilder();
				$update->update(Replica::TABLE_NAME)
					->set('path_hash', $update->createNamedParameter(Replica::hashPath((string)$row['path'])))
					->where($update->expr()->eq('id', $update->createNamedParameter((int)$row['id'], IQueryBuilder::PARAM_INT)));
				$update->executeStatement();
			}
			$this->db->commit();
		} while (count($rows) === 1000);
	}
}
