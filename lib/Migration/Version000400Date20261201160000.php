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
 * Offline drives (rotating targets): a target that is usually unplugged. Whether it is one, since
 * when its drive is plugged in (null: resting), and when it was last completely caught up.
 * Additive: existing targets are ordinary ones.
 */
class Version000400Date20261201160000 extends SimpleMigrationStep {
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
		if (!$table->hasColumn('offline_drive')) {
			// booleans are never NOT NULL in Nextcloud (Oracle stores false as NULL)
			$table->addColumn('offline_drive', Types::BOOLEAN, ['notnull' => false, 'default' => false]);
			$changed = true;
		}
		if (!$table->hasColumn('present_since')) {
			$table->addColumn('present_since', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$changed = true;
		}
		if (!$table->hasColumn('last_complete_at')) {
			$table->addColumn('last_complete_at', Types::BIGINT, ['notnull' => false, 'unsigned' => true]);
			$changed = true;
		}
		return $changed ? $schema : null;
	}
}
