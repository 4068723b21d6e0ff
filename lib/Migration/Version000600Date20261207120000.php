<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\ManifestChanges;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * The records changed since their manifest was last written (ManifestChanges), so that a run killed
 * before it wrote its manifest leaves no shard out of date. Empty at the upgrade: the manifests on the
 * drives are as the runs before left them (a shard a killed run left out of date is rewritten when it
 * next changes, as before).
 */
class Version000600Date20261207120000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		if ($schema->hasTable(ManifestChanges::TABLE_NAME)) {
			return null;
		}
		$table = $schema->createTable(ManifestChanges::TABLE_NAME);
		$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
		$table->addColumn('target_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		$table->addColumn('user_id', Types::STRING, ['notnull' => true, 'length' => 64]);
		$table->addColumn('file_id', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
		$table->setPrimaryKey(['id']);
		$table->addIndex(['target_id', 'user_id'], 'mirror_mchanges_user');
		return $schema;
	}
}
