<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * Several web servers, one drive: each target belongs to the node (host name) whose filesystem holds
 * it, and each node's worker says when it last ran. Existing targets get no node: they belong to any
 * node, as before, so an upgrade changes nothing (`occ mirror:target:move-node` gives them one).
 */
class Version000600Date20261207060000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$changed = false;
		$targets = $schema->getTable(Target::TABLE_NAME);
		if (!$targets->hasColumn('node')) {
			$targets->addColumn('node', Types::STRING, ['notnull' => false, 'length' => NodeHeartbeats::NODE_LENGTH, 'default' => null]);
			$changed = true;
		}
		if (!$schema->hasTable(NodeHeartbeats::TABLE_NAME)) {
			$table = $schema->createTable(NodeHeartbeats::TABLE_NAME);
			$table->addColumn('id', Types::BIGINT, ['autoincrement' => true, 'notnull' => true, 'unsigned' => true]);
			$table->addColumn('node', Types::STRING, ['notnull' => true, 'length' => NodeHeartbeats::NODE_LENGTH]);
			$table->addColumn('seen_at', Types::BIGINT, ['notnull' => true, 'unsigned' => true]);
			$table->setPrimaryKey(['id']);
			$table->addUniqueIndex(['node'], 'mirror_nodes_node');
			$changed = true;
		}
		return $changed ? $schema : null;
	}
}
