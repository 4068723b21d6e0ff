<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\HealthChecker;
use OCA\Mirror\Health\HealthMonitor;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Health\SpaceHistory;
use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Queue\QueueReader;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IGroup;
use OCP\IGroupManager;
use OCP\IUser;
use PHPUnit\Framework\TestCase;

class HealthMonitorTest extends TestCase {
	use MemoryAppConfig;

	private const NOW = 1_800_000_000;

	/** @var array<string, Condition> what the checker finds next */
	private array $found = [];
	/** @var array<string, int> user => failing files */
	private array $failingUsers = [];
	/** @var list<string> members of the admin group */
	private array $admins = ['admin', 'dad'];
	/** @var list<string> what was sent and withdrawn, in order */
	private array $log = [];
	private HealthStore $store;
	private HealthMonitor $monitor;

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$checker = $this->createMock(HealthChecker::class);
		$checker->method('check')->willReturnCallback(fn (): array => $this->found);
		$this->store = new HealthStore($config);
		$notifications = $this->createMock(HealthNotifications::class);
		$notifications->method('notifyCondition')->willReturnCallback(function (Condition $c, array $users): void {
			$this->log[] = 'notify ' . $c->key() . ' ' . implode(',', $users);
		});
		$notifications->method('withdrawCondition')->willReturnCallback(function (int $target, string $type): void {
			$this->log[] = 'withdraw ' . $target . ':' . $type;
		});
		$notifications->method('notifyUser')->willReturnCallback(function (string $uid): void {
			$this->log[] = 'notify user ' . $uid;
		});
		$notifications->method('withdrawUser')->willReturnCallback(function (string $uid): void {
			$this->log[] = 'withdraw user ' . $uid;
		});
		$queue = $this->createMock(QueueReader::class);
		$queue->method('failingUsers')->willReturnCallback(fn (): array => $this->failingUsers);
		$groups = $this->createMock(IGroupManager::class);
		$groups->method('get')->willReturnCallback(function (string $gid): ?IGroup {
			if ($gid !== 'admin') {
				return null;
			}
			$group = $this->createMock(IGroup::class);
			$group->method('getUsers')->willReturnCallback(fn (): array => array_map(function (string $uid): IUser {
				$user = $this->createMock(IUser::class);
				$user->method('getUID')->willReturn($uid);
				$user->method('isEnabled')->willReturn($uid !== 'disabled-admin');
				return $user;
			}, $this->admins));
			return $group;
		});
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(self::NOW);
		$this->monitor = new HealthMonitor($checker, $this->store, new HealthSettings($config, $groups), $notifications, new FailingFiles($queue), $time, new SpaceHistory($config));
	}

	private function find(Condition ...$conditions): void {
		$this->found = [];
		foreach ($conditions as $c) {
			$this->found[$c->key()] = $c;
		}
	}

	public function testOneNotificationPerConditionForEachAdminNotOneARun(): void {
		$this->admins[] = 'disabled-admin';
		$this->find(new Condition(1, 'USB', Condition::OFFLINE, self::NOW - 3600));
		$this->monitor->run();
		$this->monitor->run();
		$this->monitor->run();
		$this->assertSame(['notify 1:offline admin,dad'], $this->log);
	}

	public function testNewNumbersAreKeptWithoutANewNotificationAndTheStartStays(): void {
		$this->find(new Condition(1, 'USB', Condition::FULL, self::NOW - 7200, ['freeBytes' => 100]));
		$this->monitor->run();
		$this->find(new Condition(1, 'USB', Condition::FULL, self::NOW, ['freeBytes' => 50]));
		$this->monitor->run();
		$kept = $this->store->conditions()['1:full'];
		$this->assertSame(50, $kept->number('freeBytes'), 'the notification is written from these numbers when shown');
		$this->assertSame(self::NOW - 7200, $kept->since, 'full since the first time');
		$this->assertSame(['notify 1:full admin,dad'], $this->log);
	}

	public function testAClearedConditionIsWithdrawnAndComesBackAsNews(): void {
		$this->find(new Condition(1, 'USB', Condition::OFFLINE, self::NOW));
		$this->monitor->run();
		$this->find();
		$this->monitor->run();
		$this->find(new Condition(1, 'USB', Condition::OFFLINE, self::NOW));
		$this->monitor->run();
		$this->assertSame(['notify 1:offline admin,dad', 'withdraw 1:offline', 'notify 1:offline admin,dad'], $this->log);
		$this->assertSame([], array_diff(array_keys($this->store->conditions()), ['1:offline']));
	}

	public function testSomeoneWhoJoinsTheGroupLaterIsToldOnce(): void {
		$this->find(new Condition(1, 'USB', Condition::LAGGING, self::NOW));
		$this->monitor->run();
		$this->admins[] = 'mum';
		$this->monitor->run();
		$this->monitor->run();
		$this->assertSame(['notify 1:lagging admin,dad', 'notify 1:lagging mum'], $this->log);
	}

	public function testEachConditionOfEachTargetIsItsOwnNotification(): void {
		$this->find(new Condition(1, 'USB', Condition::FULL, self::NOW), new Condition(1, 'USB', Condition::FAILING, self::NOW), new Condition(2, 'NAS', Condition::FULL, self::NOW));
		$this->monitor->run();
		$this->assertSame(['notify 1:full admin,dad', 'notify 1:failing admin,dad', 'notify 2:full admin,dad'], $this->log);
	}

	public function testAUserWhoseFilesKeepFailingIsToldOnceAndTheNoticeGoesWhenTheyAreCopied(): void {
		$this->failingUsers = ['bob' => 3];
		$this->monitor->run();
		$this->monitor->run();
		$this->failingUsers = [];
		$this->monitor->run();
		$this->assertSame(['notify user bob', 'withdraw user bob'], $this->log);
	}
}
