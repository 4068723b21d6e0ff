<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\Replica;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * Where each copy stands on its drive, when that is not simply its path with the names the drive
 * refuses encoded: a name that differs from another only in case, on a drive that does not tell
 * them apart, gets a suffix ("A (case 2).jpg"), and renames, deletions, verify and restores must
 * find it there. Null for every existing row: they stand at their encoded path.
 */
class Version000400Date20261201170000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$table = $schema->getTable(Replica::TABLE_NAME);
		if ($table->hasColumn('drive_path')) {
			return null;
		}
		$table->addColumn('drive_path', Types::STRING, ['notnull' => false, 'length' => 4000, 'default' => null]);
		return $schema;
	}
}
