<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Replication\ManifestReader;
use PHPUnit\Framework\TestCase;

class ManifestReaderTest extends TestCase {
	private function reader(int $records): ManifestReader {
		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('countForUser')->willReturn($records);
		return new ManifestReader($this->createMock(DriveFactory::class), $replicas);
	}

	public function testTheCapFollowsTheRecordsOrIsTheCeilingWithoutThem(): void {
		$target = new Target();
		$target->setId(1);
		$this->assertSame(4096 * 3 + 1024 * 1024, $this->reader(3)->cap($target, 'alice'));
		$this->assertSame(4096 * 1_000_000 + 1024 * 1024, $this->reader(1_000_000)->cap($target, 'alice'));
		$this->assertSame(64 * 1024 * 1024, $this->reader(0)->cap($target, 'alice'), 'a rebuilt server');
		$this->assertSame(256 * 1024 * 1024, $this->reader(0)->cap($target, 'alice', 256 * 1024 * 1024), 'raised');
		$this->assertSame(4096 * 1_000_000 + 1024 * 1024, $this->reader(1_000_000)->cap($target, 'alice', 1024 * 1024), 'raised, never lowered');
	}

	public function testTheLimitOptionIsWholeMebibytes(): void {
		$this->assertNull(ManifestReader::limitOption(null));
		$this->assertSame(256 * 1024 * 1024, ManifestReader::limitOption('256'));
		foreach (['0', '-5', '1.5', '64M', '', 'lots'] as $bad) {
			try {
				ManifestReader::limitOption($bad);
				$this->fail('accepted "' . $bad . '"');
			} catch (\InvalidArgumentException $e) {
				$this->assertStringContainsString('--manifest-limit must be a size in MiB', $e->getMessage());
			}
		}
	}
}
