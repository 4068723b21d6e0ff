<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\Target;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * Drives that lie and drives that rot (issue #23): whether copies are read back from the drive after
 * they are written ('auto': on FUSE and removable drives, 'always', 'never'), and the scheduled check's
 * progress (where the pass under way is, kept between cron runs and restarts) and last full pass.
 * Additive: existing targets get 'auto' and have never been checked.
 */
class Version000600Date20261207050000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		if (!$schema->hasTable(Target::TABLE_NAME)) {
			return null;
		}
		$table = $schema->getTable(Target::TABLE_NAME);
		$changed = false;
		if (!$table->hasColumn('read_back')) {
			$table->addColumn('read_back', Types::STRING, ['notnull' => true, 'length' => 8, 'default' => Target::READ_BACK_AUTO]);
			$changed = true;
		}
		// the pass under way: the last record (id) checked, null when none is under way; when it began,
		// bytes checked and copies found bad so far. The last full pass: when it ended, bytes, bad.
		foreach (['scrub_cursor', 'scrub_started_at', 'scrub_bytes', 'scrub_bad', 'scrubbed_at', 'scrubbed_bytes', 'scrubbed_bad'] as $column) {
			if (!$table->hasColumn($column)) {
				$table->addColumn($column, Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
				$changed = true;
			}
		}
		return $changed ? $schema : null;
	}
}
