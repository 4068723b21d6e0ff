<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Queue;

use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\Claims;
use OCA\Mirror\Queue\QueueItemMapper;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class ClaimsTest extends TestCase {
	use Fixtures;

	private const NOW = 1_800_000_000;

	private QueueItemMapper&MockObject $items;
	private Claims $claims;

	protected function setUp(): void {
		$this->items = $this->createMock(QueueItemMapper::class);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(self::NOW);
		$this->claims = new Claims($this->items, $time);
	}

	private function itemWithId(int $id, int $attempts = 0) {
		$item = self::item($id * 10, 1);
		$item->setId($id);
		$item->setAttempts($attempts);
		return $item;
	}

	public function testClaimsWhatIsDueWithOneUpdateAndKeepsOnlyWhatItWon(): void {
		$due = [$this->itemWithId(4), $this->itemWithId(5), $this->itemWithId(9)];
		$this->items->expects($this->once())->method('findDue')->with(1, self::NOW, self::NOW - Claims::STALE_AFTER, 50, 1234, 3)->willReturn($due);
		$this->items->expects($this->once())->method('claimMany')->with([4, 5, 9], $this->claims->workerId, self::NOW, self::NOW - Claims::STALE_AFTER)->willReturn([4, 9]);
		[$won, $cursor] = $this->claims->claim(1, 1234, 3, 50);
		$this->assertSame([4, 9], array_map(static fn ($i): int => $i->getId(), $won));
		$this->assertSame(9, $cursor, 'the next call goes on after everything offered, won or not');
	}

	public function testDueAtLeastAsksForTheLastOfThatManyUnclaimedItems(): void {
		$this->items->expects($this->exactly(2))->method('findDue')->with(1, self::NOW, self::NOW - Claims::STALE_AFTER, 1, null, 0, 499)
			->willReturnOnConsecutiveCalls([$this->itemWithId(500)], []);
		$this->assertTrue($this->claims->dueAtLeast(1, 500));
		$this->assertFalse($this->claims->dueAtLeast(1, 500), 'fewer than 500 due: no 500th item');
	}

	public function testNothingDueClaimsNothing(): void {
		$this->items->method('findDue')->willReturn([]);
		$this->items->expects($this->never())->method('claimMany');
		$this->assertSame([[], 0], $this->claims->claim(1, null, 0, 50));
	}

	public function testAFailureKeepsItsCodeAndParametersAndComesBackAfterABackoff(): void {
		$e = new ReplicationException('The mirror drive is full', ReplicationException::FULL, 5000, ['needed' => 5000, 'free' => 10]);
		$this->items->expects($this->once())->method('fail')->with(7, $this->claims->workerId, 'full', 5000,
			$this->callback(static fn (int $next): bool => $next >= self::NOW + 216 && $next <= self::NOW + 264), // third attempt: about 4 minutes
			['needed' => 5000, 'free' => 10], self::NOW); // failing since now, unless it failed before
		$this->claims->fail($this->itemWithId(7, 2), $e);
	}

	public function testAnInterruptedItemKeepsTheWorkersNameAndAReleasedOneDoesNot(): void {
		$calls = [];
		$this->items->method('release')->willReturnCallback(static function (int $id, string $worker, ?int $next, bool $interrupted = false) use (&$calls): void {
			$calls[] = [$id, $next, $interrupted];
		});
		$this->claims->interrupt($this->itemWithId(1));
		$this->claims->release($this->itemWithId(2));
		$this->assertSame([[1, null, true], [2, null, false]], $calls);
	}

	public function testBackoffGrowsFromAMinuteToSixHours(): void {
		$this->assertEqualsWithDelta(60, $this->claims->backoff(1), 6);
		$this->assertEqualsWithDelta(120, $this->claims->backoff(2), 12);
		$this->assertEqualsWithDelta(6 * 3600, $this->claims->backoff(30), 6 * 360);
	}
}
