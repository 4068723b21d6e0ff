<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCP\DB\Exception as DbException;
use OCP\IDBConnection;

/**
 * Runs a short transaction of writes, retrying when the database is busy.
 *
 * Callers read what they need before, so that the transaction's first statement is a write:
 * on SQLite (WAL) a transaction that read first and then writes after another worker committed
 * fails at once with "database is locked", without waiting. Deadlocks on MySQL and PostgreSQL are
 * retried the same way. A copy already on the drive is never undone by a failed record: the next
 * attempt finds the same bytes and only records them.
 */
class WriteTransaction {
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
		for ($attempt = 1; ; $attempt++) {
			$this->db->beginTransaction();
			try {
				$result = $writes();
				$this->db->commit();
				return $result;
			} catch (DbException $e) {
				$this->db->rollBack();
				if ($attempt >= self::ATTEMPTS || !$this->isRetryable($e)) {
					throw $e;
				}
				usleep(random_int(20_000, 80_000) * $attempt);
			} catch (\Throwable $e) {
				$this->db->rollBack();
				throw $e;
			}
		}
	}

	private function isRetryable(DbException $e): bool {
		if ($e->getReason() === DbException::REASON_LOCK_WAIT_TIMEOUT || $e->getReason() === DbException::REASON_DEADLOCK) {
			return true;
		}
		$message = strtolower($e->getMessage());
		return str_contains($message, 'database is locked') || str_contains($message, 'deadlock') || str_contains($message, 'could not serialize');
	}
}
