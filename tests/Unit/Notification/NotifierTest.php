<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Notification;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\ConditionText;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Notification\Notifier;
use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\ItemPath;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\Health\MemoryAppConfig;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IDateTimeFormatter;
use OCP\IGroupManager;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\L10N\IFactory;
use OCP\Notification\AlreadyProcessedException;
use OCP\Notification\IAction;
use OCP\Notification\INotification;
use OCP\Notification\UnknownNotificationException;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class NotifierTest extends TestCase {
	use Fixtures;
	use MemoryAppConfig;

	private HealthStore $store;
	private QueueReader&MockObject $queue;
	private TargetMapper&MockObject $targets;
	private Notifier $notifier;
	/** @var array<string, string|IAction> what prepare() set on the notification */
	private array $parsed = [];

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => '«' . vsprintf($text, $params) . '»');
		$l->method('n')->willReturnCallback(static fn (string $one, string $many, int $n, array $params = []): string => '«' . vsprintf(str_replace('%n', (string)$n, $n === 1 ? $one : $many), $params) . '»');
		$factory = $this->createMock(IFactory::class);
		$factory->method('get')->willReturn($l);
		$urls = $this->createMock(IURLGenerator::class);
		$urls->method('linkToRouteAbsolute')->willReturnCallback(static fn (string $route, array $args): string => 'https://cloud/' . $route . '/' . ($args['section'] ?? ''));
		$dates = $this->createMock(IDateTimeFormatter::class);
		$dates->method('formatDateTime')->willReturnCallback(static fn ($t): string => 'at ' . $t);
		$this->store = new HealthStore($config);
		$this->queue = $this->createMock(QueueReader::class);
		$paths = $this->createMock(ItemPath::class);
		$paths->method('of')->willReturnCallback(static fn ($item): string => 'Camera/' . $item->getFileId() . '.jpg');
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1_800_000_000);
		$this->targets = $this->createMock(TargetMapper::class);
		$this->notifier = new Notifier($factory, $urls, $this->store, new HealthSettings($config, $this->createMock(IGroupManager::class)),
			new FailingFiles($this->queue), $paths, new ConditionText($dates), $time, $this->createMock(Tripwire::class), $this->targets);
	}

	/**
	 * A notification as the notifications app hands it over: records what is set on it.
	 *
	 * @return INotification&MockObject
	 */
	private function notification(string $objectType, string $objectId, string $subject, string $user = 'admin', string $app = 'mirror'): INotification {
		$n = $this->createMock(INotification::class);
		$n->method('getApp')->willReturn($app);
		$n->method('getObjectType')->willReturn($objectType);
		$n->method('getObjectId')->willReturn($objectId);
		$n->method('getSubject')->willReturn($subject);
		$n->method('getUser')->willReturn($user);
		$n->method('createAction')->willReturn($this->createMock(IAction::class));
		foreach (['setIcon', 'setParsedSubject', 'setParsedMessage', 'setLink', 'addParsedAction'] as $setter) {
			$n->method($setter)->willReturnCallback(function (string|IAction $value) use ($n, $setter): INotification {
				$this->parsed[$setter] = $value;
				return $n;
			});
		}
		return $n;
	}

	public function testAConditionIsWrittenWithTodaysNumbers(): void {
		$this->store->saveConditions(['1:full' => new Condition(1, 'USB', Condition::FULL, 1_799_000_000, ['freeBytes' => 1024, 'totalBytes' => 4096])]);
		$this->notifier->prepare($this->notification(HealthNotifications::TARGET_OBJECT, '1', Condition::FULL), 'de');
		$this->assertSame('«Mirror drive "USB" is full»', $this->parsed['setParsedSubject']);
		$this->assertStringContainsString('1 KB of 4 KB is free', $this->parsed['setParsedMessage']);
		$this->assertSame('https://cloud/settings.AdminSettings.index/mirror', $this->parsed['setLink']);
	}

	public function testAConditionThatClearedIsNeverShown(): void {
		$this->expectException(AlreadyProcessedException::class);
		$this->notifier->prepare($this->notification(HealthNotifications::TARGET_OBJECT, '1', Condition::OFFLINE), 'en');
	}

	public function testAUserReadsTheNamesOfTheirOwnFailingFiles(): void {
		$this->queue->method('failingUsers')->willReturn(['bob' => 2, 'alice' => 5]);
		$this->queue->expects($this->once())->method('failingOf')->with('bob')->willReturn([self::item(7, 1, 'full'), self::item(8, 1, 'full')]);
		$this->notifier->prepare($this->notification(HealthNotifications::USER_OBJECT, 'bob', HealthNotifications::USER_SUBJECT, 'bob'), 'en');
		$this->assertSame('«2 of your files have not been backed up for more than a day»', $this->parsed['setParsedSubject']);
		$this->assertStringContainsString('Camera/7.jpg, Camera/8.jpg', $this->parsed['setParsedMessage']);
		$this->assertSame('https://cloud/settings.PersonalSettings.index/mirror', $this->parsed['setLink']);
	}

	public function testAUsersNoticeIsOnlyEverForThemAndGoesWhenTheirFilesAreCopied(): void {
		$this->queue->method('failingUsers')->willReturn(['alice' => 5]);
		try {
			$this->notifier->prepare($this->notification(HealthNotifications::USER_OBJECT, 'alice', HealthNotifications::USER_SUBJECT, 'bob'), 'en');
			$this->fail('bob must not read about alice');
		} catch (AlreadyProcessedException) {
		}
		$this->expectException(AlreadyProcessedException::class);
		$this->notifier->prepare($this->notification(HealthNotifications::USER_OBJECT, 'bob', HealthNotifications::USER_SUBJECT, 'bob'), 'en');
	}

	public function testOtherAppsNotificationsAreNotOurs(): void {
		$this->expectException(UnknownNotificationException::class);
		$this->notifier->prepare($this->notification('file', '1', 'reminder-due', 'admin', 'files_reminders'), 'en');
	}

	private function offlineDrive(?int $presentSince, ?int $lastCompleteAt): Target {
		$target = new Target();
		$target->setId(4);
		$target->setName('Away');
		$target->setOfflineDrive(true);
		$target->setPresentSince($presentSince);
		$target->setLastCompleteAt($lastCompleteAt);
		return $target;
	}

	public function testAnOfflineDriveThatCaughtUpIsSafeToUnplug(): void {
		$this->targets->method('findById')->with(4)->willReturn($this->offlineDrive(1_000, 1_500));
		$this->notifier->prepare($this->notification(HealthNotifications::OFFLINE_DRIVE_OBJECT, '4', HealthNotifications::UP_TO_DATE_SUBJECT), 'en');
		$this->assertSame('«Offline drive Away is up to date; safe to unplug»', $this->parsed['setParsedSubject']);
		$this->assertSame('https://cloud/settings.AdminSettings.index/mirror', $this->parsed['setLink']);
	}

	/**
	 * @return list<array{0: int|null, 1: int|null}>
	 */
	public static function notSafeToUnplug(): array {
		return [
			'unplugged since' => [null, 1_500],
			'plugged in again, catching up' => [2_000, 1_500],
			'never complete' => [2_000, null],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('notSafeToUnplug')]
	public function testSafeToUnplugGoesOnceItIsNoLongerTrue(?int $presentSince, ?int $lastCompleteAt): void {
		$this->targets->method('findById')->willReturn($this->offlineDrive($presentSince, $lastCompleteAt));
		$this->expectException(AlreadyProcessedException::class);
		$this->notifier->prepare($this->notification(HealthNotifications::OFFLINE_DRIVE_OBJECT, '4', HealthNotifications::UP_TO_DATE_SUBJECT), 'en');
	}
}
