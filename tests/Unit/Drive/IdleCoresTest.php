<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\IdleCores;
use PHPUnit\Framework\TestCase;

class IdleCoresTest extends TestCase {
	private string $proc;

	protected function setUp(): void {
		$this->proc = sys_get_temp_dir() . '/mirror-idle-' . bin2hex(random_bytes(4));
		mkdir($this->proc . '/self', 0700, true);
	}

	protected function tearDown(): void {
		@unlink($this->proc . '/self/status');
		@unlink($this->proc . '/stat');
		@rmdir($this->proc . '/self');
		@rmdir($this->proc);
	}

	public function testCountsTheCpusOfAnAffinityList(): void {
		$this->assertSame(1, IdleCores::count('0'));
		$this->assertSame(2, IdleCores::count('0-1'));
		$this->assertSame(5, IdleCores::count('0-3,6'));
		$this->assertSame(1, IdleCores::count('garbage'), 'unreadable: one CPU, so no second worker');
	}

	public function testTheCpusAllowedComeFromTheProcessStatus(): void {
		$cores = new IdleCores($this->proc);
		$this->assertSame(1, $cores->allowed(), 'no status: one');
		file_put_contents($this->proc . '/self/status', "Name:\tphp\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n");
		$this->assertSame(2, $cores->allowed());
		file_put_contents($this->proc . '/self/status', "Cpus_allowed_list:\t0\n"); // taskset -c 0
		$this->assertSame(1, $cores->allowed());
	}

	public function testIdleCoresBetweenTwoSamplesCountIoWaitAsIdle(): void {
		$cores = new IdleCores($this->proc);
		$this->assertNull($cores->sample());
		file_put_contents($this->proc . '/stat', "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\ncpu1 50 0 50 350 50 0 0 0 0 0\nintr 1\n");
		$before = $cores->sample();
		$this->assertSame([800, 1000, 2], $before);
		// 200 ticks later: 60 busy, 120 idle, 20 waiting for I/O (of the 2 CPUs' 200)
		file_put_contents($this->proc . '/stat', "cpu  130 0 130 820 120 0 0 0 0 0\ncpu0 1 0 1 1 1 0 0 0 0 0\ncpu1 1 0 1 1 1 0 0 0 0 0\n");
		$this->assertEqualsWithDelta(1.4, IdleCores::between($before, $cores->sample()), 1e-9);
		$this->assertSame(0.0, IdleCores::between(null, $before), 'nothing known: none idle');
		$this->assertSame(0.0, IdleCores::between($before, $before), 'no time went by: none idle');
	}
}
