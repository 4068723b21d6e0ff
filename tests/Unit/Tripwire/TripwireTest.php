<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Tripwire;

use OCA\Mirror\Db\TripwireMapper;
use OCA\Mirror\Db\TripwireState;
use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Notification\HealthNotifications;
use OCA\Mirror\Tests\Unit\Health\MemoryAppConfig;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IGroupManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class TripwireTest extends TestCase {
	use MemoryAppConfig;

	private int $now = 1_800_000_000;
	private ?TripwireState $row = null;
	private HealthNotifications&MockObject $notifications;
	private Tripwire $tripwire;

	protected function setUp(): void {
		$mapper = $this->createMock(TripwireMapper::class);
		$mapper->method('findByUser')->willReturnCallback(fn (): ?TripwireState => $this->row === null ? null : clone $this->row);
		$mapper->method('insert')->willReturnCallback(fn (TripwireState $s): TripwireState => $this->row = clone $s);
		$mapper->method('update')->willReturnCallback(fn (TripwireState $s): TripwireState => $this->row = clone $s);
		$mapper->method('findTripped')->willReturnCallback(fn (): array => $this->row?->getTrippedAt() !== null ? [$this->row] : []);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$this->notifications = $this->createMock(HealthNotifications::class);
		$config = $this->memoryAppConfig();
		$this->tripwire = new Tripwire($mapper, $config, $time, $this->notifications, new HealthSettings($config, $this->createMock(IGroupManager::class)));
	}

	/**
	 * @return int how many changes were allowed before it tripped
	 */
	private function changes(int $n, int $userFiles): int {
		for ($i = 0; $i < $n; $i++) {
			try {
				$this->tripwire->permit('alice', static fn (): int => $userFiles);
			} catch (HeldException) {
				return $i;
			}
		}
		return $n;
	}

	public function testMoreThanTwoHundredChangesWithinAnHourTrip(): void {
		$this->notifications->expects($this->once())->method('notifyTripwire');
		$this->assertSame(200, $this->changes(300, 100_000), 'the 201st change is held, not applied');
		$this->assertSame(['alice'], $this->tripwire->heldUsers());
		$this->assertSame('rate', $this->row?->getReason());
	}

	public function testTwentyPercentOfAUsersFilesTrip(): void {
		$this->assertSame(100, $this->changes(300, 500), '20 % of 500 files');
	}

	public function testAFewChangesOfASmallLibraryDoNot(): void {
		$this->assertSame(19, $this->changes(19, 30), 'under the minimum of 20 changes, even 60 % of a small library is normal');
		$this->assertSame([], $this->tripwire->heldUsers());
	}

	public function testTheCountStartsAgainEachHour(): void {
		$this->assertSame(150, $this->changes(150, 100_000));
		$this->now += 3600;
		$this->assertSame(150, $this->changes(150, 100_000));
		$this->assertSame([], $this->tripwire->heldUsers());
	}

	public function testAPhotoThatNoLongerLooksLikeOneTripsAtOnce(): void {
		try {
			$this->tripwire->permit('alice', static fn (): int => 1000, 1, 'Camera/IMG_0001.jpg');
			$this->fail('expected HeldException');
		} catch (HeldException $e) {
			$this->assertSame('alice', $e->userId);
		}
		$this->assertSame(['signature', 'Camera/IMG_0001.jpg'], [$this->row?->getReason(), $this->row?->getDetail()]);
	}

	public function testWhileHeldEveryDestructiveChangeIsHeldUntilReleased(): void {
		$this->changes(201, 100_000);
		$this->assertSame(0, $this->changes(5, 100_000));
		$this->notifications->expects($this->once())->method('withdrawTripwire')->with('alice');
		$this->assertTrue($this->tripwire->release('alice'));
		$this->assertSame(5, $this->changes(5, 100_000));
		$this->assertFalse($this->tripwire->release('alice'), 'not held any more');
	}

	public function testSwitchedOffForAWhileItLetsEverythingThrough(): void {
		$this->tripwire->disableUntil('alice', $this->now + 7200);
		$this->assertSame(1000, $this->changes(1000, 1000));
		$this->tripwire->permit('alice', static fn (): int => 1000, 1, 'Camera/x.jpg'); // not even a signature trips it
		$this->now += 7201;
		$this->assertSame(200, $this->changes(1000, 100_000), 'on again after the time');
	}
}
