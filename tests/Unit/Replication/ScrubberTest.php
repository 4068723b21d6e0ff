<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Health\ScrubSettings;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Scrubber;
use OCA\Mirror\Replication\TokenBucket;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\Health\MemoryAppConfig;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * What the scheduled check decides: when a pass is due, what a damaged copy gets (copied again from
 * Nextcloud, or kept and named when Nextcloud's file does not match either), what feeds the health check.
 */
class ScrubberTest extends TestCase {
	use Fixtures;
	use MemoryAppConfig;

	private const NOW = 1_800_000_000;

	private const YANKED = 'f9.jpg';

	private Target $target;
	private bool $online = true;
	/** @var list<Replica> */
	private array $records = [];
	/** @var array<string, string|null> what the drive reads back, by path (null: missing) */
	private array $onDrive = [];
	/** @var array<int, string> the bytes of the files in Nextcloud, by file id */
	private array $inNextcloud = [];
	private ReplicaMapper&MockObject $replicas;
	private WorkQueue&MockObject $queue;
	private DriveFactory&MockObject $drives;
	private HealthStore $health;
	private Scrubber $scrubber;

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$this->target = self::target(1, 'USB');
		$this->target->setCreatedAt(self::NOW - 86400);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturnCallback(fn (): array => [$this->target]);
		$targets->method('update')->willReturnArgument(0);
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->replicas->method('findAfter')->willReturnCallback(fn (int $targetId, int $after, int $limit): array => array_values(array_slice(
			array_filter($this->records, static fn (Replica $r): bool => $r->getId() > $after), 0, $limit)));
		$drive = $this->createMock(Drive::class);
		$drive->method('state')->willReturnCallback(fn (): TargetState => $this->online ? new TargetState(true, null, 'Online.') : new TargetState(false, TargetState::NOT_FOUND, 'unplugged'));
		$drive->method('recheck')->willReturnCallback(function (string $userId, string $path, ?string $drivePath, int $size, callable $onRead): ?string {
			if ($path === self::YANKED) {
				$this->online = false;
				throw new ReplicationException('Could not read ' . $path, ReplicationException::IO);
			}
			$bytes = $this->onDrive[$path] ?? null;
			if ($bytes !== null) {
				$onRead(strlen($bytes));
			}
			return $bytes === null ? null : hash('sha256', $bytes);
		});
		$this->drives = $this->createMock(DriveFactory::class);
		$this->drives->method('forTarget')->willReturn($drive);
		$resolver = $this->createMock(SourceResolver::class);
		$resolver->method('file')->willReturnCallback(function (string $userId, int $fileId): ?SourceFile {
			$storage = $this->createMock(IStorage::class);
			$storage->method('fopen')->willReturnCallback(function () use ($fileId) {
				$stream = fopen('php://memory', 'r+b');
				fwrite($stream, $this->inNextcloud[$fileId]);
				rewind($stream);
				return $stream;
			});
			return new SourceFile($fileId, $userId, 'f' . $fileId . '.jpg', 5, 1000, 'etag' . $fileId, $storage, 'files/f' . $fileId . '.jpg', false);
		});
		$this->queue = $this->createMock(WorkQueue::class);
		$this->health = new HealthStore($config);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(self::NOW);
		$this->scrubber = new Scrubber($targets, $this->replicas, $this->drives, $resolver, $this->queue, $this->health, new ScrubSettings($config), $time);
	}

	/** A record of a 5-byte file as written, and the same bytes in Nextcloud and on the drive. */
	private function copy(int $fileId, string $bytes = 'photo'): Replica {
		$replica = self::replica($fileId, 1, 'etag' . $fileId, 5);
		$replica->setId($fileId);
		$replica->setUserId('alice');
		$replica->setPath('f' . $fileId . '.jpg');
		$replica->setMtime(1000);
		$replica->setChecksum(hash('sha256', $bytes));
		$this->records[] = $replica;
		$this->onDrive[$replica->getPath()] = $bytes;
		$this->inNextcloud[$fileId] = $bytes;
		return $replica;
	}

	/** @return array{checked: int, bytes: int, bad: int, finished: bool, seconds: float}|null */
	private function scrub(): ?array {
		return $this->scrubber->run(microtime(true) + 60, new TokenBucket(1_000_000, static fn (): float => 0.0, static function (float $s): void {
		}))[1] ?? null;
	}

	public function testAPassChecksEveryCopyAndSaysWhenItWasComplete(): void {
		$this->copy(1);
		$this->copy(2);
		$this->queue->expects($this->never())->method('enqueueFor');
		$this->assertSame([2, 10, 0, true], array_values(array_slice($this->scrub() ?? [], 0, 4)));
		$this->assertSame([null, self::NOW, 10, 0], [$this->target->getScrubCursor(), $this->target->getScrubbedAt(), $this->target->getScrubbedBytes(), $this->target->getScrubbedBad()]);
		$this->assertSame(['at' => self::NOW, 'damaged' => 0, 'by' => HealthStore::BY_SCRUB], $this->health->verifies()[1], 'a clean pass clears the damaged condition');
		$this->assertNull($this->scrub(), 'the next pass is due an interval after this one began');
	}

	public function testADamagedCopyIsCopiedAgainWhenNextcloudStillHoldsTheRecordedFile(): void {
		$this->copy(1);
		$bad = $this->copy(2);
		$this->onDrive['f2.jpg'] = 'phot0';
		$this->replicas->expects($this->once())->method('delete')->with($bad);
		$this->queue->expects($this->once())->method('enqueueFor')->with(1, 'alice', 2, QueueItem::KIND_FILE);
		$this->assertSame(1, $this->scrub()['bad'] ?? null);
		$this->assertSame(1, $this->health->verifies()[1]['damaged']);
		$this->assertSame([], $this->health->scrubConflicts());
	}

	public function testWhenNextcloudsFileDoesNotMatchTheRecordEitherNothingIsCopiedOverAndTheAdminIsToldWhich(): void {
		$this->copy(3);
		$this->onDrive['f3.jpg'] = 'phot0';
		$this->inNextcloud[3] = 'PHOTO';
		$this->replicas->expects($this->never())->method('delete');
		$this->queue->expects($this->never())->method('enqueueFor');
		$this->assertSame(1, $this->scrub()['bad'] ?? null);
		$this->assertSame([1 => ['alice/f3.jpg']], $this->health->scrubConflicts());
	}

	public function testAMissingCopyIsDamaged(): void {
		$this->copy(4);
		$this->onDrive['f4.jpg'] = null;
		$this->queue->expects($this->once())->method('enqueueFor');
		$this->assertSame(1, $this->scrub()['bad'] ?? null);
	}

	public function testAnOfflineDriveIsCheckedOnlyOnceItIsUpToDateAtAVisit(): void {
		$this->copy(1);
		$this->target->setOfflineDrive(true);
		$this->target->setPresentSince(self::NOW - 60); // plugged in, not caught up yet
		$this->drives->expects($this->never())->method('forTarget');
		$this->assertNull($this->scrub());
	}

	public function testACopyThatCannotBeReadBecauseTheDriveWentAwayIsNotDamagedAndThePassResumesLater(): void {
		$this->copy(1);
		$this->copy(9);
		$this->copy(10);
		$this->queue->expects($this->never())->method('enqueueFor');
		$done = $this->scrub();
		$this->assertSame([1, 0, false], [$done['checked'] ?? null, $done['bad'] ?? null, $done['finished'] ?? null]);
		$this->assertSame(1, $this->target->getScrubCursor(), 'it resumes at the copy it could not read');
		$this->assertArrayNotHasKey(1, $this->health->verifies());
	}
}
