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
	 */
	public function run(float $seconds, ?callable $onItem = null): ProcessResult {
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
				$state = $this->drives->forTarget($target)->state();
				if (!$state->online) {
					$result->offlineTargets[$target->getId()] = $state->message;
					continue;
				}
				$now = $this->time->getTime();
				$items = $this->queue->findDue($target->getId(), $now, $now - self::STALE_AFTER, self::BATCH, $state->freeBytes, $cursor[$target->getId()] ?? 0);
				foreach ($items as $item) {
					$cursor[$target->getId()] = $item->getId();
					if (microtime(true) >= $deadline) {
						$result->timedOut = true;
						return $result;
					}
					$now = $this->time->getTime();
					if (!$this->queue->claim($item->getId(), $this->workerId, $now, $now - self::STALE_AFTER)) {
						continue; // another worker has it
					}
					$progress = true;
					if (!$this->processOne($item, $target, $result, $onItem)) {
						break; // the target went offline: leave its other items alone
					}
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
	 * @param callable(QueueItem, ?string): void|null $onItem
	 * @return bool false when the target went offline
	 */
	private function processOne(QueueItem $item, Target $target, ProcessResult $result, ?callable $onItem): bool {
		$lastBeat = microtime(true);
		$heartbeat = function () use ($item, &$lastBeat): void {
			if (microtime(true) - $lastBeat >= self::HEARTBEAT_EVERY) {
				$lastBeat = microtime(true);
				$this->queue->heartbeat($item->getId(), $this->workerId, $this->time->getTime());
			}
		};
		$completed = false;
		$complete = function () use ($item, &$completed): void {
			$this->queue->complete($item, $this->workerId);
			$completed = true;
		};
		try {
			$this->replicator->process($item, $target, $heartbeat, $complete);
			if (!$completed) {
				$complete();
			}
			$result->done++;
			if ($onItem !== null) {
				$onItem($item, null);
			}
			return true;
		} catch (TargetOfflineException $e) {
			return $this->deferred($item, $target, $e->getMessage(), $result);
		} catch (ReplicationException $e) {
			// an I/O error because the drive was pulled out mid-copy is not the file's fault
			$state = $this->drives->forTarget($target)->state();
			if (!$state->online) {
				return $this->deferred($item, $target, $state->message, $result);
			}
			$this->failed($item, $e->getMessage(), $e->errorCode, $e->sizeHint, $result, $onItem);
			$this->logger->warning('Mirror could not process ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId() . ' for target "' . $target->getName() . '": ' . $e->getMessage());
			return true;
		} catch (\Throwable $e) {
			$state = $this->drives->forTarget($target)->state();
			if (!$state->online) {
				return $this->deferred($item, $target, $state->message, $result);
			}
			$this->failed($item, 'Unexpected error: ' . $e->getMessage(), ReplicationException::IO, null, $result, $onItem);
			$this->logger->error('Mirror failed on ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId(), ['exception' => $e]);
			return true;
		}
	}

	/**
	 * Not the file's fault: no attempt is used up, the work waits for the drive.
	 *
	 * @return false
	 */
	private function deferred(QueueItem $item, Target $target, string $why, ProcessResult $result): bool {
		$this->queue->release($item->getId(), $this->workerId, null, true);
		$result->deferred++;
		$result->offlineTargets[$target->getId()] = $why;
		$this->logger->info('Mirror target "' . $target->getName() . '" went offline: ' . $why);
		return false;
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 */
	private function failed(QueueItem $item, string $message, string $code, ?int $sizeHint, ProcessResult $result, ?callable $onItem): void {
		$attempts = $item->getAttempts() + 1;
		$this->queue->fail($item->getId(), $this->workerId, $message, $code, $sizeHint, $this->time->getTime() + $this->backoff($attempts));
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
