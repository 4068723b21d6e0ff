<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\ManifestChanges;
use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\StagedCopy;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\Claims;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\QueueItemMapper;
use OCA\Mirror\Replication\Handlers;
use OCA\Mirror\Replication\ManifestService;
use OCA\Mirror\Replication\Replicator;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Replication\Worker;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Trash\SpaceGuard;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

/**
 * The worker with its real claims over a mocked queue table; the handlers and the replicator mocked.
 */
class WorkerTest extends TestCase {
	private QueueItemMapper&MockObject $queue;
	private Drive&MockObject $drive;
	private Replicator&MockObject $replicator;
	private Handlers&MockObject $handlers;
	private Claims $claims;
	private Worker $processor;
	/** @var array<int, QueueItem> */
	private array $pending = [];
	private Target $target;

	protected function setUp(): void {
		$this->queue = $this->createMock(QueueItemMapper::class);
		$targets = $this->createMock(TargetMapper::class);
		$this->target = new Target();
		$this->target->setId(1);
		$this->target->setName('USB');
		$targets->method('findEnabled')->willReturn([$this->target]);
		$this->drive = $this->createMock(Drive::class);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->with($this->target)->willReturn($this->drive);
		$this->replicator = $this->createMock(Replicator::class);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1000000);
		$this->handlers = $this->createMock(Handlers::class);
		$this->claims = new Claims($this->queue, $time);
		$this->processor = new Worker($this->claims, $this->handlers, $this->replicator, $targets, $drives, $this->createMock(LoggerInterface::class), $this->createMock(SpaceGuard::class), $this->createMock(ManifestService::class), new ThisNode(), $this->createMock(NodeHeartbeats::class), $this->createMock(ManifestChanges::class));
	}

	/**
	 * With several web servers, a drive plugged into another one is not this worker's: none of its
	 * items is claimed, its drive is not even looked at; and the worker tells it ran on this node.
	 */
	public function testTheDriveOfAnotherNodeIsLeftToThatNode(): void {
		$this->target->setNode('not-' . (new ThisNode())->name());
		$this->drive->expects($this->never())->method('state');
		$this->queue->expects($this->never())->method('findDue');
		$heartbeats = $this->createMock(NodeHeartbeats::class);
		$heartbeats->expects($this->once())->method('beat')->with((new ThisNode())->name());
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([$this->target]);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($this->drive);
		$worker = new Worker($this->claims, $this->handlers, $this->replicator, $targets, $drives, $this->createMock(LoggerInterface::class), $this->createMock(SpaceGuard::class), $this->createMock(ManifestService::class), new ThisNode(), $heartbeats, $this->createMock(ManifestChanges::class));
		$result = $worker->run(5);
		$this->assertSame(0, $result->done);
		$this->assertSame([], $result->offlineTargets, 'another node\'s drive is not offline here');
	}

	/** Its own node's drive is worked on as before. */
	public function testTheDriveOfThisNodeIsWorkedOn(): void {
		$this->target->setNode((new ThisNode())->name());
		$this->online();
		$item = $this->item(1);
		$item->setTargetId(1);
		$this->due([$item]);
		$this->claimAll();
		$this->handlers->method('handle')->willReturn(false);
		$this->assertSame(1, $this->processor->run(5)->done);
	}

	private function item(int $id): QueueItem {
		$item = new QueueItem();
		$item->setId($id);
		$item->setFileId($id * 10);
		$item->setUserId('alice');
		$item->setAttempts(2);
		return $item;
	}

	private function online(): void {
		$this->drive->method('state')->willReturn(new TargetState(true, null, '/mnt/usb', 1 << 30, 1 << 31));
	}

	/**
	 * @param list<QueueItem> $items
	 */
	private function due(array $items): void {
		foreach ($items as $item) {
			$this->pending[$item->getId()] = $item;
		}
		// like the table: done and failed (backed-off) items are no longer due
		$this->queue->method('findDue')->willReturnCallback(fn (int $t, int $now, int $stale, int $limit, ?int $free, int $after = 0): array => array_slice(array_values(array_filter($this->pending, fn (QueueItem $i): bool => $i->getId() > $after)), 0, $limit));
		$this->queue->method('complete')->willReturnCallback(function (QueueItem $i): bool {
			unset($this->pending[$i->getId()]);
			return true;
		});
		$this->queue->method('completeMany')->willReturnCallback(function (array $items): array {
			foreach ($items as $i) {
				unset($this->pending[$i->getId()]);
			}
			return [];
		});
	}

	/** Every item offered is claimed (one UPDATE for the lot). */
	private function claimAll(): void {
		$this->queue->method('claimMany')->willReturnCallback(fn (array $ids): array => $ids);
	}

	/**
	 * A run of 120 items (three batches): with the default interval the manifest is written once, at
	 * the end; with no interval, after each batch (and nothing is left for the end).
	 */
	public function testManifestsAreRewrittenAfterABatchOnlyOnceTheIntervalWentBy(): void {
		$this->online();
		$item = function (int $id): QueueItem {
			$item = $this->item($id);
			$item->setTargetId(1);
			return $item;
		};
		$this->due(array_map($item, range(1, 120)));
		$this->claimAll();
		$this->handlers->method('handle')->willReturn(false);
		$writes = [];
		foreach ([Worker::MANIFEST_EVERY, 0.0] as $every) {
			$manifests = $this->createMock(ManifestService::class);
			$manifests->method('refresh')->willReturnCallback(function (Target $t, string $uid) use (&$writes, $every): int {
				$writes[(string)$every][] = $uid;
				return 1;
			});
			$targets = $this->createMock(TargetMapper::class);
			$targets->method('findEnabled')->willReturn([$this->target]);
			$drives = $this->createMock(DriveFactory::class);
			$drives->method('forTarget')->willReturn($this->drive);
			$worker = new Worker($this->claims, $this->handlers, $this->replicator, $targets, $drives, $this->createMock(LoggerInterface::class), $this->createMock(SpaceGuard::class), $manifests, new ThisNode(), $this->createMock(NodeHeartbeats::class), $this->createMock(ManifestChanges::class), $every);
			foreach (range(1, 120) as $id) {
				$this->pending[$id] = $item($id);
			}
			$this->assertSame(120, $worker->run(30)->done);
		}
		$this->assertSame(['60' => ['alice'], '0' => ['alice', 'alice', 'alice']], $writes);
	}

	/**
	 * A run killed after it changed records and before it wrote their manifests left notes
	 * (ManifestChanges): the next run writes those manifests, though it has nothing else to do; not
	 * while the drive is unplugged.
	 */
	public function testTheManifestsAKilledRunLeftUnwrittenAreWrittenByTheNextRun(): void {
		foreach ([true, false] as $online) {
			$drive = $this->createMock(Drive::class);
			$drive->method('state')->willReturn(new TargetState($online, $online ? null : TargetState::NOT_FOUND, '/mnt/usb', 1 << 30, 1 << 31));
			$drives = $this->createMock(DriveFactory::class);
			$drives->method('forTarget')->willReturn($drive);
			$targets = $this->createMock(TargetMapper::class);
			$targets->method('findEnabled')->willReturn([$this->target]);
			$notes = $this->createMock(ManifestChanges::class);
			$notes->method('users')->willReturn([1 => ['bob' => true], 7 => ['carol' => true]]); // target 7: not here
			$manifests = $this->createMock(ManifestService::class);
			$manifests->expects($online ? $this->once() : $this->never())->method('refresh')->with($this->target, 'bob')->willReturn(3);
			$worker = new Worker($this->claims, $this->handlers, $this->replicator, $targets, $drives, $this->createMock(LoggerInterface::class), $this->createMock(SpaceGuard::class), $manifests, new ThisNode(), $this->createMock(NodeHeartbeats::class), $notes);
			$this->assertSame(0, $worker->run(5)->done);
		}
	}

	public function testClaimsABatchWithOneUpdateAndSkipsWhatAnotherWorkerHolds(): void {
		$this->online();
		$this->due([$this->item(1), $this->item(2)]);
		$this->queue->expects($this->once())->method('claimMany')->with([1, 2])->willReturnCallback(function (array $ids): array {
			unset($this->pending[2]); // another worker holds it: no longer due for us
			return [1];
		});
		$this->handlers->expects($this->once())->method('handle')->willReturn(false);
		$result = $this->processor->run(5);
		$this->assertSame(1, $result->done);
	}

	public function testStagedCopiesArePutInPlaceAndRecordedTogether(): void {
		$this->online();
		$items = [$this->item(1), $this->item(2), $this->item(3)];
		$this->due($items);
		$this->claimAll();
		$this->handlers->expects($this->exactly(3))->method('handle')->willReturn(true); // each copy waits in the batch
		$this->replicator->expects($this->once())->method('flush')->willReturnCallback(function ($batch, callable $complete) use ($items): array {
			$complete($items); // inside the transaction that records the copies
			return [[$items[0], null], [$items[1], new ReplicationException('The mirror drive\'s filesystem refuses this name', ReplicationException::NAME)], [$items[2], null]];
		});
		$this->queue->expects($this->once())->method('fail')->with(2, $this->anything(), 'name', null, $this->anything())
			->willReturnCallback(function (int $id): void {
				unset($this->pending[$id]);
			});
		$result = $this->processor->run(5);
		$this->assertSame(2, $result->done);
		$this->assertSame(1, $result->failed);
	}

	public function testAFailureIsRecordedWithBackoffAndDoesNotStopTheOthers(): void {
		$this->online();
		$this->due([$this->item(1), $this->item(2)]);
		$this->claimAll();
		$this->handlers->method('handle')->willReturnCallback(function (QueueItem $item): bool {
			if ($item->getId() === 1) {
				throw new ReplicationException('The mirror drive is full', ReplicationException::FULL, 123);
			}
			return false;
		});
		$this->queue->expects($this->once())->method('fail')->willReturnCallback(function (int $id): void {
			unset($this->pending[$id]);
		})->with(1, $this->anything(), 'full', 123,
			$this->callback(fn (int $next): bool => $next >= 1000000 + 216 && $next <= 1000000 + 264)); // third attempt: ~4 minutes
		$result = $this->processor->run(5);
		$this->assertSame(1, $result->failed);
		$this->assertSame(1, $result->done);
	}

	public function testOfflineTargetIsNotTouched(): void {
		$this->drive->method('state')->willReturn(new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'));
		$this->queue->expects($this->never())->method('findDue');
		$this->queue->expects($this->never())->method('claimMany');
		$result = $this->processor->run(5);
		$this->assertSame([1 => TargetState::MARKER_MISSING], array_map(static fn (TargetState $s): ?string => $s->reason, $result->offlineTargets));
	}

	public function testTargetGoingOfflineMidwayReleasesEverythingWithoutUsingAnAttempt(): void {
		$this->online();
		$this->due([$this->item(1), $this->item(2), $this->item(3)]);
		$this->claimAll();
		$this->handlers->method('handle')->willReturnCallback(function (QueueItem $item, Work $work): bool {
			if ($item->getId() === 2) {
				throw new TargetOfflineException(new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'));
			}
			// item 1's copy waits in the batch
			$work->batch->add($item, new StagedCopy('alice', 'a.jpg', '/nowhere', '/nowhere/a.jpg', '/nowhere/.mirror-x.part', null, 0, 0644, 1, 'sha', 1),
				new SourceFile(10, 'alice', 'a.jpg', 1, 1, 'etag', $this->createMock(IStorage::class), 'files/a.jpg', false), null);
			return true;
		});
		$this->drive->expects($this->once())->method('discard'); // its temporary file goes
		$this->replicator->expects($this->never())->method('flush');
		$released = [];
		$this->queue->method('release')->willReturnCallback(function (int $id, string $worker, ?int $next, bool $interrupted) use (&$released): void {
			$released[$id] = $interrupted;
		});
		$this->queue->expects($this->never())->method('fail');
		$result = $this->processor->run(5);
		$this->assertSame(3, $result->deferred);
		// the staged copy, the item that met the unplugged drive, and the one not started: all wait for the drive,
		// marked interrupted so that the next worker clears any temporary file left behind
		$this->assertSame([1 => true, 2 => true, 3 => true], $released);
	}

	public function testClaimsOfAWorkerKilledOnThisMachineAreFreedAtOnce(): void {
		$host = substr(gethostname() ?: 'host', 0, 30);
		$child = proc_open(['true'], [], $pipes);
		$deadPid = proc_get_status($child)['pid'];
		proc_close($child);
		$dead = $host . ':' . $deadPid . ':aaaa0000';
		$alive = $host . ':' . getmypid() . ':bbbb0000';
		$elsewhere = 'other-host:' . $deadPid . ':cccc0000';
		$this->queue->method('findClaimants')->willReturn([$dead, $alive, $elsewhere]);
		$released = [];
		$this->queue->method('releaseWorker')->willReturnCallback(function (string $worker) use (&$released): int {
			$released[] = $worker;
			return 1;
		});
		$this->assertSame(1, $this->claims->releaseDeadWorkers());
		$this->assertSame([$dead], $released);
	}

	public function testAnIoErrorBecauseTheDriveWasPulledOutUsesNoAttempt(): void {
		$this->drive->method('state')->willReturnOnConsecutiveCalls(
			new TargetState(true, null, '/mnt/usb', 1 << 30, 1 << 31),
			new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'),
		);
		$this->due([$this->item(1)]);
		$this->claimAll();
		$this->handlers->method('handle')->willThrowException(new ReplicationException('Could not read .mirror-x.part: No such file or directory'));
		$this->queue->expects($this->once())->method('release')->with(1, $this->anything(), null, true);
		$this->queue->expects($this->never())->method('fail');
		$result = $this->processor->run(5);
		$this->assertSame(1, $result->deferred);
		$this->assertSame([1 => TargetState::MARKER_MISSING], array_map(static fn (TargetState $s): ?string => $s->reason, $result->offlineTargets));
	}
}
