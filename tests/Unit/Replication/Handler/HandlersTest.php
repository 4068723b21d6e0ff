<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication\Handler;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\CopyBatch;
use OCA\Mirror\Replication\Handler\DeleteTreeHandler;
use OCA\Mirror\Replication\Handler\FileHandler;
use OCA\Mirror\Replication\Handler\MoveHandler;
use OCA\Mirror\Replication\Handler\TreeHandler;
use OCA\Mirror\Replication\Handler\UserHandler;
use OCA\Mirror\Replication\Handlers;
use OCA\Mirror\Replication\Replicator;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Tests\Unit\Fixtures;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class HandlersTest extends TestCase {
	use Fixtures;

	private Replicator&MockObject $replicator;
	/** @var array<string, MockObject> */
	private array $mocks = [];
	private Handlers $handlers;
	private Work $work;

	protected function setUp(): void {
		$this->replicator = $this->createMock(Replicator::class);
		foreach ([FileHandler::class, TreeHandler::class, MoveHandler::class, DeleteTreeHandler::class, UserHandler::class] as $class) {
			$this->mocks[$class] = $this->createMock($class);
		}
		$this->handlers = new Handlers($this->replicator, ...array_values($this->mocks));
		$drive = $this->createMock(Drive::class);
		$this->work = new Work(self::target(1, 'USB'), $drive, new CopyBatch($drive), static function (): void {
		});
	}

	/**
	 * @return array<string, array{0: string, 1: class-string}>
	 */
	public static function kinds(): array {
		return [
			'file' => [QueueItem::KIND_FILE, FileHandler::class],
			'tree' => [QueueItem::KIND_TREE, TreeHandler::class],
			'move' => [QueueItem::KIND_MOVE, MoveHandler::class],
			'delete_tree' => [QueueItem::KIND_DELETE_TREE, DeleteTreeHandler::class],
			'user' => [QueueItem::KIND_USER, UserHandler::class],
			'user_drive' => [QueueItem::KIND_USER_DRIVE, UserHandler::class],
		];
	}

	/**
	 * @dataProvider kinds
	 * @param class-string $handler
	 */
	public function testEachKindGoesToItsOwnHandlerOnly(string $kind, string $handler): void {
		$item = self::item(7, 1, null, $kind);
		foreach ($this->mocks as $class => $mock) {
			$mock->expects($class === $handler ? $this->once() : $this->never())->method('handle')
				->with($item, $this->work)->willReturn($kind === QueueItem::KIND_FILE);
		}
		// folder and user work changes records: what was read ahead for the batch is dropped first
		$this->replicator->expects($kind === QueueItem::KIND_FILE ? $this->never() : $this->once())->method('forgetPrefetched');
		$this->assertSame($kind === QueueItem::KIND_FILE, $this->handlers->handle($item, $this->work));
	}

	public function testAnUnknownKindFailsTheItemWithoutTouchingAnything(): void {
		foreach ($this->mocks as $mock) {
			$mock->expects($this->never())->method('handle');
		}
		$this->expectException(ReplicationException::class);
		$this->expectExceptionMessage('Unknown kind of work "defrag"');
		$this->handlers->handle(self::item(7, 1, null, 'defrag'), $this->work);
	}
}
