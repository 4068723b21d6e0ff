<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Queue;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Exception\InvalidTargetException;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Queue\ResyncService;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IUserManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class ResyncServiceTest extends TestCase {
	private TargetService&MockObject $targetService;
	private TargetMapper&MockObject $targets;
	private WorkQueue&MockObject $queueService;
	private QueueReader&MockObject $queue;
	private ResyncService $resync;

	protected function setUp(): void {
		$this->targetService = $this->createMock(TargetService::class);
		$this->targets = $this->createMock(TargetMapper::class);
		$this->queueService = $this->createMock(WorkQueue::class);
		$this->queue = $this->createMock(QueueReader::class);
		$users = $this->createMock(IUserManager::class);
		$users->method('countUsersTotal')->willReturn(4);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(5000);
		$this->resync = new ResyncService($this->targetService, $this->targets, $this->queueService, $this->queue, $users, $time);
	}

	private static function target(bool $enabled = true): Target {
		$target = new Target();
		$target->setId(3);
		$target->setName('USB');
		$target->setEnabled($enabled);
		return $target;
	}

	public function testQueuesAComparisonOfEveryUserThatAlsoChecksTheDrive(): void {
		$this->targetService->method('get')->with(3)->willReturn(self::target());
		$this->targets->method('update')->willReturnArgument(0);
		$this->queueService->expects($this->once())->method('enqueueEverything')
			->with($this->isInstanceOf(Target::class), true)->willReturn(4);
		$this->queue->method('structuralCount')->with(3)->willReturn(4);
		$this->queue->method('summary')->willReturn([['targetId' => 3, 'userId' => 'alice', 'pending' => 2, 'failed' => 0]]);

		$this->assertSame([
			'targetId' => 3, 'running' => true, 'requestedAt' => 5000, 'usersTotal' => 4, 'usersRemaining' => 4, 'filesPending' => 2,
		], $this->resync->start(3));
	}

	public function testAFailureToQueueReachesTheCaller(): void {
		$this->targetService->method('get')->willReturn(self::target());
		$this->targets->method('update')->willReturnArgument(0);
		$this->queueService->method('enqueueEverything')->willThrowException(new \RuntimeException('database gone'));
		$this->expectException(\RuntimeException::class);
		$this->resync->start(3);
	}

	public function testRefusesADisabledTarget(): void {
		$this->targetService->method('get')->willReturn(self::target(false));
		$this->queueService->expects($this->never())->method('enqueueEverything');
		$this->expectException(InvalidTargetException::class);
		$this->resync->start(3);
	}

	public function testIsDoneWhenEveryComparisonIsDone(): void {
		$this->queue->method('structuralCount')->willReturn(0);
		$progress = $this->resync->progress(self::target(), 7);
		$this->assertFalse($progress['running']);
		$this->assertSame(7, $progress['filesPending']);
		$this->assertSame(4, $progress['usersTotal']);
	}
}
