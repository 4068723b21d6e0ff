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
 * A restore that failed stores why as a code (RestoreException's) and its parameters, no longer as
 * an English sentence: message_code and message_params. The old message column stays, and a restore
 * recorded with a sentence reads as the code "legacy" with that sentence (RestoreRun::failure()).
 *
 * mirror_restores is near MySQL's 65,535-byte row limit (four VARCHAR(4000) at 4 bytes a character):
 * the code is a short VARCHAR (129 bytes), the parameters TEXT (stored off the row).
 */
class Version000600Date20261207010000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$table = $schema->getTable(RestoreRun::TABLE_NAME);
		if ($table->hasColumn('message_code')) {
			return null;
		}
		$table->addColumn('message_code', Types::STRING, ['notnull' => false, 'length' => 32]);
		$table->addColumn('message_params', Types::TEXT, ['notnull' => false]);
		return $schema;
	}
}
