<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Tripwire\TripwireState;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * The mirror trash, recorded (what is there, from when, how large, its sha256, why): it can be
 * listed and pruned without walking the drive, and it is each file's history on the mirror. And the
 * tripwire's count of destructive changes per user.
 */
class Version000300Date20261201130000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$changed = false;
		if (!$schema->hasTable(TrashEntry::TABLE_NAME)) {
			$table = $schema->createTable(TrashEntry::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('file_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('path', Types::STRING, ['notnull' => true, 'length' => 4000]);
			$table->addColumn('path_hash', Types::STRING, ['notnull' => true, 'length' => 32]);
			$table->addColumn('trash_path', Types::STRING, ['notnull' => true, 'length' => 4000]);
			$table->addColumn('day', Types::STRING, ['notnull' => true, 'length' => 10]);
			$table->addColumn('trashed_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('size', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('mtime', Types::BIGINT, ['notnull' => true]);
			$table->addColumn('checksum', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('reason', Types::STRING, ['notnull' => true, 'length' => 16]);
			$table->setPrimaryKey(['id']);
			$table->addIndex(['target_id', 'user_id', 'file_id'], 'mirror_trash_file');
			$table->addIndex(['target_id', 'user_id', 'path_hash'], 'mirror_trash_path');
			$table->addIndex(['target_id', 'day'], 'mirror_trash_day');
			$changed = true;
		}
		if (!$schema->hasTable(TripwireState::TABLE_NAME)) {
			$table = $schema->createTable(TripwireState::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
			$table->addColumn('window_start', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->addColumn('changes', Types::INTEGER, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
			$table->addColumn('tripped_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$table->addColumn('reason', Types::STRING, ['notnull' => false, 'length' => 32]);
			$table->addColumn('detail', Types::STRING, ['notnull' => false, 'length' => 4000]);
			$table->addColumn('disabled_until', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$table->setPrimaryKey(['id']);
			$table->addUniqueIndex(['user_id'], 'mirror_tripwire_user');
			$changed = true;
		}
		return $changed ? $schema : null;
	}
}
