<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\FileStatusService;
use OCA\Mirror\Status\PersonalStatusService;
use OCA\Mirror\Status\StatusService;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\ServerApps;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\TestCase;

class PersonalStatusServiceTest extends TestCase {
	use Fixtures;

	public static function setUpBeforeClass(): void {
		ServerApps::register();
	}

	public function testTotalsPerEnabledTargetByNameWithTheOldestPendingFile(): void {
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive'), self::target(3, 'NFS share')]);
		$status = $this->createMock(StatusService::class);
		$status->expects($this->once())->method('users')->with(['alice'])->willReturn([
			['userId' => 'alice', 'displayName' => 'Alice', 'targetId' => 1, 'files' => 10, 'replicated' => 7, 'pending' => 2, 'failed' => 1, 'bytes' => 700, 'lastReplicatedAt' => 1_700_000_500],
			['userId' => 'alice', 'displayName' => 'Alice', 'targetId' => 2, 'files' => 10, 'replicated' => 0, 'pending' => 0, 'failed' => 0, 'bytes' => 0, 'lastReplicatedAt' => null], // disabled
			['userId' => 'alice', 'displayName' => 'Alice', 'targetId' => 3, 'files' => 10, 'replicated' => 10, 'pending' => 0, 'failed' => 0, 'bytes' => 1000, 'lastReplicatedAt' => 1_700_000_400],
		]);
		$queue = $this->createMock(QueueReader::class);
		$queue->expects($this->once())->method('oldestPending')->with('alice', 1)->willReturn(self::item(42, 1));
		$resolver = $this->createMock(SourceResolver::class);
		$resolver->method('file')->with('alice', 42)
			->willReturn(new SourceFile(42, 'alice', 'Photos/IMG_1.jpg', 10, 1, 'e', $this->createMock(IStorage::class), 'files/Photos/IMG_1.jpg', false));

		$service = new PersonalStatusService(
			$status,
			new FileStatusService($targets, $this->createMock(ReplicaMapper::class), $this->createMock(QueueReader::class), $this->createMock(FileCacheReader::class), $this->createMock(ExternalMounts::class)),
			$queue,
			$resolver,
		);

		$this->assertSame(['targets' => [
			['id' => 1, 'name' => 'USB drive', 'files' => 10, 'replicated' => 7, 'pending' => 2, 'failed' => 1, 'bytes' => 700, 'lastReplicatedAt' => 1_700_000_500,
				'oldestPending' => ['fileId' => 42, 'path' => 'Photos/IMG_1.jpg', 'since' => 1_700_000_000]],
			['id' => 3, 'name' => 'NFS share', 'files' => 10, 'replicated' => 10, 'pending' => 0, 'failed' => 0, 'bytes' => 1000, 'lastReplicatedAt' => 1_700_000_400,
				'oldestPending' => null],
		]], $service->forUser('alice'));
	}
}
