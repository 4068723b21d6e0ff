<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Status\FileStatusService;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCP\Files\FileInfo;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\TestCase;

/**
 * The badge a user sees while an offline drive rests away from the server: it is behind by design.
 */
class FileStatusServiceTest extends TestCase {
	use Fixtures;

	/** @var list<Target> */
	private array $enabled = [];

	private function service(?ExternalMounts $externalMounts = null, ?ReplicaMapper $replicas = null): FileStatusService {
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturnCallback(fn (): array => $this->enabled);
		return new FileStatusService($targets, $replicas ?? $this->createMock(ReplicaMapper::class), $this->createMock(QueueReader::class),
			$this->createMock(FileCacheReader::class), $externalMounts ?? $this->createMock(ExternalMounts::class));
	}

	/** A file of a folder listing, on an external storage (not a home storage). */
	private function externalFile(int $id): FileInfo {
		$storage = $this->createMock(IStorage::class);
		$storage->method('instanceOfStorage')->willReturn(false);
		$info = $this->createMock(FileInfo::class);
		$info->method('getId')->willReturn($id);
		$info->method('getType')->willReturn(FileInfo::TYPE_FILE);
		$info->method('getEtag')->willReturn('etag-' . $id);
		$info->method('getInternalPath')->willReturn('Photos/' . $id . '.jpg');
		$info->method('getStorage')->willReturn($storage);
		return $info;
	}

	public function testTheBadgeOfAnExternalStoragesFileFollowsItsMode(): void {
		$this->enabled = [self::target(1, 'USB')];
		$off = $this->externalFile(1);
		$shared = $this->externalFile(2);
		$copied = $this->externalFile(3);
		$elsewhere = $this->externalFile(4); // a share from someone's home, say: no record, no badge
		$dads = $this->externalFile(5); // "users", mounted for dad: part of his files
		$others = $this->externalFile(6); // "users", mounted for others (seen through a share, say): not his to see as mirrored
		$mounts = $this->createMock(ExternalMounts::class);
		$mounts->method('storageBehind')->willReturnCallback(static fn (FileInfo $info): ?ExternalStorage => match ($info) {
			$off => new ExternalStorage(3, 'Old', 'local', 'Old (external storage)', ExternalStorage::OFF, 1),
			$shared, $copied => new ExternalStorage(4, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::SHARED, 1),
			$dads => new ExternalStorage(5, 'Dad', 'local', 'Dad (external storage)', ExternalStorage::USERS, 2),
			$others => new ExternalStorage(6, 'Scans', 'local', 'Scans (external storage)', ExternalStorage::USERS, 1),
			default => null,
		});
		$mounts->method('whoseCopy')->willReturnCallback(static fn (ExternalStorage $s, FileInfo $info, string $viewer): ?string => match ($s->id) {
			4 => $s->owner,
			5 => $viewer,
			default => null,
		});
		$replicas = $this->createMock(ReplicaMapper::class);
		// a copy of the file of the storage switched off waits for the reconcile: no badge all the same
		$replicas->method('findByFileIds')->willReturn([self::replica(1, 1, 'etag-1'), self::replica(3, 1, 'etag-3'), self::replica(6, 1, 'etag-6')]);

		$this->assertSame([2 => 'pending', 3 => 'replicated', 5 => 'pending'], $this->service($mounts, $replicas)->badgeStates([$off, $shared, $copied, $elsewhere, $dads, $others], 'dad'),
			'on a storage mirrored once or as part of its user\'s files, a file not copied yet is pending, as in a home');
	}

	public function testOnAStorageMirroredForEachOfItsUsersEachSeesTheStateOfTheirOwnCopy(): void {
		$this->enabled = [self::target(1, 'USB')];
		$file = $this->externalFile(5);
		$mounts = $this->createMock(ExternalMounts::class);
		$mounts->method('storageBehind')->willReturn(new ExternalStorage(5, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::USERS, 2));
		// guest sees the file through a share of dad's: dad's view of the storage, so dad's copy
		$mounts->method('whoseCopy')->willReturnCallback(static fn (ExternalStorage $s, FileInfo $info, string $user): ?string => match ($user) {
			'guest' => 'dad',
			'dad', 'mom', 'kid' => $user,
			default => null,
		});
		$dads = self::replica(5, 1, 'etag-5');
		$dads->setUserId('dad');
		$moms = self::replica(5, 1, 'etag-before'); // her copy is of the content before the last change
		$moms->setUserId('mom');
		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('findByFileIds')->willReturn([$dads, $moms]);
		$queue = $this->createMock(QueueReader::class);
		$kids = self::item(5, 1, 'no room');
		$kids->setUserId('kid');
		$queue->method('fileItems')->willReturn([$kids]);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturnCallback(fn (): array => $this->enabled);
		$service = new FileStatusService($targets, $replicas, $queue, $this->createMock(FileCacheReader::class), $mounts);

		$this->assertSame([5 => 'replicated'], $service->badgeStates([$file], 'dad'));
		$this->assertSame([5 => 'pending'], $service->badgeStates([$file], 'mom'));
		$this->assertSame([5 => 'failed'], $service->badgeStates([$file], 'kid'), 'his copy failed: not dad\'s nor mom\'s');
		$this->assertSame([5 => 'replicated'], $service->badgeStates([$file], 'guest'), 'a recipient of dad\'s share sees dad\'s copy');
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
