<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Status\FileStatusService;
use OCA\Mirror\Tests\Unit\Fixtures;
use PHPUnit\Framework\TestCase;

/**
 * The badge a user sees while an offline drive rests away from the server: it is behind by design.
 */
class FileStatusServiceTest extends TestCase {
	use Fixtures;

	/** @var list<Target> */
	private array $enabled = [];

	private function service(): FileStatusService {
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturnCallback(fn (): array => $this->enabled);
		return new FileStatusService($targets, $this->createMock(ReplicaMapper::class), $this->createMock(QueueReader::class),
			$this->createMock(FileCacheReader::class));
	}

	private function offlineDrive(int $id, ?int $presentSince): Target {
		$target = self::target($id, 'Away');
		$target->setOfflineDrive(true);
		$target->setPresentSince($presentSince);
		return $target;
	}

	public function testARestingOfflineDriveDoesNotKeepAFileBackedUpElsewherePending(): void {
		$on = [1 => ['state' => 'replicated'], 2 => ['state' => 'none']];
		$this->enabled = [self::target(1, 'USB'), $this->offlineDrive(2, null)];
		$this->assertSame('replicated', $this->service()->overallOf($on));

		$this->enabled = [self::target(1, 'USB'), $this->offlineDrive(2, 1_700_000_000)];
		$this->assertSame('pending', $this->service()->overallOf($on), 'plugged in, it is caught up like any target');
	}

	public function testAFailureOnARestingDriveStillShows(): void {
		$this->enabled = [self::target(1, 'USB'), $this->offlineDrive(2, null)];
		$this->assertSame('failed', $this->service()->overallOf([1 => ['state' => 'replicated'], 2 => ['state' => 'failed']]));
	}

	public function testWithOnlyRestingDrivesANewFileIsNotBackedUpYet(): void {
		$this->enabled = [$this->offlineDrive(2, null)];
		$this->assertSame('pending', $this->service()->overallOf([2 => ['state' => 'none']]));
		$this->assertSame('replicated', $this->service()->overallOf([2 => ['state' => 'replicated']]));
	}
}
