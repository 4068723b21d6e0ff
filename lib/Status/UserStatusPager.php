<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\ResponseDefinitions;
use OCP\IUser;
use OCP\IUserManager;

/**
 * The admin page's table of users × targets, one page at a time: filtered by name, sorted by any
 * column, still quick with thousands of users. The same numbers as StatusService::users() (occ
 * mirror:status), computed in a fixed number of queries: when sorted by name only the page's users
 * are counted; when sorted by a number every matching user is (a few grouped queries).
 *
 * @psalm-import-type MirrorUserStatus from ResponseDefinitions
 * @psalm-import-type MirrorStatusPage from ResponseDefinitions
 */
class UserStatusPager {
	public const SORTS = ['displayName', 'userId', 'files', 'replicated', 'pending', 'failed', 'bytes', 'lastReplicatedAt', 'progress'];
	public const MAX_LIMIT = 200;

	public function __construct(
		private TargetMapper $targets,
		private StatusService $status,
		private IUserManager $userManager,
		private GroupFolderDirectory $groupFolders,
		private ExternalStorageDirectory $external,
	) {
	}

	/**
	 * @param string $sort one of self::SORTS
	 * @param 'asc'|'desc' $direction
	 * @param string $filter part of a user id, display name or email address ('' for everyone)
	 * @param int|null $targetId only this target's rows
	 * @return MirrorStatusPage
	 */
	public function page(int $offset, int $limit, string $sort = 'displayName', string $direction = 'asc', string $filter = '', ?int $targetId = null): array {
		if (!in_array($sort, self::SORTS, true)) {
			throw new \InvalidArgumentException('Unknown sort column ' . $sort);
		}
		$offset = max(0, $offset);
		$limit = max(1, min(self::MAX_LIMIT, $limit));
		$users = $this->matchingUsers($filter);
		$targetIds = array_map(static fn (Target $t): int => $t->getId(), $this->targets->findAll());
		if ($targetId !== null) {
			$targetIds = array_values(array_intersect($targetIds, [$targetId]));
		}
		$total = count($users) * count($targetIds);
		$page = [
			'rows' => [],
			'total' => $total,
			'offset' => $offset,
			'limit' => $limit,
			'sort' => $sort,
			'direction' => $direction,
			'filter' => $filter,
		];
		if ($total === 0 || $offset >= $total) {
			return $page;
		}
		$sign = $direction === 'desc' ? -1 : 1;

		if ($sort === 'displayName' || $sort === 'userId') {
			// Order the users alone; count only those on the page.
			$uids = array_map('strval', array_keys($users));
			usort($uids, fn (string $a, string $b): int => $sign * ($sort === 'userId'
				? strnatcasecmp($a, $b)
				: (strnatcasecmp($users[$a], $users[$b]) ?: strnatcasecmp($a, $b))));
			$perUser = count($targetIds);
			$pageUids = array_slice($uids, intdiv($offset, $perUser), intdiv($offset % $perUser + $limit - 1, $perUser) + 1);
			$rows = $this->status->rows(array_intersect_key($users, array_flip($pageUids)), $targetIds);
			$order = array_flip($pageUids);
			usort($rows, static fn (array $a, array $b): int => ($order[$a['userId']] <=> $order[$b['userId']]) ?: ($a['targetId'] <=> $b['targetId']));
			$page['rows'] = array_slice($rows, $offset % $perUser, $limit);
			return $page;
		}

		$rows = $this->status->rows($users, $targetIds);
		usort($rows, static fn (array $a, array $b): int => ($sign * (self::key($a, $sort) <=> self::key($b, $sort)))
			?: (strnatcasecmp($a['displayName'], $b['displayName']) ?: ($a['targetId'] <=> $b['targetId'])));
		$page['rows'] = array_slice($rows, $offset, $limit);
		return $page;
	}

	/**
	 * @param MirrorUserStatus $row
	 */
	private static function key(array $row, string $sort): int|float {
		if ($sort === 'progress') {
			return $row['files'] === 0 ? 1.0 : min(1.0, $row['replicated'] / $row['files']);
		}
		if ($sort === 'lastReplicatedAt') {
			return $row['lastReplicatedAt'] ?? -1;
		}
		/** @var int */
		return $row[$sort];
	}

	/**
	 * @return array<string, string> user id (or a group folder's owner id) => display name
	 */
	private function matchingUsers(string $filter): array {
		$users = [];
		// One query on the user table (uid, display name and email match); display names come with it.
		foreach ($this->userManager->searchDisplayName($filter) as $user) {
			/** @var IUser $user */
			$users[$user->getUID()] = $user->getDisplayName();
		}
		// and the group folders and external storages mirrored once, each a row of its own: "Family (group folder)"
		foreach ([...$this->groupFolders->owners(), ...$this->external->sharedOwners()] as $owner) {
			if ($filter === '' || mb_stripos($owner, $filter) !== false) {
				$users[$owner] = $owner;
			}
		}
		return $users;
	}
}
