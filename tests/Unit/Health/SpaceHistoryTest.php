<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Health\SpaceHistory;
use PHPUnit\Framework\TestCase;

class SpaceHistoryTest extends TestCase {
	use MemoryAppConfig;

	private const DAY = 86400;
	private const GB = 1024 ** 3;

	public function testDaysLeftAtTheRateOfTheLastWeek(): void {
		$history = new SpaceHistory($this->memoryAppConfig());
		$start = 1_800_000_000;
		// 100 GB free, 2 GB a day written
		for ($day = 0; $day <= 7; $day++) {
			$history->record(1, 100 * self::GB - $day * 2 * self::GB, $start + $day * self::DAY);
		}
		$now = $start + 7 * self::DAY;
		$this->assertSame(43, $history->daysLeft(1, 86 * self::GB, $now), '86 GB at 2 GB a day');
		$this->assertNull($history->daysLeft(2, 86 * self::GB, $now), 'another drive has no history');
	}

	public function testNoGuessFromLessThanADayOrFromADriveThatIsNotFilling(): void {
		$history = new SpaceHistory($this->memoryAppConfig());
		$history->record(1, 100 * self::GB, 1_800_000_000);
		$this->assertNull($history->daysLeft(1, 90 * self::GB, 1_800_000_000 + 3600), 'an hour says too little');
		$this->assertNull($history->daysLeft(1, 120 * self::GB, 1_800_000_000 + 3 * self::DAY), 'space was freed');
	}

	public function testOneSampleAnHourAndNothingOlderThanEightDaysIsKept(): void {
		$history = new SpaceHistory($this->memoryAppConfig());
		for ($hour = 0; $hour < 24 * 10 * 4; $hour++) { // every 15 minutes for 10 days
			$history->record(1, 1000, 1_800_000_000 + $hour * 900);
		}
		$samples = json_decode($this->appConfigValues['health_space_history'], true)[1];
		$this->assertLessThanOrEqual(8 * 24 + 1, count($samples));
		$this->assertGreaterThanOrEqual(8 * 24 - 1, count($samples));
	}
}
