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
use PHPUnit\Framework\TestCase;

/**
 * Offline drives (rotating targets): resting is their normal state, not an alarm; a reminder comes
 * when one has had no complete copy for too long.
 */
class HealthCheckerOfflineDriveTest extends TestCase {
	use Fixtures;
	use MemoryAppConfig;

	private const NOW = 1_800_000_000;
	private const DAY = 86400;

	/** @var list<Target> */
	private array $targets = [];
	/** @var array<int, TargetState> */
	private array $states = [];
	/** @var array<string, mixed>|null the marker at the shared mount point */
	private ?array $marker = null;
	private HealthChecker $checker;
	private HealthSettings $settings;

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$mapper = $this->createMock(TargetMapper::class);
		$mapper->method('findEnabled')->willReturnCallback(fn (): array => $this->targets);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturnCallback(function (Target $target): Drive {
			$drive = $this->createMock(Drive::class);
			$drive->method('state')->willReturn($this->states[(int)$target->getId()]);
			$drive->method('readMarker')->willReturnCallback(fn (): ?array => $this->marker);
			$drive->method('isRaceFree')->willReturn(true);
			return $drive;
		});
		$this->settings = new HealthSettings($config, $this->createMock(IGroupManager::class));
		$queue = $this->createMock(QueueReader::class);
		$this->checker = new HealthChecker($mapper, $drives, $queue, $this->settings,
			new HealthStore($config), new SpaceHistory($config), $this->createMock(ItemPath::class), new WritableExports('/nonexistent/etc'), new FailingFiles($queue),
			new ThisNode(), $this->createMock(NodeHeartbeats::class), new ScrubSettings($config));
	}

	private function drive(int $id, string $uuid, bool $offlineDrive, ?int $lastCompleteAt = self::NOW - self::DAY): Target {
		$target = self::target($id, 'Drive ' . $id);
		$target->setUuid($uuid);
		$target->setScrubbedAt(self::NOW); // the scheduled check is not what these tests are about
		$target->setOfflineDrive($offlineDrive);
		$target->setCreatedAt(self::NOW - 400 * self::DAY);
		$target->setLastCompleteAt($lastCompleteAt);
		$this->targets[] = $target;
		return $target;
	}

	/**
	 * @return list<string> condition keys
	 */
	private function keys(int $now = self::NOW): array {
		$keys = array_keys($this->checker->check($now));
		sort($keys);
		return $keys;
	}

	public function testAnUnpluggedOfflineDriveRestsWithoutAlarmHoweverLong(): void {
		$this->drive(1, 'home', true);
		$this->drive(2, 'ordinary', false);
		$this->states = [
			1 => new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'),
			2 => new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'),
		];
		$this->keys(self::NOW);
		$this->assertSame(['2:offline'], $this->keys(self::NOW + 3 * 3600), 'the ordinary target is offline, the offline drive rests');
		$this->states[1] = new TargetState(false, TargetState::NOT_FOUND, '/mnt/usb');
		$this->assertSame(['2:offline'], $this->keys(self::NOW + 4 * 3600), 'nor is a missing mount point an alarm for it');
	}

	public function testTheOtherDriveOfTheRotationAtItsMountPointIsNoAlarmButAStrangerIs(): void {
		$this->drive(1, 'home', true);
		$this->drive(2, 'away', true);
		$this->states = [
			1 => new TargetState(true, null, '/mnt/usb', 10, 100),
			2 => new TargetState(false, TargetState::MARKER_MISMATCH, '/mnt/usb'),
		];
		$this->marker = ['uuid' => 'home', 'instanceId' => 'x'];
		$this->assertSame([], $this->keys());

		$this->states[1] = new TargetState(false, TargetState::MARKER_MISMATCH, '/mnt/usb');
		$this->marker = ['uuid' => 'a-stranger', 'instanceId' => 'elsewhere'];
		$this->assertSame(['1:offline', '2:offline'], $this->keys(), 'a drive that is not one of the rotation is wrong at once');
	}

	public function testAReminderComesAfterTheSetNumberOfDaysWithoutACompleteCopy(): void {
		$this->drive(1, 'home', true, self::NOW - 29 * self::DAY);
		$this->states = [1 => new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb')];
		$this->assertSame([], $this->keys());
		$conditions = $this->checker->check(self::NOW + self::DAY);
		$this->assertSame(['1:reminder'], array_keys($conditions));
		$this->assertSame(30, $conditions['1:reminder']->number('days'));
		$this->assertSame(self::NOW - 29 * self::DAY, $conditions['1:reminder']->since, 'since the last complete copy');
		$this->assertFalse($conditions['1:reminder']->isError());

		$this->settings->update(['offlineReminderDays' => 60]);
		$this->assertSame([], $this->keys(self::NOW + self::DAY));
	}

	public function testADriveNeverCompleteCountsFromWhenItWasAdded(): void {
		$this->drive(1, 'home', true, null); // created 400 days ago
		$this->drive(2, 'ordinary', false, null);
		$this->states = [1 => new TargetState(true, null, '/mnt/usb'), 2 => new TargetState(true, null, '/mnt/usb')];
		$conditions = $this->checker->check(self::NOW);
		$this->assertSame(['1:reminder'], array_keys($conditions), 'only offline drives are reminded of');
		$this->assertSame(400, $conditions['1:reminder']->number('days'));
	}

	public function testTheReminderSettingIsValidated(): void {
		$this->expectExceptionMessage('offlineReminderDays');
		$this->settings->update(['offlineReminderDays' => 0]);
	}

	public function testAReminderSurvivesTheHealthStore(): void {
		$reminder = new Condition(1, 'Away', Condition::REMINDER, self::NOW - 40 * self::DAY, ['days' => 40]);
		$back = Condition::fromArray($reminder->toArray());
		$this->assertNotNull($back, 'what the notifier reads back from the store');
		$this->assertSame(40, $back->number('days'));
		$this->assertSame(40, $back->jsonSerialize()['days']);
	}
}
