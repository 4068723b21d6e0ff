<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\IntegrationRunner;

use OCA\Mirror\Tests\Integration\Harness\Ports;
use PHPUnit\Framework\TestCase;

/** The integration harness's ports: the parallel shards of a run share one registry and never get the same port. */
final class PortsTest extends TestCase {
	private string $registry;

	protected function setUp(): void {
		$this->registry = (string)tempnam(sys_get_temp_dir(), 'ports-test-');
		putenv('MIRROR_IT_PORTS=' . $this->registry);
	}

	protected function tearDown(): void {
		putenv('MIRROR_IT_PORTS');
		@unlink($this->registry);
	}

	public function testEveryPortIsRecordedAndNoneIsGivenTwice(): void {
		$ports = [];
		for ($i = 0; $i < 40; $i++) {
			$ports[] = Ports::free();
		}
		$this->assertCount(40, array_unique($ports));
		$this->assertSame($ports, array_map('intval', file($this->registry, FILE_IGNORE_NEW_LINES)));
		foreach ($ports as $port) {
			$this->assertGreaterThan(0, $port);
			$socket = @stream_socket_server('tcp://127.0.0.1:' . $port);
			$this->assertNotFalse($socket, "port $port is free to bind");
			fclose($socket);
		}
	}

	public function testWhenEveryPortTheKernelHandsOutIsRecordedNoneIsGiven(): void {
		// other shards hold every port of the range the kernel picks a free one from
		[$low, $high] = array_map('intval', preg_split('/\s+/', trim((string)file_get_contents('/proc/sys/net/ipv4/ip_local_port_range'))));
		file_put_contents($this->registry, implode("\n", range($low, $high)) . "\n");
		$this->expectExceptionMessage('No free port that this run has not given out already');
		Ports::free();
	}
}
