<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Queue;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\QueueItemMapper;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IDBConnection;
use OCP\IUserManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class WorkQueueTest extends TestCase {
	use Fixtures;

	private QueueItemMapper&MockObject $items;
	private IDBConnection&MockObject $db;
	private int $now = 1_800_000_000;
	private WorkQueue $queue;
	/** @var list<\OCA\Mirror\Db\Target> */
	private array $enabled = [];
	/** @var list<array{int, string, int, string, ?string}> */
	private array $written = [];

	protected function setUp(): void {
		$this->items = $this->createMock(QueueItemMapper::class);
		$this->items->method('enqueue')->willReturnCallback(function (int $target, string $user, int $file, string $kind, ?string $path): void {
			$this->written[] = [$target, $user, $file, $kind, $path];
		});
		$targets = $this->createMock(TargetMapper::class);
		$this->enabled = [self::target(1, 'USB'), self::target(2, 'NAS')];
		$targets->method('findEnabled')->willReturnCallback(fn (): array => $this->enabled);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$this->db = $this->createMock(IDBConnection::class);
		$this->queue = new WorkQueue($this->items, new QueueReader($this->db), $targets, $this->createMock(IUserManager::class), $time, new WriteTransaction($this->db), $this->createMock(GroupFolderDirectory::class), $this->createMock(ExternalStorageDirectory::class));
	}

	public function testAnEventQueuesOneItemForEveryEnabledTarget(): void {
		$this->queue->enqueue('alice', 42, QueueItem::KIND_MOVE, 'Old');
		$this->assertSame([[1, 'alice', 42, 'move', 'Old'], [2, 'alice', 42, 'move', 'Old']], $this->written);
	}

	public function testAnOfflineDriveGetsChangesOnlyWhileItsDriveIsPluggedIn(): void {
		$resting = self::target(3, 'Away');
		$resting->setOfflineDrive(true);
		$present = self::target(4, 'Home');
		$present->setOfflineDrive(true);
		$present->setPresentSince($this->now - 60);
		$this->enabled = [self::target(1, 'USB'), $resting, $present];
		$this->queue->enqueue('alice', 42, QueueItem::KIND_FILE);
		$this->queue->enqueueUser('bob');
		$this->assertSame([
			[1, 'alice', 42, 'file', null], [4, 'alice', 42, 'file', null],
			[1, 'bob', 0, 'user', null], [4, 'bob', 0, 'user', null],
		], $this->written, 'nothing for the resting drive: it catches up by comparing when it is back');
	}

	public function testAnUploadsBurstOfEventsIsWrittenOnceAndALaterChangeAgain(): void {
		$this->queue->enqueueFor(1, 'alice', 42, QueueItem::KIND_FILE); // created
		$this->queue->enqueueFor(1, 'alice', 42, QueueItem::KIND_FILE); // written
		$this->now += 4;
		$this->queue->enqueueFor(1, 'alice', 42, QueueItem::KIND_FILE); // touched
		$this->queue->enqueueFor(1, 'alice', 43, QueueItem::KIND_FILE); // another file
		$this->queue->enqueueFor(2, 'alice', 42, QueueItem::KIND_FILE); // another target
		$this->now += 2;
		$this->queue->enqueueFor(1, 'alice', 42, QueueItem::KIND_FILE); // edited again, later: the mapper marks it dirty
		$this->assertSame([[1, 'alice', 42, 'file', null], [1, 'alice', 43, 'file', null], [2, 'alice', 42, 'file', null], [1, 'alice', 42, 'file', null]], $this->written);
	}

	public function testManyFilesAreQueuedInTransactionsOfFiveHundred(): void {
		$this->db->expects($this->exactly(3))->method('beginTransaction');
		$this->db->expects($this->exactly(3))->method('commit');
		$this->queue->enqueueManyFor(1, 'alice', range(1, 1200));
		$this->assertCount(1200, $this->written);
		$this->assertSame([1, 'alice', 1200, 'file', null], $this->written[1199]);
	}

	public function testRetryMakesFailedItemsDueNow(): void {
		$this->items->expects($this->once())->method('retryNow')->with($this->now, null, 2, 42)->willReturn(1);
		$this->assertSame(1, $this->queue->retryAll(2, 42));
	}
}
