<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Activity;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Health\HealthSettings;
use OCP\Activity\IEvent;
use OCP\Activity\IManager;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

/**
 * Who gets which event: a restore goes to its user (one file by id and path, more by count, none
 * not at all), the drives' events to every notified admin; a failing Activity never fails the work.
 */
class ActivityPublisherTest extends TestCase {
	/** @var list<array{user: string, type: string, subject: string, params: array<string, mixed>, object: ?array{0: string, 1: int, 2: string}}> */
	private array $published = [];

	private function publisher(bool $failing = false): ActivityPublisher {
		$manager = $this->createMock(IManager::class);
		$manager->method('generateEvent')->willReturnCallback(function (): IEvent {
			$record = ['user' => '', 'type' => '', 'subject' => '', 'params' => [], 'object' => null];
			$event = $this->createMock(IEvent::class);
			foreach (['setApp', 'setTimestamp'] as $setter) {
				$event->method($setter)->willReturn($event);
			}
			$event->method('setType')->willReturnCallback(function (string $type) use (&$record, $event): IEvent {
				$record['type'] = $type;
				return $event;
			});
			$event->method('setAffectedUser')->willReturnCallback(function (string $user) use (&$record, $event): IEvent {
				$record['user'] = $user;
				return $event;
			});
			$event->method('setSubject')->willReturnCallback(function (string $subject, array $params) use (&$record, $event): IEvent {
				$record['subject'] = $subject;
				$record['params'] = $params;
				return $event;
			});
			$event->method('setObject')->willReturnCallback(function (string $type, int $id, string $name) use (&$record, $event): IEvent {
				$record['object'] = [$type, $id, $name];
				return $event;
			});
			$event->method('getAffectedUser')->willReturnCallback(function () use (&$record): string {
				$this->published[] = $record;
				return $record['user'];
			});
			return $event;
		});
		$manager->method('publish')->willReturnCallback(static function (IEvent $event) use ($failing): void {
			$event->getAffectedUser(); // records it
			if ($failing) {
				throw new \RuntimeException('activity app broken');
			}
		});
		$settings = $this->createMock(HealthSettings::class);
		$settings->method('recipients')->willReturn(['admin', 'backup-admin']);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1_800_000_000);
		return new ActivityPublisher($manager, $settings, $time, $this->createMock(LoggerInterface::class));
	}

	public function testARestoreGoesToItsUser(): void {
		$publisher = $this->publisher();
		$publisher->restored('anna', 'USB', 1, ['id' => 42, 'path' => 'Urlaub/Photo.jpg']);
		$publisher->restored('anna', 'USB', 5);
		$publisher->restored('anna', 'USB', 0);
		$this->assertSame([
			['user' => 'anna', 'type' => 'mirror_restore', 'subject' => 'restored_file', 'params' => ['fileId' => 42, 'path' => 'Urlaub/Photo.jpg', 'drive' => 'USB'], 'object' => ['files', 42, 'Urlaub/Photo.jpg']],
			['user' => 'anna', 'type' => 'mirror_restore', 'subject' => 'restored_files', 'params' => ['count' => 5, 'drive' => 'USB'], 'object' => null],
		], $this->published);
	}

	public function testTheDrivesEventsGoToEveryNotifiedAdmin(): void {
		$publisher = $this->publisher();
		$publisher->tripwireHeld('anna', 'signature');
		$publisher->tripwireReleased('anna', true, 3);
		$publisher->driveUpToDate(7, 'Rotation A');
		$publisher->verified(1, 'USB', 100, 0);
		$publisher->verified(1, 'USB', 100, 2);
		$this->assertSame([
			['admin', 'tripwire_held'], ['backup-admin', 'tripwire_held'],
			['admin', 'tripwire_discarded'], ['backup-admin', 'tripwire_discarded'],
			['admin', 'drive_up_to_date'], ['backup-admin', 'drive_up_to_date'],
			['admin', 'verify_good'], ['backup-admin', 'verify_good'],
			['admin', 'verify_damaged'], ['backup-admin', 'verify_damaged'],
		], array_map(static fn (array $r): array => [$r['user'], $r['subject']], $this->published));
		$this->assertSame(['mirror_drives'], array_values(array_unique(array_column($this->published, 'type'))));
		$this->assertSame(['targetId' => 1, 'drive' => 'USB', 'checked' => 100, 'damaged' => 2], $this->published[9]['params']);
	}

	public function testAFailingActivityAppFailsNothing(): void {
		$this->publisher(true)->tripwireHeld('anna', 'rate');
		$this->assertCount(2, $this->published, 'tried for each admin, the error logged');
	}
}
