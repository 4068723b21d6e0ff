<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Replication\TokenBucket;
use PHPUnit\Framework\TestCase;

/**
 * The scheduled check's throttle, on a clock of its own: reads of any size come out at the rate.
 */
class TokenBucketTest extends TestCase {
	private float $now = 100.0;
	/** @var list<float> */
	private array $slept = [];

	private function bucket(int $rate): TokenBucket {
		return new TokenBucket($rate,
			fn (): float => $this->now,
			function (float $seconds): void {
				$this->slept[] = $seconds;
				$this->now += $seconds;
			});
	}

	public function testReadsComeOutAtTheRateFromTheStart(): void {
		$bucket = $this->bucket(1000);
		for ($i = 0; $i < 10; $i++) {
			$bucket->take(500);
		}
		$this->assertEqualsWithDelta(5.0, $this->now - 100.0, 1e-9, '5,000 bytes at 1,000 a second: 5 s, no burst at the start');
	}

	public function testAPieceLargerThanASecondsWorthIsPaidForByTheNextRead(): void {
		$bucket = $this->bucket(1000);
		$bucket->take(3000); // waits for a full bucket, then owes 2,000
		$bucket->take(1);
		$this->assertEqualsWithDelta(3.001, $this->now - 100.0, 1e-9);
	}

	public function testTimeSpentElsewhereRefillsUpToOneSecondsWorth(): void {
		$bucket = $this->bucket(1000);
		$this->now += 60; // a minute of other work: only a second's worth is saved up
		$bucket->take(1000);
		$this->assertSame([], $this->slept);
		$bucket->take(1000);
		$this->assertEqualsWithDelta([1.0], $this->slept, 1e-9);
	}
}
