<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

/**
 * What the queue says about the state of things, for the status read model: counts per target
 * and user, failures, the oldest waiting file, the items of given files. Reads only.
 */
class QueueReader {
	public function __construct(
		private QueueItemMapper $items,
	) {
	}

	/**
	 * Per target and user: pending and failed files, and how many failed because a symbolic link on
	 * the drive stands in the way.
	 *
	 * @param list<string>|null $userIds null for everyone
	 * @return list<array{targetId: int, userId: string, pending: int, failed: int, unsafe: int}>
	 */
	public function summary(?array $userIds = null): array {
		return $this->items->summarize($userIds);
	}

	/**
	 * The newest failures first.
	 *
	 * @return list<QueueItem>
	 */
	public function failures(int $limit = 50, int $offset = 0, ?string $userId = null, ?int $targetId = null): array {
		return $this->items->findFailures(max(1, min($limit, 500)), max(0, $offset), $userId, $targetId);
	}

	/**
	 * The file of this user that has waited longest for this target (failed files not counted).
	 */
	public function oldestPending(string $userId, int $targetId): ?QueueItem {
		return $this->items->findOldestPending($userId, $targetId);
	}

	/**
	 * The waiting or failed file items of these files, on any target.
	 *
	 * @param list<int> $fileIds
	 * @return list<QueueItem>
	 */
	public function fileItems(array $fileIds): array {
		return $fileIds === [] ? [] : $this->items->findByFileIds($fileIds);
	}

	/**
	 * Work other than single files still waiting (folder moves, expansions, user comparisons).
	 */
	public function structuralCount(?int $targetId = null): int {
		return $this->items->countStructural($targetId);
	}

	/**
	 * Everything still to do for one target (waiting, failed or held, of any kind): 0 when it is
	 * caught up.
	 */
	public function openFor(int $targetId): int {
		return $this->items->countForTarget($targetId);
	}

	/**
	 * Per target: files failing since before $before (a time), and the first $sample of them.
	 *
	 * @return array<int, array{count: int, since: int, sample: list<QueueItem>}> target id => what fails
	 */
	public function failingSince(int $before, int $sample = 5): array {
		return $this->items->findFailingSince($before, $sample);
	}

	/**
	 * One user's files failing since before $before, on any target, oldest failure first.
	 *
	 * @return list<QueueItem>
	 */
	public function failingOf(string $userId, int $before, int $limit = 5): array {
		return $this->items->findFailingItems($before, $limit, null, $userId);
	}

	/**
	 * Users with files failing since before $before.
	 *
	 * @return array<string, int> user id => how many files
	 */
	public function failingUsers(int $before): array {
		return $this->items->countFailingUsers($before);
	}

	/**
	 * Per target: when its oldest waiting (not failed) file was queued.
	 *
	 * @return array<int, int> target id => a time
	 */
	public function oldestWaiting(): array {
		return $this->items->findOldestWaiting();
	}

	/**
	 * How many changes the tripwire holds, per user.
	 *
	 * @return array<string, int>
	 */
	public function heldCounts(): array {
		return $this->items->countHeld();
	}
}
