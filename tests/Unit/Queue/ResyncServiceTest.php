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
use OCA\Mirror\Queue\ResyncService;
use OCA\Mirror\Queue\WorkQueue;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class ResyncServiceTest extends TestCase {
	private TargetMapper&MockObject $targets;
	private WorkQueue&MockObject $queueService;
	private ResyncService $resync;

	protected function setUp(): void {
		$this->targets = $this->createMock(TargetMapper::class);
		$this->queueService = $this->createMock(WorkQueue::class);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(5000);
		$this->resync = new ResyncService($this->targets, $this->queueService, $time);
	}

	private static function target(bool $enabled = true): Target {
		$target = new Target();
		$target->setId(3);
		$target->setName('USB');
		$target->setEnabled($enabled);
		return $target;
	}

	public function testQueuesAComparisonOfEveryUserThatAlsoChecksTheDrive(): void {
		$this->targets->expects($this->once())->method('update')->willReturnArgument(0);
		$this->queueService->expects($this->once())->method('enqueueEverything')
			->with($this->isInstanceOf(Target::class), true)->willReturn(4);

		$started = $this->resync->start(self::target());
		$this->assertSame([3, 5000], [$started->getId(), $started->getResyncRequestedAt()]);
	}

	public function testAFailureToQueueReachesTheCaller(): void {
		$this->targets->method('update')->willReturnArgument(0);
		$this->queueService->method('enqueueEverything')->willThrowException(new \RuntimeException('database gone'));
		$this->expectException(\RuntimeException::class);
		$this->resync->start(self::target());
	}

	public function testRefusesADisabledTarget(): void {
		$this->targets->expects($this->never())->method('update');
		$this->queueService->expects($this->never())->method('enqueueEverything');
		$this->expectException(InvalidTargetException::class);
		$this->resync->start(self::target(false));
	}
}
