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
 * Drives that lie (issue #23): whether copies are read back from the drive after they are written
 * ('auto': on FUSE and removable drives, 'always', 'never'). Additive: existing targets get 'auto'.
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
		if ($table->hasColumn('read_back')) {
			return null;
		}
		$table->addColumn('read_back', Types::STRING, ['notnull' => true, 'length' => 8, 'default' => Target::READ_BACK_AUTO]);
		return $schema;
	}
}
