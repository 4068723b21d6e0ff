<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Queue\QueueItem;
use OCP\DB\ISchemaWrapper;
use OCP\DB\Types;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * When a queued file first failed, so that "failing for more than 24 hours" means that, and not
 * "queued more than 24 hours ago" (a file may wait for an unplugged drive for days, then fail once).
 */
class Version000300Date20261201120000 extends SimpleMigrationStep {
	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$queue = $schema->getTable(QueueItem::TABLE_NAME);
		if ($queue->hasColumn('failed_since')) {
			return null;
		}
		$queue->addColumn('failed_since', Types::BIGINT, ['notnull' => false]);
		return $schema;
	}
}
