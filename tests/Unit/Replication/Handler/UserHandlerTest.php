<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication\Handler;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\CopyBatch;
use OCA\Mirror\Replication\Handler\UserHandler;
use OCA\Mirror\Replication\Reconciler;
use OCA\Mirror\Replication\ReconcileReport;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Tests\Unit\Fixtures;
use PHPUnit\Framework\TestCase;

class UserHandlerTest extends TestCase {
	use Fixtures;

	/**
	 * @return array<string, array{0: string, 1: bool}>
	 */
	public static function kinds(): array {
		return [
			'a comparison with the records' => [QueueItem::KIND_USER, false],
			'a resync that also checks the drive' => [QueueItem::KIND_USER_DRIVE, true],
		];
	}

	/**
	 * @dataProvider kinds
	 */
	public function testComparesTheItemsUserWithTheTarget(string $kind, bool $checkDrive): void {
		$target = self::target(3, 'USB');
		$drive = $this->createMock(Drive::class);
		$reconciler = $this->createMock(Reconciler::class);
		$reconciler->expects($this->once())->method('reconcileUser')->with($target, 'bob', '', $checkDrive)->willReturn(new ReconcileReport());
		$item = self::item(0, 3, null, $kind);
		$item->setUserId('bob');
		$done = (new UserHandler($reconciler))->handle($item, new Work($target, $drive, new CopyBatch($drive), static function (): void {
		}));
		$this->assertFalse($done, 'nothing waits in the batch: the differences are queued as items of their own');
	}
}
