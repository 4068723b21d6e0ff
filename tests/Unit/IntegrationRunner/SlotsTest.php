<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\IntegrationRunner;

use OCA\Mirror\Tests\Integration\Runner\Slots;
use PHPUnit\Framework\TestCase;

/** How many classes a parallel integration run runs at once when MIRROR_IT_JOBS does not say. */
final class SlotsTest extends TestCase {
	private const GB = 1024 * 1024 * 1024;

	public function testOneMoreThanTheCoresWhenTheMemoryHoldsThem(): void {
		$this->assertSame(3, Slots::default(2, 24 * self::GB), 'CI: 2 cores, 24 GB');
		$this->assertSame(9, Slots::default(8, 64 * self::GB));
		$this->assertSame(3, Slots::default(2, null), 'memory unknown: the cores alone');
	}

	public function testNoMoreThanTheAvailableMemoryHoldsAndNeverNone(): void {
		$this->assertSame(2, Slots::default(8, 5 * self::GB), '2 GB a process');
		$this->assertSame(1, Slots::default(4, self::GB), 'short of memory: one at a time, not none');
		$this->assertSame(2, Slots::default(0, null), 'no cores reported: counted as one');
	}
}
