<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Queue\QueueItem;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * Creates the targets, the work queue and the replica records.
 */
class Version000100Date20261126000000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();

		if (!$schema->hasTable(Target::TABLE_NAME)) {
			$table = $schema->createTable(Target::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('uuid', Types::STRING, ['notnull' => true, 'length' => 36]);
			$table->addColumn('name', Types::STRING, ['notnull' => true, 'length' => 200]);
			$table->addColumn('path', Types::STRING, ['notnull' => true, 'length' => 4000]);
			$table->addColumn('enabled', Types::BOOLEAN, ['notnull' => false, 'default' => true]);
			$table->addColumn('created_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('resync_requested_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$table->setPrimaryKey(['id']);
			$table->addUniqueIndex(['uuid'], 'mirror_targets_uuid');
		}

		if (!$schema->hasTable(QueueItem::TABLE_NAME)) {
			$table = $schema->createTable(QueueItem::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('file_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('kind', Types::STRING, ['notnull' => true, 'length' => 16]);
			$table->addColumn('path', Types::STRING, ['notnull' => false, 'length' => 4000]);
			$table->addColumn('generation', Types::INTEGER, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
			$table->addColumn('attempts', Types::INTEGER, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
			$table->addColumn('next_attempt_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('last_error', Types::TEXT, ['notnull' => false]);
			$table->addColumn('error_code', Types::STRING, ['notnull' => false, 'length' => 32]);
			$table->addColumn('size_hint', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$table->addColumn('claimed_by', Types::STRING, ['notnull' => false, 'length' => 64]);
			$table->addColumn('claimed_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$table->addColumn('created_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->setPrimaryKey(['id']);
			// de-duplicates bursts of events, and answers "what is pending for these files" per folder
			$table->addUniqueIndex(['file_id', 'target_id', 'kind', 'user_id'], 'mirror_queue_item');
			$table->addIndex(['target_id', 'next_attempt_at'], 'mirror_queue_due');
			$table->addIndex(['user_id'], 'mirror_queue_user');
		}

		if (!$schema->hasTable(Replica::TABLE_NAME)) {
			$table = $schema->createTable(Replica::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('file_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('path', Types::STRING, ['notnull' => true, 'length' => 4000]);
			$table->addColumn('size', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('mtime', Types::BIGINT, ['notnull' => true]);
			$table->addColumn('etag', Types::STRING, ['notnull' => true, 'length' => 40]);
			$table->addColumn('checksum', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('replicated_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->setPrimaryKey(['id']);
			$table->addUniqueIndex(['file_id', 'target_id'], 'mirror_replica_file');
			$table->addIndex(['target_id', 'user_id'], 'mirror_replica_user');
		}

		return $schema;
	}
}
