<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Db;

use OCA\Mirror\Db\WriteTransaction;
use OCP\DB\Exception as DbException;
use OCP\IDBConnection;
use PHPUnit\Framework\TestCase;

/**
 * Commit and rollback. The retry of a retryable error is the platform's (TTransactional::atomicRetry,
 * which needs the server's own exception classes); tests/Integration/Concurrency*Test run several
 * workers on SQLite and PostgreSQL through it.
 */
class WriteTransactionTest extends TestCase {
	public function testCommitsWhatTheWritesReturn(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->once())->method('beginTransaction');
		$db->expects($this->once())->method('commit');
		$db->expects($this->never())->method('rollBack');
		$this->assertSame('recorded', (new WriteTransaction($db))->run(static fn (): string => 'recorded'));
	}

	public function testAnErrorRollsBackAndPropagates(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->once())->method('beginTransaction');
		$db->expects($this->once())->method('rollBack');
		$db->expects($this->never())->method('commit');
		$this->expectException(DbException::class);
		(new WriteTransaction($db))->run(static function (): void {
			throw new DbException('UNIQUE constraint failed');
		});
	}

	public function testAFailureOutsideTheDatabaseRollsBackToo(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->once())->method('rollBack');
		$this->expectException(\RuntimeException::class);
		(new WriteTransaction($db))->run(static function (): void {
			throw new \RuntimeException('drive gone');
		});
	}
}
