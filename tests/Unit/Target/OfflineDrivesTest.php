<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Target;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\ManifestService;
use OCA\Mirror\Target\OfflineDrives;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\NullLogger;

class OfflineDrivesTest extends TestCase {
	use Fixtures;

	private const NOW = 1_800_000_000;

	private Target $target;
	private TargetState $state;
	private int $open = 0;
	/** @var list<string> what happened, in order */
	private array $log = [];
	private TargetMapper&MockObject $targets;
	private WorkQueue&MockObject $queue;
	private HealthNotifications&MockObject $notifications;
	private Drive&MockObject $drive;
	private OfflineDrives $offlineDrives;

	protected function setUp(): void {
		$this->target = self::target(5, 'Away');
		$this->target->setOfflineDrive(true);
		$this->state = new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb');
		$this->targets = $this->createMock(TargetMapper::class);
		$this->targets->method('findEnabled')->willReturnCallback(fn (): array => [self::target(1, 'Ordinary'), $this->target]);
		$this->drive = $this->createMock(Drive::class);
		$this->drive->method('state')->willReturnCallback(fn (): TargetState => $this->state);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturnCallback(function (Target $t): Drive {
			$this->assertSame(5, $t->getId(), 'an ordinary target is never looked at');
			return $this->drive;
		});
		$this->queue = $this->createMock(WorkQueue::class);
		$reader = $this->createMock(QueueReader::class);
		$reader->method('openFor')->willReturnCallback(fn (): int => $this->open);
		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('summarize')->willReturn([
			['targetId' => 5, 'userId' => 'alice', 'replicated' => 3, 'bytes' => 30, 'lastReplicatedAt' => 1],
			['targetId' => 1, 'userId' => 'bob', 'replicated' => 3, 'bytes' => 30, 'lastReplicatedAt' => 1],
		]);
		$manifests = $this->createMock(ManifestService::class);
		$manifests->method('refresh')->willReturnCallback(function (Target $t, string $userId): int {
			$this->log[] = 'manifest ' . $userId;
			return 3;
		});
		$this->notifications = $this->createMock(HealthNotifications::class);
		$settings = $this->createMock(HealthSettings::class);
		$settings->method('recipients')->willReturn(['admin']);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(self::NOW);
		$this->offlineDrives = new OfflineDrives($this->targets, $drives, $this->queue, $reader, $replicas, $manifests,
			$this->notifications, $settings, $time, new NullLogger(), new ThisNode(), $this->createMock(ActivityPublisher::class));
	}

	private function plugIn(): void {
		$this->state = new TargetState(true, null, '/mnt/usb', 10, 100);
	}

	public function testARestingDriveStaysResting(): void {
		$this->targets->expects($this->never())->method('markPresent');
		$this->queue->expects($this->never())->method('enqueueEverything');
		$this->assertSame([], $this->offlineDrives->poll());
	}

	public function testWhenItsMarkerAppearsItCatchesUpByComparingEveryUserWithTheDrive(): void {
		$this->plugIn();
		$this->targets->expects($this->once())->method('markPresent')->with(5, self::NOW)->willReturn(true);
		$this->queue->expects($this->once())->method('enqueueEverything')
			->with($this->callback(fn (Target $t): bool => $t->getPresentSince() === self::NOW), true);
		$this->notifications->expects($this->once())->method('withdrawUpToDate')->with(5);
		$this->assertSame([5 => OfflineDrives::CAME_BACK], $this->offlineDrives->poll());
	}

	public function testAnotherProcessThatSawItFirstQueuesTheCatchUpAlone(): void {
		$this->plugIn();
		$this->targets->method('markPresent')->willReturn(false);
		$this->queue->expects($this->never())->method('enqueueEverything');
		$this->assertSame([], $this->offlineDrives->poll());
	}

	public function testNothingIsSaidWhileWorkIsLeft(): void {
		$this->plugIn();
		$this->target->setPresentSince(self::NOW - 60);
		$this->open = 12;
		$this->drive->expects($this->never())->method('syncToDisk');
		$this->notifications->expects($this->never())->method('notifyUpToDate');
		$this->assertSame([], $this->offlineDrives->poll());
	}

	public function testCaughtUpTheManifestsAreWrittenAndTheDriveSyncedBeforeTheAdminsAreTold(): void {
		$this->plugIn();
		$this->target->setPresentSince(self::NOW - 60);
		$this->drive->expects($this->once())->method('syncToDisk')->with(['alice'])->willReturnCallback(function (): bool {
			$this->log[] = 'sync';
			return true;
		});
		$this->targets->expects($this->once())->method('markComplete')->with(5, self::NOW - 60, self::NOW)->willReturnCallback(function (): bool {
			$this->log[] = 'complete';
			return true;
		});
		$this->notifications->expects($this->once())->method('notifyUpToDate')->with(5, self::NOW, ['admin'])->willReturnCallback(function (): void {
			$this->log[] = 'notify';
		});
		$this->assertSame([5 => OfflineDrives::CAUGHT_UP], $this->offlineDrives->poll());
		$this->assertSame(['manifest alice', 'sync', 'complete', 'notify'], $this->log);
	}

	public function testACaughtUpDriveIsNotToldAboutAgain(): void {
		$this->plugIn();
		$this->target->setPresentSince(self::NOW - 600);
		$this->target->setLastCompleteAt(self::NOW - 300);
		$this->drive->expects($this->never())->method('syncToDisk');
		$this->notifications->expects($this->never())->method('notifyUpToDate');
		$this->targets->expects($this->once())->method('touchComplete')->with(5, self::NOW - 600, self::NOW);
		$this->assertSame([], $this->offlineDrives->poll());
	}

	public function testUnpluggedBeforeTheSyncNothingIsSaid(): void {
		$this->plugIn();
		$this->target->setPresentSince(self::NOW - 60);
		$this->drive->method('syncToDisk')->willThrowException(new TargetOfflineException(new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb')));
		$this->targets->expects($this->never())->method('markComplete');
		$this->notifications->expects($this->never())->method('notifyUpToDate');
		$this->assertSame([], $this->offlineDrives->poll());
	}

	public function testUnpluggedItRestsAndSafeToUnplugGoes(): void {
		$this->target->setPresentSince(self::NOW - 600);
		$this->target->setLastCompleteAt(self::NOW - 300);
		$this->targets->expects($this->once())->method('markAbsent')->with(5)->willReturn(true);
		$this->notifications->expects($this->once())->method('withdrawUpToDate')->with(5);
		$this->assertSame([5 => OfflineDrives::WENT_AWAY], $this->offlineDrives->poll());
	}
}
