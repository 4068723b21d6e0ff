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
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * One copy per file per target AND per user: an external storage mirrored as part of the files of each
 * user it is mounted for ("users", several users) is one file id per file but one copy per user. The
 * unique index on (file_id, target_id) becomes (file_id, target_id, user_id); every record is kept (the
 * old index held each pair once, so the new one holds each triple once). The queue's own unique index
 * already holds the user (mirror_queue_item: file_id, target_id, kind, user_id).
 */
class Version000600Date20261207100000 extends SimpleMigrationStep {
	public const OLD_INDEX = 'mirror_replica_file';
	public const INDEX = 'mirror_replica_fileuser';

	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function changeSchema(IOutput $output, Closure $schemaClosure, array $options): ?ISchemaWrapper {
		/** @var ISchemaWrapper $schema */
		$schema = $schemaClosure();
		$replicas = $schema->getTable(Replica::TABLE_NAME);
		$changed = false;
		if (!$replicas->hasIndex(self::INDEX)) {
			$replicas->addUniqueIndex(['file_id', 'target_id', 'user_id'], self::INDEX);
			$changed = true;
		}
		if ($replicas->hasIndex(self::OLD_INDEX)) {
			$replicas->dropIndex(self::OLD_INDEX);
			$changed = true;
		}
		return $changed ? $schema : null;
	}
}
