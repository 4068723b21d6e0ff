<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Db\QueueItem;
use OCA\Mirror\Db\QueueItemMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\TargetOfflineException;
use OCA\Mirror\Model\ProcessResult;
use OCP\AppFramework\Utility\ITimeFactory;
use Psr\Log\LoggerInterface;

/**
 * Works through the queue within a time budget. Each item is claimed with a conditional UPDATE
 * first, so any number of cron processes, workers and occ runs can share the queue.
 */
class QueueProcessor {
	/** A claim not refreshed for this long belongs to a dead worker. */
	public const STALE_AFTER = 300;
	private const HEARTBEAT_EVERY = 30;
	private const BATCH = 50;
	private const MAX_BACKOFF = 6 * 3600;

	private string $workerId;

	public function __construct(
		private QueueItemMapper $queue,
		private TargetMapper $targets,
		private DriveFactory $drives,
		private Replicator $replicator,
		private ITimeFactory $time,
		private LoggerInterface $logger,
	) {
		$this->workerId = self::host() . ':' . getmypid() . ':' . bin2hex(random_bytes(4));
	}

	private static function host(): string {
		return substr(gethostname() ?: 'host', 0, 30);
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
		foreach ($this->queue->findClaimants() as $worker) {
			$parts = explode(':', $worker);
			if (count($parts) !== 3 || $parts[0] !== self::host() || !ctype_digit($parts[1]) || $worker === $this->workerId) {
				continue;
			}
			$pid = (int)$parts[1];
			// signal 0 only asks whether the process exists; EPERM means it does (another user's)
			if ($pid > 0 && !posix_kill($pid, 0) && posix_get_last_error() !== 1) {
				$released += $this->queue->releaseWorker($worker);
			}
		}
		return $released;
	}

	/**
	 * @param float $seconds the time budget: no new item starts after it
	 * @param callable(QueueItem, ?string): void|null $onItem called after each item (null or an error)
	 * @param (callable(): bool)|null $shouldStop asked before each item: true ends the run (a signal arrived)
	 */
	public function run(float $seconds, ?callable $onItem = null, ?callable $shouldStop = null): ProcessResult {
		$deadline = microtime(true) + $seconds;
		$result = new ProcessResult();
		$this->releaseDeadWorkers();
		$cursor = [];
		while (true) {
			$progress = false;
			foreach ($this->targets->findEnabled() as $target) {
				if (isset($result->offlineTargets[$target->getId()])) {
					continue;
				}
				$drive = $this->drives->forTarget($target);
				$state = $drive->state();
				if (!$state->online) {
					$result->offlineTargets[$target->getId()] = $state->message;
					continue;
				}
				$now = $this->time->getTime();
				$due = $this->queue->findDue($target->getId(), $now, $now - self::STALE_AFTER, self::BATCH, $state->freeBytes, $cursor[$target->getId()] ?? 0);
				if ($due === []) {
					continue;
				}
				$cursor[$target->getId()] = $due[count($due) - 1]->getId();
				// one UPDATE claims the lot; items another worker holds are left to it
				$owned = array_flip($this->queue->claimMany(array_map(static fn (QueueItem $i): int => $i->getId(), $due), $this->workerId, $now, $now - self::STALE_AFTER));
				$items = array_values(array_filter($due, static fn (QueueItem $i): bool => isset($owned[$i->getId()])));
				if ($items === []) {
					continue;
				}
				$progress = true;
				$this->processBatch($target, $drive, $items, $result, $onItem, $deadline, $shouldStop);
				if ($result->timedOut) {
					return $result;
				}
			}
			if (!$progress) {
				// nothing more is due after the cursors: start over once for items queued meanwhile
				if ($cursor === []) {
					return $result;
				}
				$cursor = [];
				if (!$this->anythingDue($result)) {
					return $result;
				}
			}
		}
	}

