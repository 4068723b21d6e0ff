<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Listener;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Listener\UserDeletedListener;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\EventDispatcher\Event;
use OCP\IUser;
use OCP\User\Events\UserDeletedEvent;
use PHPUnit\Framework\TestCase;

class UserDeletedListenerTest extends TestCase {
	public function testADeletedUsersQueueRecordsAndTripwireGo(): void {
		$queue = $this->createMock(WorkQueue::class);
		$replicas = $this->createMock(ReplicaMapper::class);
		$tripwire = $this->createMock(Tripwire::class);
		$queue->expects($this->once())->method('forgetUser')->with('alice');
		$replicas->expects($this->once())->method('deleteByUser')->with('alice');
		$tripwire->expects($this->once())->method('forgetUser')->with('alice');
		$user = $this->createMock(IUser::class);
		$user->method('getUID')->willReturn('alice');

		(new UserDeletedListener($queue, $replicas, $tripwire))->handle(new UserDeletedEvent($user));
	}

	public function testAnotherEventIsIgnored(): void {
		$queue = $this->createMock(WorkQueue::class);
		$replicas = $this->createMock(ReplicaMapper::class);
		$tripwire = $this->createMock(Tripwire::class);
		$queue->expects($this->never())->method('forgetUser');
		$replicas->expects($this->never())->method('deleteByUser');
		$tripwire->expects($this->never())->method('forgetUser');

		(new UserDeletedListener($queue, $replicas, $tripwire))->handle(new Event());
	}
}
