<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * One worker's side of the queue: claim a batch, keep the claims fresh, and record how each item
 * ended (done, failed with backoff, or given back untouched). Items are claimed with a
 * conditional UPDATE, so any number of cron processes, workers and occ runs can share the queue.
 */
class Claims {
	/** A claim not refreshed for this long belongs to a dead worker. */
	public const STALE_AFTER = 300;
	private const MAX_BACKOFF = 6 * 3600;

	public readonly string $workerId;

	public function __construct(
		private QueueItemMapper $items,
		private ITimeFactory $time,
	) {
		$this->workerId = self::host() . ':' . getmypid() . ':' . bin2hex(random_bytes(4));
	}

	private static function host(): string {
		return substr(gethostname() ?: 'host', 0, 30);
	}

	/**
	 * Claims up to $limit due items of one target after $afterId, oldest first; items another worker
	 * holds are left to it. Items that failed because the target was full come back as soon as it has
	 * room for them.
	 *
	 * @return array{0: list<QueueItem>, 1: int} the items this worker now owns, and the cursor for the next call (0 when nothing was due)
	 */
	public function claim(int $targetId, ?int $freeBytes, int $afterId, int $limit): array {
		$now = $this->time->getTime();
		$due = $this->items->findDue($targetId, $now, $now - self::STALE_AFTER, $limit, $freeBytes, $afterId);
		if ($due === []) {
			return [[], 0];
		}
		$cursor = $due[count($due) - 1]->getId();
		// one UPDATE claims the lot
		$owned = array_flip($this->items->claimMany(array_map(static fn (QueueItem $i): int => $i->getId(), $due), $this->workerId, $now, $now - self::STALE_AFTER));
		return [array_values(array_filter($due, static fn (QueueItem $i): bool => isset($owned[$i->getId()]))), $cursor];
	}

	/**
	 * Is anything of this target due now (claimed by nobody alive)?
	 */
	public function anyDue(int $targetId, ?int $freeBytes): bool {
		$now = $this->time->getTime();
		return $this->items->findDue($targetId, $now, $now - self::STALE_AFTER, 1, $freeBytes) !== [];
	}

	/**
	 * Are at least $count items of this target due now and claimed by nobody alive (enough work to
	 * share with a second worker: SecondWorker)?
	 */
	public function dueAtLeast(int $targetId, int $count): bool {
		$now = $this->time->getTime();
		return $this->items->findDue($targetId, $now, $now - self::STALE_AFTER, 1, null, 0, max(0, $count - 1)) !== [];
	}

	/**
	 * Keeps the claims of a batch fresh, with one UPDATE.
	 *
	 * @param list<int> $ids
	 */
	public function heartbeat(array $ids): void {
		$this->items->heartbeatMany($ids, $this->workerId, $this->time->getTime());
	}

	/**
	 * The item's work is done: it leaves the queue, unless a new event arrived meanwhile (then it
	 * is given back, to be done again).
	 */
	public function complete(QueueItem $item): bool {
		return $this->items->complete($item, $this->workerId);
	}

	/**
	 * complete() for every item of a batch, in a statement or two.
	 *
	 * @param list<QueueItem> $items
	 */
	public function completeMany(array $items): void {
		if ($items !== []) {
			$this->items->completeMany($items, $this->workerId);
		}
	}

	/**
	 * Gives an item back untouched (time ran out): no attempt is used up.
	 */
	public function release(QueueItem $item): void {
		$this->items->release($item->getId(), $this->workerId, null);
	}

	/**
	 * Gives an item back whose work stopped midway (the drive went away): no attempt is used up,
	 * and the claim keeps this worker's name, so whoever takes the item next clears what was left.
	 */
	public function interrupt(QueueItem $item): void {
		$this->items->release($item->getId(), $this->workerId, null, true);
	}

	/**
	 * The tripwire holds the item: not applied, no attempt used up; it waits for an admin (and is looked
	 * at again in a day, in case the hold ended meanwhile).
	 */
	public function hold(QueueItem $item, HeldException $e): void {
		$this->items->hold($item->getId(), $this->workerId, $this->time->getTime() + 86400);
	}

	/**
	 * The item failed: it is tried again after a backoff that grows with its attempts.
	 */
	public function fail(QueueItem $item, ReplicationException $e): void {
		$now = $this->time->getTime();
		$this->items->fail($item->getId(), $this->workerId, $e->errorCode, $e->sizeHint, $now + $this->backoff($item->getAttempts() + 1), $e->params, $now);
	}

	/**
	 * About a minute after the first failure, doubling up to six hours, with a little jitter so
	 * that many failed files do not all come back at once.
	 */
	public function backoff(int $attempts): int {
		$delay = min(self::MAX_BACKOFF, 60 * (2 ** min(20, max(0, $attempts - 1))));
		return (int)round($delay * (0.9 + mt_rand(0, 200) / 1000));
	}

	/**
	 * A worker killed mid-copy (the power went, someone pressed Ctrl-C) leaves its claims behind.
	 * When it ran on this machine and its process is gone, its work is free at once; claims of
	 * workers on other machines become free when they go stale.
	 */
	public function releaseDeadWorkers(): int {
		if (!function_exists('posix_kill')) {
			return 0;
		}
		$released = 0;
		foreach ($this->items->findClaimants() as $worker) {
			$parts = explode(':', $worker);
			if (count($parts) !== 3 || $parts[0] !== self::host() || !ctype_digit($parts[1]) || $worker === $this->workerId) {
				continue;
			}
			$pid = (int)$parts[1];
			// signal 0 only asks whether the process exists; EPERM means it does (another user's)
			if ($pid > 0 && !posix_kill($pid, 0) && posix_get_last_error() !== 1) {
				$released += $this->items->releaseWorker($worker);
			}
		}
		return $released;
	}
}
