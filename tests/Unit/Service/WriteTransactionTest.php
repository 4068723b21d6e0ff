<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Service\WriteTransaction;
use OCP\DB\Exception as DbException;
use OCP\IDBConnection;
use PHPUnit\Framework\TestCase;

class WriteTransactionTest extends TestCase {
	public function testRetriesWhenSqliteSaysTheDatabaseIsLocked(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->exactly(3))->method('beginTransaction');
		$db->expects($this->exactly(2))->method('rollBack');
		$db->expects($this->once())->method('commit');
		$calls = 0;
		$result = (new WriteTransaction($db))->run(function () use (&$calls): string {
			if (++$calls < 3) {
				throw new DbException('SQLSTATE[HY000]: General error: 5 database is locked');
			}
			return 'recorded';
		});
		$this->assertSame('recorded', $result);
		$this->assertSame(3, $calls);
	}

	public function testOtherErrorsRollBackAndPropagateAtOnce(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->once())->method('rollBack');
		$db->expects($this->never())->method('commit');
		$this->expectException(DbException::class);
		(new WriteTransaction($db))->run(static function (): void {
			throw new DbException('UNIQUE constraint failed');
		});
	}

	public function testGivesUpAfterAFewAttempts(): void {
		$db = $this->createMock(IDBConnection::class);
		$db->expects($this->exactly(6))->method('beginTransaction');
		$this->expectException(DbException::class);
		(new WriteTransaction($db))->run(static function (): void {
			throw new DbException('database is locked');
		});
	}
}
