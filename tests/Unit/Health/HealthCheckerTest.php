<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\Exports\WritableExports;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\HealthChecker;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Health\ScrubSettings;
use OCA\Mirror\Health\SpaceHistory;
use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\ItemPath;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCP\IGroupManager;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class HealthCheckerTest extends TestCase {
	use Fixtures;
	use MemoryAppConfig;

	private const NOW = 1_800_000_000;
	private const GB = 1024 ** 3;

	private TargetState $state;
	private bool $raceFree = true;
	private QueueReader&MockObject $queue;
	private HealthStore $store;
	private HealthChecker $checker;
	/** where the checker reads /etc/exports and smb.conf from */
	private string $etc;
	private Target $target;
	/** @var array<string, int> node => when its worker last ran */
	private array $nodesSeen = [];

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$this->etc = sys_get_temp_dir() . '/mirror-health-etc-' . bin2hex(random_bytes(4));
		$targets = $this->createMock(TargetMapper::class);
		$this->target = self::target(1, 'USB');
		$this->target->setScrubbedAt(self::NOW - 86400); // fully checked yesterday
		$targets->method('findEnabled')->willReturn([$this->target]);
		$drive = $this->createMock(Drive::class);
		$drive->method('state')->willReturnCallback(fn (): TargetState => $this->state);
		$drive->method('isRaceFree')->willReturnCallback(fn (): bool => $this->raceFree);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$this->queue = $this->createMock(QueueReader::class);
		$this->store = new HealthStore($config);
		$heartbeats = $this->createMock(NodeHeartbeats::class);
		$heartbeats->method('all')->willReturnCallback(fn (): array => $this->nodesSeen);
		$paths = $this->createMock(ItemPath::class);
		$paths->method('of')->willReturnCallback(static fn ($item): string => 'Photos/' . $item->getFileId() . '.jpg');
		$this->checker = new HealthChecker($targets, $drives, $this->queue, new HealthSettings($config, $this->createMock(IGroupManager::class)),
			$this->store, new SpaceHistory($config), $paths, new WritableExports($this->etc), new FailingFiles($this->queue),
			new ThisNode(), $heartbeats, new ScrubSettings($config));
		$this->online(500 * self::GB, 1000 * self::GB);
	}

	private function online(int $free, int $total): void {
		$this->state = new TargetState(true, null, '/mnt/usb', $free, $total);
	}

	/**
	 * @return list<string> the types found
	 */
	private function types(int $now = self::NOW): array {
		return array_values(array_map(static fn (Condition $c): string => $c->type, $this->checker->check($now)));
	}

	/**
	 * Several web servers: a drive plugged into another one is not mounted here. This server never
	 * judges it offline; what its own node found last stands; and when that node's worker has not run
	 * for an hour, that is the condition.
	 */
	public function testADriveOnAnotherNodeIsNeverOfflineHereOnlyItsSilentNodeIs(): void {
		$this->state = new TargetState(false, TargetState::NOT_FOUND, 'not mounted here');
		$this->target->setNode('node-a-' . (new ThisNode())->name());
		$this->target->setCreatedAt(self::NOW - 7200);
		$this->nodesSeen = ['node-a-' . (new ThisNode())->name() => self::NOW - 60];
		$this->assertSame([], $this->types(self::NOW), 'its node ran a minute ago');
		$this->assertSame([], $this->types(self::NOW + 3000), 'nor offline after the grace period');

		// what its node found (it is full) is kept as it was
		$full = new Condition(1, 'USB', Condition::FULL, self::NOW - 500, ['freeBytes' => 1, 'totalBytes' => 2]);
		$this->store->saveConditions([$full->key() => $full]);
		$conditions = $this->checker->check(self::NOW + 3000);
		$this->assertSame(['1:full'], array_keys($conditions));
		$this->assertSame(self::NOW - 500, $conditions['1:full']->since);

		$conditions = $this->checker->check(self::NOW + 3600);
		$this->assertSame(['1:full', '1:node_silent'], array_keys($conditions), 'an hour without its worker');
		$this->assertSame(self::NOW - 60, $conditions['1:node_silent']->since);
		$this->assertSame('node-a-' . (new ThisNode())->name(), $conditions['1:node_silent']->text('node'));
		$this->assertTrue($conditions['1:node_silent']->isError(), 'nothing reaches its drive');

		// never seen at all: counted from when the target was added
		$this->nodesSeen = [];
		$this->store->saveConditions([]);
		$this->assertSame(['node_silent'], $this->types(self::NOW));
		$this->target->setCreatedAt(self::NOW - 60);
		$this->assertSame([], $this->types(self::NOW));
	}

	/** A target of this node, or of no node (one server, or added before nodes), is looked at here. */
	public function testADriveOfThisNodeOrOfNoNodeIsJudgedHere(): void {
		$this->state = new TargetState(false, TargetState::MARKER_MISMATCH, 'another drive');
		$this->target->setNode((new ThisNode())->name());
		$this->assertSame(['offline'], $this->types());
		$this->target->setNode(null);
		$this->assertSame(['offline'], $this->types());
	}

	public function testAHealthyDriveHasNoCondition(): void {
		$this->assertSame([], $this->types());
	}

	public function testDriveOperationsThatAreNotRaceFreeAreAConditionWhileTheDriveIsOnline(): void {
		$this->raceFree = false;
		$conditions = $this->checker->check(self::NOW);
		$this->assertSame(['1:race'], array_keys($conditions));
		$this->assertFalse($conditions['1:race']->isError(), 'a warning: copies go on');
		$this->assertSame(\OCA\Mirror\Drive\Fd\Libc::reason(), $conditions['1:race']->text('reason'));
		$this->state = new TargetState(false, TargetState::MARKER_MISMATCH, '/mnt/usb');
		$this->assertSame(['offline'], $this->types(), 'offline: nothing is done on it at all');
		$this->online(500 * self::GB, 1000 * self::GB);
		$this->raceFree = true;
		$this->assertSame([], $this->types());
	}

	public function testAMissingDriveIsOfflineOnlyAfterTheGracePeriod(): void {
		$this->state = new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb');
		$this->assertSame([], $this->types(self::NOW), 'just unplugged');
		$this->assertSame([], $this->types(self::NOW + 29 * 60), 'still within 30 minutes');
		$conditions = $this->checker->check(self::NOW + 30 * 60);
		$this->assertSame(['1:offline'], array_keys($conditions));
		$this->assertSame(self::NOW, $conditions['1:offline']->since, 'since it was first seen missing');
		$this->assertSame('marker_missing', $conditions['1:offline']->text('reason'));

		$this->online(500 * self::GB, 1000 * self::GB);
		$this->assertSame([], $this->types(self::NOW + 40 * 60));
		$this->state = new TargetState(false, TargetState::NOT_FOUND, '/mnt/usb');
		$this->assertSame([], $this->types(self::NOW + 50 * 60), 'a new outage starts a new grace period');
	}

	public function testAnotherDriveInItsPlaceCountsAtOnce(): void {
		$this->state = new TargetState(false, TargetState::MARKER_MISMATCH, '/mnt/usb');
		$this->assertSame(['offline'], $this->types());
	}

	public function testFreeSpaceUnderTheReserveIsFull(): void {
		$this->online(9 * self::GB, 1000 * self::GB); // reserve: min(50 GB, 10 GB)
		$this->assertSame(['full'], $this->types());
		$this->online(11 * self::GB, 1000 * self::GB);
		$this->assertSame([], $this->types(self::NOW + 3600));
	}

	public function testADriveThatWillBeFullWithinTwoWeeksIsFilling(): void {
		// 3 GB a day over a week, 40 GB left: 13 days
		for ($day = 7; $day >= 1; $day--) {
			$this->online((40 + 3 * $day) * self::GB, 1000 * self::GB);
			$this->checker->check(self::NOW - $day * 86400);
		}
		$this->online(40 * self::GB, 1000 * self::GB);
		$conditions = $this->checker->check(self::NOW);
		$this->assertSame(['1:filling'], array_keys($conditions));
		$this->assertSame(13, $conditions['1:filling']->number('daysLeft'));
	}

	public function testFilesFailingForADayAreNamedAndCounted(): void {
		$failing = [self::item(7, 1, 'full'), self::item(8, 1, 'full')];
		$this->queue->expects($this->once())->method('failingSince')->with(self::NOW - 24 * 3600, HealthChecker::SAMPLE)
			->willReturn([1 => ['count' => 12, 'since' => self::NOW - 30 * 3600, 'sample' => $failing]]);
		$conditions = $this->checker->check(self::NOW);
		$this->assertSame(['1:failing'], array_keys($conditions));
		$this->assertSame(12, $conditions['1:failing']->number('count'));
		$this->assertSame(['alice/Photos/7.jpg', 'alice/Photos/8.jpg'], $conditions['1:failing']->files());
	}

	public function testWorkWaitingForADayOnAnOnlineDriveIsLagging(): void {
		$this->queue->method('oldestWaiting')->willReturn([1 => self::NOW - 25 * 3600]);
		$this->assertSame(['lagging'], $this->types());
		$this->state = new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb');
		$this->assertNotContains('lagging', $this->types(self::NOW + 3600), 'an offline drive is offline, not lagging');
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->etc));
	}

	public function testADriveExportedReadWriteIsAWarningWithItsFix(): void {
		mkdir($this->etc . '/samba', 0755, true);
		file_put_contents($this->etc . '/exports', "/mnt 192.168.1.0/24(rw,sync)\n/mnt/usb/alice laptop(ro)\n");
		$conditions = $this->checker->check(self::NOW);
		$exported = $conditions['1:exported'] ?? null;
		$this->assertNotNull($exported, 'the folder above the drive is exported read-write');
		$this->assertFalse($exported->isError());
		$this->assertSame('nfs', $exported->text('reason'));
		$this->assertSame([$this->etc . '/exports: /mnt 192.168.1.0/24(rw,sync)'], $exported->files());
		$this->assertSame($this->etc . '/exports: /mnt 192.168.1.0/24(ro,sync)', $exported->text('message'));

		file_put_contents($this->etc . '/samba/smb.conf', "[usb]\npath = /mnt/usb\nwritable = yes\n");
		$both = $this->checker->check(self::NOW)['1:exported'];
		$this->assertSame('nfs_samba', $both->text('reason'));
		$this->assertCount(2, $both->files());

		file_put_contents($this->etc . '/exports', "/mnt 192.168.1.0/24(ro,sync)\n");
		file_put_contents($this->etc . '/samba/smb.conf', "[usb]\npath = /mnt/usb\n");
		$this->assertSame([], $this->types(), 'read-only exports are no risk');
	}

	public function testDamageFoundByVerifyIsReportedForAWeek(): void {
		$this->store->recordVerify(1, 3, self::NOW);
		$conditions = $this->checker->check(self::NOW + 86400);
		$this->assertSame(3, $conditions['1:damaged']->number('count'));
		$this->assertSame([], $this->types(self::NOW + 8 * 86400));
		$this->store->recordVerify(1, 0, self::NOW + 2 * 86400);
		$this->assertSame([], $this->types(self::NOW + 2 * 86400), 'a later verify that found none clears it');
	}

	public function testCopiesTheDriveReturnedOtherBytesForAgainAndAgainAreDamage(): void {
		$this->queue->expects($this->once())->method('failingAgain')->with(ReplicationException::READ_BACK, HealthChecker::READ_BACK_ATTEMPTS)
			->willReturn([1 => ['count' => 2, 'since' => self::NOW - 600]]);
		$damaged = $this->checker->check(self::NOW)['1:damaged'] ?? null;
		$this->assertNotNull($damaged);
		$this->assertSame([2, Condition::FOUND_READ_BACK, self::NOW - 600], [$damaged->number('count'), $damaged->text('reason'), $damaged->since]);
	}

	public function testADriveNotFullyCheckedForTwiceTheIntervalIsAWarning(): void {
		$this->assertSame([], $this->types(self::NOW + 58 * 86400), 'checked 59 days ago: within twice the 30 days');
		$unchecked = $this->checker->check(self::NOW + 60 * 86400)['1:unchecked'] ?? null;
		$this->assertNotNull($unchecked);
		$this->assertSame([61, 'overdue', self::NOW - 86400], [$unchecked->number('days'), $unchecked->text('reason'), $unchecked->since]);
		$this->target->setScrubbedAt(null);
		$this->target->setCreatedAt(self::NOW - 61 * 86400);
		$this->assertSame('never', $this->checker->check(self::NOW)['1:unchecked']->text('reason'));
	}

	public function testDamageFoundByTheScheduledCheckSaysSoAndNamesFilesOfWhichNeitherCopyIsGood(): void {
		$this->store->recordVerify(1, 2, self::NOW, HealthStore::BY_SCRUB);
		$this->store->recordScrubConflict(1, 'alice/Photos/a.jpg');
		$damaged = $this->checker->check(self::NOW)['1:damaged'];
		$this->assertSame([2, Condition::FOUND_SCRUB, ['alice/Photos/a.jpg']], [$damaged->number('count'), $damaged->text('reason'), $damaged->files()]);
	}
}
