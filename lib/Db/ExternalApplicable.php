<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\IDBConnection;
use OCP\IGroupManager;
use OCP\IUser;
use OCP\IUserManager;

/**
 * Whom an external storage is mounted for, from files_external's own table (read only: its services are
 * not public API): users, groups, or everyone (no row). A personal storage has one row, its user's.
 * Remembered for the process, read again after STALE_SECONDS (a long-running worker).
 */
class ExternalApplicable {
	/** files_external's applicable types: everyone, a group, a user */
	private const EVERYONE = 1;
	private const GROUP = 2;
	private const USER = 3;
	private const STALE_SECONDS = 30;

	/** @var array<int, array{count: int, users: list<string>|null}> mount id => how many users, and who (null: everyone, listed when asked) */
	private array $known = [];
	private int $loadedAt = 0;

	public function __construct(
		private readonly IDBConnection $db,
		private readonly IUserManager $userManager,
		private readonly IGroupManager $groupManager,
	) {
	}

	/** How many users the storage is mounted for (everyone: every user of the server). */
	public function count(int $mountId): int {
		return $this->of($mountId)['count'];
	}

	/**
	 * The users whose files the storage is mirrored as part of now ("users"): every user it is mounted for,
	 * each with a copy of their own; none in another mode.
	 *
	 * @return list<string>
	 */
	public function mirroredFor(ExternalStorage $storage): array {
		if ($storage->mode !== ExternalStorage::USERS) {
			return [];
		}
		$of = $this->of($storage->id);
		if ($of['users'] === null) { // everyone: listed once, when a storage in this mode asks
			$users = [];
			$this->userManager->callForAllUsers(static function (IUser $user) use (&$users): void {
				$users[] = $user->getUID();
			});
			$this->known[$storage->id]['users'] = $of['users'] = $users;
		}
		return $of['users'];
	}

	/** Whether the storage is mirrored as part of this user's files now ("users", mounted for them). */
	public function isMirroredFor(ExternalStorage $storage, string $userId): bool {
		return in_array($userId, $this->mirroredFor($storage), true);
	}

	/** A user the storage is mounted for (files_external builds a storage per user: any one of them). */
	public function anyUser(int $mountId): ?IUser {
		foreach ($this->rows($mountId) as $row) {
			$user = match ($row['type']) {
				self::USER => $this->userManager->get($row['value']),
				self::GROUP => array_values($this->groupManager->get($row['value'])?->getUsers() ?? [])[0] ?? null,
				default => $this->firstUser(),
			};
			if ($user !== null) {
				return $user;
			}
		}
		return null;
	}

	/** Reads the table again. */
	public function forget(): void {
		$this->known = [];
	}

	/** @return array{count: int, users: list<string>|null} */
	private function of(int $mountId): array {
		if (time() - $this->loadedAt >= self::STALE_SECONDS) {
			$this->known = [];
			$this->loadedAt = time();
		}
		if (!isset($this->known[$mountId])) {
			$users = [];
			$everyone = false;
			foreach ($this->rows($mountId) as $row) {
				if ($row['type'] === self::USER) {
					if ($this->userManager->userExists($row['value'])) {
						$users[$row['value']] = true;
					}
				} elseif ($row['type'] === self::GROUP) {
					foreach ($this->groupManager->get($row['value'])?->getUsers() ?? [] as $user) {
						$users[$user->getUID()] = true;
					}
				} else {
					$everyone = true;
				}
			}
			$count = $everyone ? max(count($users), (int)$this->userManager->countUsersTotal()) : count($users);
			$this->known[$mountId] = ['count' => $count, 'users' => $everyone ? null : array_map(strval(...), array_keys($users))];
		}
		return $this->known[$mountId];
	}

	/** @return list<array{type: int, value: string}> users first, then groups, then everyone */
	private function rows(int $mountId): array {
		$qb = $this->db->getQueryBuilder();
		$qb->select('type', 'value')->from('external_applicable')
			->where($qb->expr()->eq('mount_id', $qb->createNamedParameter($mountId, IQueryBuilder::PARAM_INT)))
			->orderBy('type', 'DESC');
		$result = $qb->executeQuery();
		$rows = [];
		while ($row = $result->fetch()) {
			$rows[] = ['type' => (int)$row['type'], 'value' => (string)($row['value'] ?? '')];
		}
		$result->closeCursor();
		return $rows === [] ? [['type' => self::EVERYONE, 'value' => '']] : $rows; // no applicable row: everyone
	}

	private function firstUser(): ?IUser {
		$found = null;
		$this->userManager->callForSeenUsers(static function (IUser $user) use (&$found): bool {
			$found = $user;
			return false;
		});
		if ($found === null) {
			$this->userManager->callForAllUsers(static function (IUser $user) use (&$found): bool {
				$found ??= $user;
				return false;
			});
		}
		return $found;
	}
}
