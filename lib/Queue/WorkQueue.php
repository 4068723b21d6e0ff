<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Db\WriteTransaction;
use OCP\AppFramework\Db\DoesNotExistException;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IUser;
use OCP\IUserManager;

/**
 * Records work in the queue, and takes it back (retry now, forget a user or a target). Cheap by
 * design: it runs inside upload requests, so it never touches a target, and a burst of events
 * for one file becomes one row per target.
 *
 * The queue table has three owners, all in this folder: WorkQueue writes work in, Claims hands it
 * to a worker and records the outcome, QueueReader summarises it. Nothing else reads or writes it.
 */
class WorkQueue {
	/** Items written per transaction when many are queued at once. */
	private const CHUNK = 500;
	/** An upload's burst of events (created, written, touched) arrives within this many seconds. */
	private const BURST_SECONDS = 5;

	/** @var list<Target>|null */
	private ?array $enabledTargets = null;
	private int $targetsLoadedAt = 0;
	/** @var array<string, int> item key => when this process last recorded it */
	private array $seen = [];

	public function __construct(
		private QueueItemMapper $items,
		private QueueReader $reader,
		private TargetMapper $targets,
		private IUserManager $userManager,
		private ITimeFactory $time,
		private WriteTransaction $transaction,
		private GroupFolderDirectory $groupFolders,
		private ExternalStorageDirectory $external,
	) {
	}

	/**
	 * Queues an item for every target that takes changes now: every enabled target, except an
	 * offline drive that rests (it catches up by one comparison per user when its drive is back).
	 */
	public function enqueue(string $userId, int $fileId, string $kind, ?string $path = null): void {
		foreach ($this->targetsTakingChanges() as $target) {
			$this->enqueueFor($target->getId(), $userId, $fileId, $kind, $path);
		}
	}

	public function enqueueFor(int $targetId, string $userId, int $fileId, string $kind, ?string $path = null): void {
		$now = $this->time->getTime();
		$key = $targetId . ':' . $kind . ':' . $fileId . ':' . $userId;
		if (isset($this->seen[$key]) && $now - $this->seen[$key] < self::BURST_SECONDS) {
			return;
		}
		if (count($this->seen) > 10000) {
			$this->seen = [];
		}
		$this->seen[$key] = $now;
		$this->items->enqueue($targetId, $userId, $fileId, $kind, $path, $now);
	}

	/**
	 * Queues many files of one user for one target (a resync, a new folder): one transaction per
	 * CHUNK instead of a commit for each, which on SQLite is an fsync each.
	 *
	 * @param list<int> $fileIds
	 */
	public function enqueueManyFor(int $targetId, string $userId, array $fileIds, string $kind = QueueItem::KIND_FILE): void {
		foreach (array_chunk($fileIds, self::CHUNK) as $chunk) {
			$this->transaction->run(function () use ($targetId, $userId, $chunk, $kind): void {
				foreach ($chunk as $fileId) {
					$this->enqueueFor($targetId, $userId, $fileId, $kind);
				}
			});
		}
	}

	/**
	 * Queues a full comparison of every user and every group folder with this target (new, re-enabled or
	 * adopted target), one row per user, in one transaction.
	 *
	 * @param bool $checkDrive also look at every recorded copy on the drive (a resync)
	 * @return int the number of users queued
	 */
	public function enqueueEverything(Target $target, bool $checkDrive = false): int {
		$kind = $checkDrive ? QueueItem::KIND_USER_DRIVE : QueueItem::KIND_USER;
		$userIds = [];
		$this->userManager->callForAllUsers(function (IUser $user) use (&$userIds): void {
			$userIds[] = $user->getUID();
		});
		$userIds = [...$userIds, ...$this->groupFolders->owners(), ...$this->external->sharedOwners()];
		// one transaction of writes only: a thousand users, one commit
		$this->transaction->run(function () use ($target, $kind, $userIds): void {
			foreach ($userIds as $userId) {
				$this->enqueueFor($target->getId(), $userId, 0, $kind);
			}
		});
		return count($userIds);
	}

	/**
	 * Queues a comparison of one user with every target that takes changes now.
	 */
	public function enqueueUser(string $userId): void {
		$this->enqueue($userId, 0, QueueItem::KIND_USER);
	}

	/**
	 * Makes one failed item due now.
	 *
	 * @throws DoesNotExistException
	 */
	public function retry(int $itemId): QueueItem {
		$item = $this->items->findById($itemId);
		$this->items->retryNow($this->time->getTime(), $itemId);
		return $item;
	}

	/**
	 * Makes all failed items (optionally of one target or one file) due now.
	 */
	public function retryAll(?int $targetId = null, ?int $fileId = null): int {
		return $this->items->retryNow($this->time->getTime(), null, $targetId, $fileId);
	}

	/**
	 * The tripwire's hold of a user ended: their held changes are applied now, or dropped.
	 *
	 * @return int how many changes (as the tripwire report counts them: once, however many targets held one)
	 */
	public function releaseHeld(string $userId, bool $discard): int {
		$changes = $this->reader->heldCounts()[$userId] ?? 0;
		$this->items->releaseHeld($userId, $discard, $this->time->getTime());
		return $changes;
	}

	/**
	 * A user was deleted: their work goes with them.
	 */
	public function forgetUser(string $userId): void {
		$this->items->deleteByUser($userId);
	}

	/**
	 * A target was removed: its work goes with it.
	 */
	public function forgetTarget(int $targetId): int {
		return $this->items->deleteByTarget($targetId);
	}

	/**
	 * @return list<Target>
	 */
	private function targetsTakingChanges(): array {
		// long-running processes (cron, workers) see target changes within a minute; the flag is
		// read from the target's row, never from its drive (this runs inside upload requests)
		$now = $this->time->getTime();
		if ($this->enabledTargets === null || $now - $this->targetsLoadedAt > 60) {
			$this->enabledTargets = array_values(array_filter($this->targets->findEnabled(), static fn (Target $t): bool => $t->takesChanges()));
			$this->targetsLoadedAt = $now;
		}
		return $this->enabledTargets;
	}
}
