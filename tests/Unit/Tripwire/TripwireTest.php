<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Tripwire;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Tests\Unit\Health\MemoryAppConfig;
use OCA\Mirror\Tripwire\Tripwire;
use OCA\Mirror\Tripwire\TripwireCount;
use OCA\Mirror\Tripwire\TripwireCountMapper;
use OCA\Mirror\Tripwire\TripwireMapper;
use OCA\Mirror\Tripwire\TripwireState;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IGroupManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class TripwireTest extends TestCase {
	use MemoryAppConfig;

	private int $now = 1_800_000_000;
	private ?TripwireState $row = null;
	/** @var array<string, TripwireCount> "user/target" => the count row */
	private array $counts = [];
	private HealthNotifications&MockObject $notifications;
	private Tripwire $tripwire;

	protected function setUp(): void {
		$mapper = $this->createMock(TripwireMapper::class);
		$mapper->method('findByUser')->willReturnCallback(fn (): ?TripwireState => $this->row === null ? null : clone $this->row);
		$mapper->method('insert')->willReturnCallback(fn (TripwireState $s): TripwireState => $this->row = clone $s);
		$mapper->method('update')->willReturnCallback(fn (TripwireState $s): TripwireState => $this->row = clone $s);
		$mapper->method('deleteByUser')->willReturnCallback(function (string $user): void {
			if ($this->row?->getUserId() === $user) {
				$this->row = null;
			}
		});
		$mapper->method('findTripped')->willReturnCallback(fn (): array => $this->row?->getTrippedAt() !== null ? [$this->row] : []);
		$counts = $this->createMock(TripwireCountMapper::class);
		$counts->method('findOne')->willReturnCallback(fn (string $user, int $target): ?TripwireCount => isset($this->counts[$user . '/' . $target]) ? clone $this->counts[$user . '/' . $target] : null);
		$counts->method('insert')->willReturnCallback(function (TripwireCount $c): TripwireCount {
			$c->setId(count($this->counts) + 100);
			return $this->counts[$c->getUserId() . '/' . $c->getTargetId()] = clone $c;
		});
		$counts->method('restartWindow')->willReturnCallback(function (int $id, int $from, int $now): void {
			foreach ($this->counts as $c) {
				if ($c->getId() === $id && $c->getWindowStart() === $from) {
					$c->setWindowStart($now);
					$c->setChanges(0);
				}
			}
		});
		$counts->method('add')->willReturnCallback(function (int $id, int $n): int {
			foreach ($this->counts as $c) {
				if ($c->getId() === $id) {
					$c->setChanges($c->getChanges() + $n);
					return $c->getChanges();
				}
			}
			return 0;
		});
		$counts->method('deleteByUser')->willReturnCallback(function (string $user): int {
			$before = count($this->counts);
			$this->counts = array_filter($this->counts, static fn (TripwireCount $c): bool => $c->getUserId() !== $user);
			return $before - count($this->counts);
		});
		$counts->method('deleteByTarget')->willReturnCallback(function (int $target): int {
			$before = count($this->counts);
			$this->counts = array_filter($this->counts, static fn (TripwireCount $c): bool => $c->getTargetId() !== $target);
			return $before - count($this->counts);
		});
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$this->notifications = $this->createMock(HealthNotifications::class);
		$config = $this->memoryAppConfig();
		$this->tripwire = new Tripwire($mapper, $counts, $config, $time, $this->notifications, new HealthSettings($config, $this->createMock(IGroupManager::class)), $this->createMock(ActivityPublisher::class));
	}

	/**
	 * @return int how many changes were allowed before it tripped
	 */
	private function changes(int $n, int $userFiles, int $targetId = 1): int {
		for ($i = 0; $i < $n; $i++) {
			try {
				$this->tripwire->permit('alice', $targetId, static fn (): int => $userFiles);
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
			$this->tripwire->permit('alice', 1, static fn (): int => 1000, 1, 'Camera/IMG_0001.jpg');
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
		$this->tripwire->permit('alice', 1, static fn (): int => 1000, 1, 'Camera/x.jpg'); // not even a signature trips it
		$this->now += 7201;
		$this->assertSame(200, $this->changes(1000, 100_000), 'on again after the time');
	}

	public function testOneUserChangeOnFourTargetsCountsOncePerTarget(): void {
		// 5 files; a rename, a folder of 3 renamed, a deletion: 5 changes, each applied by every target
		$this->notifications->expects($this->never())->method('notifyTripwire');
		foreach ([1, 3, 1] as $count) {
			foreach ([1, 2, 3, 4] as $targetId) {
				$this->tripwire->permit('alice', $targetId, static fn (): int => 5, $count);
			}
		}
		$this->assertSame([], $this->tripwire->heldUsers(), '20 counted together would have tripped the 20 %/min 20 rule');
		foreach ([1, 2, 3, 4] as $targetId) {
			$this->assertSame(5, $this->counts['alice/' . $targetId]->getChanges(), 'target ' . $targetId . ' counted each change once');
		}
	}

	public function testTheLimitsHoldForEachTargetAsForOne(): void {
		$this->assertSame(200, $this->changes(200, 100_000, 1));
		$this->assertSame(200, $this->changes(200, 100_000, 2), 'another drive applying the same 200 changes is not 400');
		$this->assertSame(19, $this->changes(19, 30, 3));
		$this->assertSame([], $this->tripwire->heldUsers());
		$this->assertSame(0, $this->changes(1, 100_000, 1), 'the 201st change to one copy trips as with one target');
	}

	public function testABurstOnOneTargetHoldsTheUserOnEveryTarget(): void {
		$this->assertSame(3, $this->changes(3, 100_000, 2));
		$this->notifications->expects($this->once())->method('notifyTripwire');
		$this->assertSame(200, $this->changes(300, 100_000, 1));
		$this->assertSame(['alice'], $this->tripwire->heldUsers());
		$this->assertSame(0, $this->changes(1, 100_000, 2), 'held on the target that did not trip too');
		$this->assertSame(0, $this->changes(1, 100_000, 3), 'and on one never seen before');
		$this->assertTrue($this->tripwire->release('alice'));
		$this->assertSame([], $this->counts, 'a release starts the count again on every target');
		$this->assertSame(200, $this->changes(200, 100_000, 2), 'target 2 counts from zero after the release (it had 3 before)');
	}

	public function testForgettingATargetOrAUserRemovesTheirCounts(): void {
		$this->changes(5, 100_000, 1);
		$this->changes(5, 100_000, 2);
		$this->tripwire->forgetTarget(1);
		$this->assertSame(['alice/2'], array_keys($this->counts));
		$this->tripwire->disableUntil('alice', $this->now + 60);
		$this->assertNotNull($this->row);
		$this->tripwire->forgetUser('alice');
		$this->assertSame([], $this->counts);
		$this->assertNull($this->row, 'the hold row goes too');
	}
}
