<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use Closure;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCP\DB\ISchemaWrapper;
use OCP\IDBConnection;
use OCP\Migration\IOutput;
use OCP\Migration\SimpleMigrationStep;

/**
 * error_code is the queue's "failed" flag now, no longer last_error (an English sentence, which is
 * no longer written). A row that failed with a sentence and no code (none should: error_code was
 * always written with it) gets the code of a plain write failure, so it stays failed; its sentence
 * stays too, and is what the admin page shows for it. No schema change: both columns exist since
 * the first version, and neither is indexed.
 */
class Version000401Date20261206120000 extends SimpleMigrationStep {
	public function __construct(
		private readonly IDBConnection $db,
	) {
	}

	/**
	 * @param Closure(): ISchemaWrapper $schemaClosure
	 */
	#[\Override]
	public function postSchemaChange(IOutput $output, Closure $schemaClosure, array $options): void {
		$qb = $this->db->getQueryBuilder();
		$qb->update(QueueItem::TABLE_NAME)
			->set('error_code', $qb->createNamedParameter(ReplicationException::IO))
			->where($qb->expr()->isNull('error_code'))
			->andWhere($qb->expr()->isNotNull('last_error'));
		$rows = $qb->executeStatement();
		if ($rows > 0) {
			$output->info('Mirror: ' . $rows . ' failed queue items recorded with a code');
		}
	}
}