	private function anythingDue(ProcessResult $result): bool {
		foreach ($this->targets->findEnabled() as $target) {
			if (isset($result->offlineTargets[$target->getId()])) {
				continue;
			}
			$now = $this->time->getTime();
			$state = $this->drives->forTarget($target)->state();
			if ($state->online && $this->queue->findDue($target->getId(), $now, $now - self::STALE_AFTER, 1, $state->freeBytes) !== []) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Works through claimed items of one target. Copies are staged into a batch that is put in place
	 * and recorded together whenever it is full, and at the end.
	 *
	 * @param non-empty-list<QueueItem> $items claimed by this worker
	 * @param callable(QueueItem, ?string): void|null $onItem
	 * @param (callable(): bool)|null $shouldStop
	 */
	private function processBatch(Target $target, Drive $drive, array $items, ProcessResult $result, ?callable $onItem, float $deadline, ?callable $shouldStop): void {
		$ids = array_map(static fn (QueueItem $i): int => $i->getId(), $items);
		$lastBeat = microtime(true);
		$heartbeat = function () use ($ids, &$lastBeat): void {
			if (microtime(true) - $lastBeat >= self::HEARTBEAT_EVERY) {
				$lastBeat = microtime(true);
				$this->queue->heartbeatMany($ids, $this->workerId, $this->time->getTime());
			}
		};
		$batch = new CopyBatch($drive);
		$this->replicator->prefetch($target, $items);
		foreach ($items as $index => $item) {
			if (microtime(true) >= $deadline || ($shouldStop !== null && $shouldStop())) {
				$result->timedOut = true;
				$this->releaseAll(array_slice($items, $index), false);
				break;
			}
			try {
				if (!$this->replicator->process($item, $target, $heartbeat, $batch)) {
					$this->queue->complete($item, $this->workerId);
					$this->succeeded($item, $result, $onItem);
				}
			} catch (TargetOfflineException $e) {
				$this->wentOffline($target, $drive, $batch, array_slice($items, $index), $e->getMessage(), $result);
				return;
			} catch (\Throwable $e) {
				// an I/O error because the drive was pulled out mid-copy is not the file's fault
				$state = $drive->state();
				if (!$state->online) {
					$this->wentOffline($target, $drive, $batch, array_slice($items, $index), $state->message, $result);
					return;
				}
				$this->failedWith($item, $target, $e, $result, $onItem);
			}
			if ($batch->isFull() && !$this->flush($target, $batch, $result, $onItem)) {
				$this->releaseAll(array_slice($items, $index + 1), false);
				return;
			}
		}
		$this->flush($target, $batch, $result, $onItem);
	}

	/**
	 * Puts the batch's copies in place and records them.
	 *
	 * @param callable(QueueItem, ?string): void|null $onItem
	 * @return bool false when the target went offline
	 */
	private function flush(Target $target, CopyBatch $batch, ProcessResult $result, ?callable $onItem): bool {
		$online = true;
		foreach ($this->replicator->flush($batch, fn (QueueItem $item) => $this->queue->complete($item, $this->workerId)) as [$item, $error]) {
			if ($item === null) {
				continue;
			}
			if ($error === null) {
				$this->succeeded($item, $result, $onItem);
				continue;
			}
			if ($online && ($error instanceof TargetOfflineException || !$batch->drive->state()->online)) {
				$online = false;
			}
			if (!$online) {
				$this->deferred($item, $target, $error->getMessage(), $result);
				continue;
			}
			$this->failedWith($item, $target, $error, $result, $onItem);
		}
		return $online;
	}

	/**
	 * The drive went away: the staged copies are dropped (what cannot be removed now is cleared by
	 * whoever takes the items next) and every item not done waits for the drive, using up no attempt.
	 *
	 * @param list<QueueItem> $rest the item that met the offline drive, and those after it
	 */
	private function wentOffline(Target $target, Drive $drive, CopyBatch $batch, array $rest, string $why, ProcessResult $result): void {
		$staged = $batch->take();
		$drive->discard(array_column($staged, 'staged'));
		foreach ([...array_filter(array_column($staged, 'item')), ...$rest] as $item) {
			$this->deferred($item, $target, $why, $result);
		}
	}

	/**
	 * @param list<QueueItem> $items
	 */
	private function releaseAll(array $items, bool $interrupted): void {
		foreach ($items as $item) {
			$this->queue->release($item->getId(), $this->workerId, null, $interrupted);
		}
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 */
	private function succeeded(QueueItem $item, ProcessResult $result, ?callable $onItem): void {
		$result->done++;
		if ($onItem !== null) {
			$onItem($item, null);
		}
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 */
	private function failedWith(QueueItem $item, Target $target, \Throwable $e, ProcessResult $result, ?callable $onItem): void {
		if ($e instanceof ReplicationException) {
			$this->failed($item, $e->getMessage(), $e->errorCode, $e->sizeHint, $result, $onItem, $e->params);
			$this->logger->warning('Mirror could not process ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId() . ' for target "' . $target->getName() . '": ' . $e->getMessage());
			return;
		}
		$this->failed($item, 'Unexpected error: ' . $e->getMessage(), ReplicationException::IO, null, $result, $onItem, ['detail' => $e->getMessage()]);
		$this->logger->error('Mirror failed on ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId(), ['exception' => $e]);
	}

	/**
	 * Not the file's fault: no attempt is used up, the work waits for the drive. The claim keeps
	 * this worker's name, so whoever takes the item next clears what the interrupted copy left.
	 */
	private function deferred(QueueItem $item, Target $target, string $why, ProcessResult $result): void {
		$this->queue->release($item->getId(), $this->workerId, null, true);
		$result->deferred++;
		if (!isset($result->offlineTargets[$target->getId()])) {
			$this->logger->info('Mirror target "' . $target->getName() . '" went offline: ' . $why);
		}
		$result->offlineTargets[$target->getId()] = $why;
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 * @param array<string, string|int> $params
	 */
	private function failed(QueueItem $item, string $message, string $code, ?int $sizeHint, ProcessResult $result, ?callable $onItem, array $params = []): void {
		$attempts = $item->getAttempts() + 1;
		$this->queue->fail($item->getId(), $this->workerId, $message, $code, $sizeHint, $this->time->getTime() + $this->backoff($attempts), $params);
		$result->failed++;
		if ($onItem !== null) {
			$onItem($item, $message);
		}
	}

	/**
	 * About a minute after the first failure, doubling up to six hours, with a little jitter so
	 * that many failed files do not all come back at once.
	 */
	public function backoff(int $attempts): int {
		$delay = min(self::MAX_BACKOFF, 60 * (2 ** min(20, max(0, $attempts - 1))));
		return (int)round($delay * (0.9 + mt_rand(0, 200) / 1000));
	}
}
