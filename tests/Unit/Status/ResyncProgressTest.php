<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Status\ResyncProgress;
use OCP\IUserManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class ResyncProgressTest extends TestCase {
	private QueueReader&MockObject $queue;
	private ResyncProgress $progress;

	protected function setUp(): void {
		$this->queue = $this->createMock(QueueReader::class);
		$users = $this->createMock(IUserManager::class);
		$users->method('countUsersTotal')->willReturn(4);
		$this->progress = new ResyncProgress($this->queue, $users);
	}

	private static function target(bool $enabled = true): Target {
		$target = new Target();
		$target->setId(3);
		$target->setName('USB');
		$target->setEnabled($enabled);
		return $target;
	}

	public function testAStartedResyncRunsUntilEveryUserIsCompared(): void {
		$target = self::target();
		$target->setResyncRequestedAt(5000);
		$this->queue->method('structuralCount')->with(3)->willReturn(4);
		$this->queue->method('summary')->willReturn([['targetId' => 3, 'userId' => 'alice', 'pending' => 2, 'failed' => 0]]);

		$this->assertSame([
			'targetId' => 3, 'running' => true, 'requestedAt' => 5000, 'usersTotal' => 4, 'usersRemaining' => 4, 'filesPending' => 2,
		], $this->progress->progress($target));
	}

	public function testIsDoneWhenEveryComparisonIsDone(): void {
		$this->queue->method('structuralCount')->willReturn(0);
		$progress = $this->progress->progress(self::target(), 7);
		$this->assertFalse($progress['running']);
		$this->assertSame(7, $progress['filesPending']);
		$this->assertSame(4, $progress['usersTotal']);
	}
}
