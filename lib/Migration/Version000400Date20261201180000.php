<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Tripwire\TripwireCount;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * The tripwire counts a user's destructive changes per target: each target applies the same
 * change once, and counting them together made one rename on three drives count three times.
 * mirror_tripwire keeps the hold (per user, for every target); its window_start and changes
 * columns are no longer read, and stay so that nothing is dropped.
 */
class Version000400Date20261201180000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		if ($schema->hasTable(TripwireCount::TABLE_NAME)) {
			return null;
		}
		$table = $schema->createTable(TripwireCount::TABLE_NAME);
		$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
		$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
		$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		$table->addColumn('window_start', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		$table->addColumn('changes', Types::INTEGER, ['notnull' => true, 'default' => 0, 'unsigned' => true]);
		$table->setPrimaryKey(['id']);
		$table->addUniqueIndex(['user_id', 'target_id'], 'mirror_twc_user_target');
		$table->addIndex(['target_id'], 'mirror_twc_target');
		return $schema;
	}
}
