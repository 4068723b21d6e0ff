<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Status\StatusService;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Status\UserFileCounter;
use OCA\Mirror\Status\UserStatusPager;
use OCP\IUser;
use OCP\IUserManager;
use PHPUnit\Framework\TestCase;

class UserStatusPagerTest extends TestCase {
	/** @var array<string, array{0: string, 1: int, 2: int, 3: int, 4: int}> uid => [display name, files, replicated on target 1, pending on 1, failed on 1] */
	private const USERS = [
		'carol' => ['Carol', 10, 10, 0, 0],
		'alice' => ['alice', 4, 1, 2, 1],
		'bob' => ['Bob', 0, 0, 0, 0],
		'dave' => ['Dave', 8, 2, 6, 0],
	];

	/** @var list<list<string>|null> the user lists the aggregates were asked for */
	private array $asked = [];

	private function pager(): UserStatusPager {
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findAll')->willReturn([self::target(1), self::target(2)]);

		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('summarize')->willReturnCallback(function (?array $uids): array {
			$this->asked[] = $uids;
			$rows = [];
			foreach (self::USERS as $uid => [, , $replicated]) {
				if (in_array($uid, $uids ?? [], true) && $replicated > 0) {
					$rows[] = ['targetId' => 1, 'userId' => $uid, 'replicated' => $replicated, 'bytes' => $replicated * 100, 'lastReplicatedAt' => 1000 + $replicated];
				}
			}
			return $rows;
		});
		$queue = $this->createMock(QueueReader::class);
		$queue->method('summary')->willReturnCallback(static function (?array $uids): array {
			$rows = [];
			foreach (self::USERS as $uid => [, , , $pending, $failed]) {
				if (in_array($uid, $uids ?? [], true) && $pending + $failed > 0) {
					$rows[] = ['targetId' => 1, 'userId' => $uid, 'pending' => $pending, 'failed' => $failed, 'unsafe' => 0];
				}
			}
			return $rows;
		});
		$counter = $this->createMock(UserFileCounter::class);
		$counter->method('count')->willReturnCallback(static fn (array $uids): array => array_combine($uids, array_map(static fn (string $uid): int => self::USERS[$uid][1], $uids)));

		$users = $this->createMock(IUserManager::class);
		$users->method('searchDisplayName')->willReturnCallback(function (string $filter): array {
			$found = [];
			foreach (self::USERS as $uid => [$name]) {
				if ($filter === '' || stripos($uid . ' ' . $name, $filter) !== false) {
					$user = $this->createMock(IUser::class);
					$user->method('getUID')->willReturn($uid);
					$user->method('getDisplayName')->willReturn($name);
					$found[] = $user;
				}
			}
			return $found;
		});
		return new UserStatusPager($targets, new StatusService($targets, $queue, $replicas, $this->createMock(DriveFactory::class), $counter, $users, $this->createMock(TargetStateMessages::class), $this->createMock(GroupFolderDirectory::class), $this->createMock(ExternalStorageDirectory::class)), $users, $this->createMock(GroupFolderDirectory::class), $this->createMock(ExternalStorageDirectory::class));
	}

	private static function target(int $id): Target {
		$target = new Target();
		$target->setId($id);
		return $target;
	}

	/**
	 * @param array{rows: list<array{userId: string, targetId: int}>} $page
	 * @return list<string>
	 */
	private static function keys(array $page): array {
		return array_map(static fn (array $row): string => $row['userId'] . ':' . $row['targetId'], $page['rows']);
	}

	public function testSortsByNameAndCountsOnlyThePage(): void {
		$page = $this->pager()->page(0, 3);
		$this->assertSame(8, $page['total']);
		$this->assertSame(['alice:1', 'alice:2', 'bob:1'], self::keys($page));
		// only alice and bob were counted
		$this->assertSame([['alice', 'bob']], array_map(static function (?array $uids): array {
			sort($uids);
			return $uids;
		}, $this->asked));
	}

	public function testAPageMayStartInsideAUsersRows(): void {
		$page = $this->pager()->page(3, 3, 'displayName', 'desc');
		// Dave, Carol, Bob, alice -> rows dave:1 dave:2 carol:1 | carol:2 bob:1 bob:2
		$this->assertSame(['carol:2', 'bob:1', 'bob:2'], self::keys($page));
	}

	public function testSortsByANumberAcrossEveryUser(): void {
		$page = $this->pager()->page(0, 3, 'pending', 'desc', '', 1);
		$this->assertSame(4, $page['total']);
		$this->assertSame(['dave:1', 'alice:1', 'bob:1'], self::keys($page));
		$this->assertSame([6, 2, 0], array_column($page['rows'], 'pending'));
	}

	public function testSortsByProgressWithEmptyUsersCountedAsDone(): void {
		$page = $this->pager()->page(0, 10, 'progress', 'asc', '', 1);
		$this->assertSame(['alice:1', 'dave:1', 'bob:1', 'carol:1'], self::keys($page));
	}

	public function testRowsCarryEveryNumber(): void {
		$page = $this->pager()->page(0, 1, 'failed', 'desc', '', 1);
		$this->assertSame([[
			'userId' => 'alice', 'displayName' => 'alice', 'folder' => 'alice', 'targetId' => 1, 'files' => 4, 'replicated' => 1,
			'pending' => 2, 'failed' => 1, 'bytes' => 100, 'lastReplicatedAt' => 1001,
		]], $page['rows']);
	}

	public function testFiltersByName(): void {
		$page = $this->pager()->page(0, 10, 'userId', 'asc', 'CAR');
		$this->assertSame(2, $page['total']);
		$this->assertSame(['carol:1', 'carol:2'], self::keys($page));
		$this->assertSame('CAR', $page['filter']);
	}

	public function testPastTheEndIsEmpty(): void {
		$page = $this->pager()->page(100, 10);
		$this->assertSame([], $page['rows']);
		$this->assertSame(8, $page['total']);
	}

	public function testUnknownTargetHasNoRows(): void {
		$this->assertSame(0, $this->pager()->page(0, 10, 'displayName', 'asc', '', 99)['total']);
	}

	public function testRefusesUnknownColumns(): void {
		$this->expectException(\InvalidArgumentException::class);
		$this->pager()->page(0, 10, 'password');
	}
}
