<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Restore\RestoreRun;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * Restores started from the admin page: what was asked, and how far the background job got
 * (durable, so that a restore the server died in is picked up again, and its progress survives).
 */
class Version000400Date20261201150000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		if ($schema->hasTable(RestoreRun::TABLE_NAME)) {
			return null;
		}
		$table = $schema->createTable(RestoreRun::TABLE_NAME);
		$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
		$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
		$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		// '' (all files, where each file was, occ) is NULL on Oracle: these three may be null
		$table->addColumn('path', Types::STRING, ['notnull' => false, 'length' => 4000]);
		$table->addColumn('version', Types::STRING, ['notnull' => true, 'length' => 32]);
		$table->addColumn('into_path', Types::STRING, ['notnull' => false, 'length' => 4000]);
		$table->addColumn('mode', Types::STRING, ['notnull' => true, 'length' => 16]);
		$table->addColumn('state', Types::STRING, ['notnull' => true, 'length' => 16]);
		$table->addColumn('requested_by', Types::STRING, ['notnull' => false, 'length' => 64]);
		$table->addColumn('total', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
		$table->addColumn('restored', Types::BIGINT, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('skipped', Types::BIGINT, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('mismatched', Types::BIGINT, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('failed', Types::BIGINT, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('bytes', Types::BIGINT, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('current_file', Types::STRING, ['notnull' => false, 'length' => 4000]);
		$table->addColumn('errors', Types::TEXT, ['notnull' => false]);
		$table->addColumn('message', Types::STRING, ['notnull' => false, 'length' => 4000]);
		$table->addColumn('attempts', Types::INTEGER, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->addColumn('claimed_by', Types::STRING, ['notnull' => false, 'length' => 32]);
		$table->addColumn('heartbeat_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
		$table->addColumn('created_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		$table->addColumn('started_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
		$table->addColumn('finished_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
		$table->setPrimaryKey(['id']);
		$table->addIndex(['created_at'], 'mirror_restores_created');
		return $schema;
	}
}
