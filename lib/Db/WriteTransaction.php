<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\AppFramework\Db\TTransactional;
use OCP\IDBConnection;

/**
 * Runs a short transaction of writes with the platform's TTransactional::atomicRetry(): committed
 * whole or rolled back, and tried again when the database reports a retryable error (a deadlock
 * on MySQL or PostgreSQL, "database is locked" on SQLite).
 *
 * Callers read what they need before, so that the transaction's first statement is a write:
 * on SQLite (WAL) a transaction that read first and then writes after another worker committed
 * fails at once with "database is locked", without waiting; one that writes first waits for the
 * lock instead. A copy already on the drive is never undone by a failed record: the next attempt
 * finds the same bytes and only records them.
 */
class WriteTransaction {
	use TTransactional;

	private const ATTEMPTS = 6;

	public function __construct(
		private IDBConnection $db,
	) {
	}

	/**
	 * @template T
	 * @param callable(): T $writes
	 * @return T
	 */
	public function run(callable $writes): mixed {
		return $this->atomicRetry($writes, $this->db, self::ATTEMPTS);
	}
}
