<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\ManifestChanges;
use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\Claims;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Trash\SpaceGuard;
use Psr\Log\LoggerInterface;

/**
 * Works through the queue within a time budget: for each online target it claims a batch of due
 * items, hands each to the handler of its kind, and puts the batch's copies in place and records
 * them together. A drive checked online when the batch starts is checked again on any error.
 */
class Worker {
	private const HEARTBEAT_EVERY = 30;
	private const BATCH = 50;
	/**
	 * During a long run, the changed users' manifests are rewritten after a batch once this many
	 * seconds went by since they were last written (and always at the end of the run). Not after every
	 * batch: a small library's manifest is one whole file, and a large one's root lists every shard,
	 * so rewriting them per batch would make a first copy of a large library quadratic.
	 */
	public const MANIFEST_EVERY = 60.0;

	/** @var array<int, array<string, true>> target id => users whose files changed in this run */
	private array $changed = [];
	private float $manifestsWrittenAt = 0.0;

	public function __construct(
		private Claims $claims,
		private Handlers $handlers,
		private Replicator $replicator,
		private TargetMapper $targets,
		private DriveFactory $drives,
		private LoggerInterface $logger,
		private SpaceGuard $space,
		private ManifestService $manifests,
		private ThisNode $node,
		private NodeHeartbeats $heartbeats,
		private ManifestChanges $pendingManifests,
		private float $manifestEvery = self::MANIFEST_EVERY,
	) {
	}

	/**
	 * @param float $seconds the time budget: no new item starts after it
	 * @param callable(QueueItem, ?string): void|null $onItem called after each item (null or an error)
	 * @param (callable(): bool)|null $shouldStop asked before each item: true ends the run (a signal arrived)
	 */
	public function run(float $seconds, ?callable $onItem = null, ?callable $shouldStop = null): ProcessResult {
		$this->changed = [];
		$this->manifestsWrittenAt = microtime(true);
		// this node's drives have a worker: the health check knows it is alive
		$this->heartbeats->beat($this->node->name(), time());
		try {
			return $this->rounds($seconds, $onItem, $shouldStop);
		} finally {
			$this->writeManifests();
		}
	}

	/**
	 * Each drive describes itself: the manifests of the users whose files changed on it are rewritten
	 * at the end of each run, and after a batch once MANIFEST_EVERY seconds went by (not per file:
	 * each is a whole, atomic file); so are those a run killed before its manifest left changes for.
	 */
	private function writeManifests(): void {
		$this->manifestsWrittenAt = microtime(true);
		$pending = $this->pendingManifests->users();
		if ($this->changed === [] && $pending === []) {
			return;
		}
		foreach ($this->node->filter($this->targets->findEnabled()) as $target) {
			$targetId = (int)$target->getId();
			$users = $this->changed[$targetId] ?? [];
			// and those whose records a run killed before its manifest changed (ManifestChanges), where the drive is here
			if (array_diff_key($pending[$targetId] ?? [], $users) !== [] && $this->drives->forTarget($target)->state()->online) {
				$users += $pending[$targetId];
			}
			foreach (array_keys($users) as $userId) {
				try {
					$this->manifests->refresh($target, (string)$userId);
				} catch (\Throwable $e) {
					$this->logger->warning('Mirror could not write the manifest of ' . $userId . ' on target "' . $target->getName() . '": ' . $e->getMessage());
				}
			}
		}
		$this->changed = [];
	}

	private function rounds(float $seconds, ?callable $onItem, ?callable $shouldStop): ProcessResult {
		$deadline = microtime(true) + $seconds;
		$result = new ProcessResult();
		$this->claims->releaseDeadWorkers();
		/** @var array<int, int> $cursor target id => the last item id claimed in this round */
		$cursor = [];
		while (true) {
			$progress = false;
			// only the drives plugged into this server: another node's drive is that node's work
			foreach ($this->node->filter($this->targets->findEnabled()) as $target) {
				$targetId = (int)$target->getId();
				if (isset($result->offlineTargets[$targetId])) {
					continue;
				}
				$drive = $this->drives->forTarget($target);
				$state = $drive->state();
				if (!$state->online) {
					$result->offlineTargets[$targetId] = $state;
					continue;
				}
				if ($this->space->ensureRoom($drive, $state)) {
					$state = $drive->state();
				}
				[$items, $last] = $this->claims->claim($targetId, $state->freeBytes, $cursor[$targetId] ?? 0, self::BATCH);
				if ($last === 0) {
					continue;
				}
				$cursor[$targetId] = $last;
				if ($items === []) {
					continue;
				}
				$progress = true;
				$this->processBatch($target, $drive, $items, $result, $onItem, $deadline, $shouldStop);
				if ($result->timedOut) {
					return $result;
				}
				if (microtime(true) - $this->manifestsWrittenAt >= $this->manifestEvery) {
					$this->writeManifests();
				}
			}
			if (!$progress) {
				// nothing more is due after the cursors: start over once for items queued meanwhile
				if ($cursor === [] || !$this->anythingDue($result)) {
					return $result;
				}
				$cursor = [];
			}
		}
	}

	private function anythingDue(ProcessResult $result): bool {
		foreach ($this->node->filter($this->targets->findEnabled()) as $target) {
			if (isset($result->offlineTargets[$target->getId()])) {
				continue;
			}
			$state = $this->drives->forTarget($target)->state();
			if ($state->online && $this->claims->anyDue((int)$target->getId(), $state->freeBytes)) {
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
				$this->claims->heartbeat($ids);
			}
		};
		$batch = new CopyBatch($drive);
		$work = new Work($target, $drive, $batch, $heartbeat);
		$this->handlers->prepare($target, $items);
		foreach ($items as $index => $item) {
			if (microtime(true) >= $deadline || ($shouldStop !== null && $shouldStop())) {
				$result->timedOut = true;
				foreach (array_slice($items, $index) as $rest) {
					$this->claims->release($rest);
				}
				break;
			}
			try {
				if (!$this->handlers->handle($item, $work)) {
					$this->claims->complete($item);
					$this->succeeded($item, $result, $onItem);
				}
			} catch (TargetOfflineException $e) {
				$this->wentOffline($target, $batch, array_slice($items, $index), $e->state, $result);
				return;
			} catch (HeldException $e) {
				// the tripwire holds this user's destructive changes: the mirror keeps the last good state
				$this->claims->hold($item, $e);
				$result->held++;
			} catch (\Throwable $e) {
				// an I/O error because the drive was pulled out mid-copy is not the file's fault
				$state = $drive->state();
				if (!$state->online) {
					$this->wentOffline($target, $batch, array_slice($items, $index), $state, $result);
					return;
				}
				$this->failedWith($item, $target, $e, $result, $onItem);
			}
			if ($batch->isFull() && !$this->flush($target, $batch, $result, $onItem)) {
				foreach (array_slice($items, $index + 1) as $rest) {
					$this->claims->release($rest);
				}
				return;
			}
		}
		$this->flush($target, $batch, $result, $onItem);
	}

	/**
	 * Puts the batch's copies in place and records them, with their items completed, in one transaction.
	 *
	 * @param callable(QueueItem, ?string): void|null $onItem
	 * @return bool false when the target went offline
	 */
	private function flush(Target $target, CopyBatch $batch, ProcessResult $result, ?callable $onItem): bool {
		$offline = null;
		foreach ($this->replicator->flush($batch, fn (array $items) => $this->claims->completeMany($items)) as [$item, $error]) {
			if ($item === null) {
				continue;
			}
			if ($error === null) {
				$this->succeeded($item, $result, $onItem);
				continue;
			}
			if ($offline === null) {
				$state = $error instanceof TargetOfflineException ? $error->state : $batch->drive->state();
				$offline = $state->online ? null : $state;
			}
			if ($offline !== null) {
				$this->deferred($item, $target, $offline, $result);
				continue;
			}
			$this->failedWith($item, $target, $error, $result, $onItem);
		}
		return $offline === null;
	}

	/**
	 * The drive went away: the staged copies are dropped (what cannot be removed now is cleared by
	 * whoever takes the items next) and every item not done waits for the drive, using up no attempt.
	 *
	 * @param list<QueueItem> $rest the item that met the offline drive, and those after it
	 */
	private function wentOffline(Target $target, CopyBatch $batch, array $rest, TargetState $state, ProcessResult $result): void {
		$staged = $batch->take();
		$batch->drive->discard(array_column($staged, 'staged'));
		foreach ([...array_filter(array_column($staged, 'item')), ...$rest] as $item) {
			$this->deferred($item, $target, $state, $result);
		}
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 */
	private function succeeded(QueueItem $item, ProcessResult $result, ?callable $onItem): void {
		$result->done++;
		$this->changed[$item->getTargetId()][$item->getUserId()] = true;
		if ($onItem !== null) {
			$onItem($item, null);
		}
	}

	/**
	 * @param callable(QueueItem, ?string): void|null $onItem
	 */
	private function failedWith(QueueItem $item, Target $target, \Throwable $e, ProcessResult $result, ?callable $onItem): void {
		if ($e instanceof ReplicationException && $e->errorCode === ReplicationException::FULL && $e->sizeHint !== null) {
			// it did not fit: the oldest trash makes room, and the item comes back as soon as it fits
			$drive = $this->drives->forTarget($target);
			$this->space->ensureRoom($drive, $drive->state(), $e->sizeHint);
		}
		if ($e instanceof ReplicationException) {
			$this->logger->warning('Mirror could not process ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId() . ' for target "' . $target->getName() . '": ' . $e->getMessage());
		} else {
			$this->logger->error('Mirror failed on ' . $item->getKind() . ' ' . $item->getFileId() . ' of ' . $item->getUserId(), ['exception' => $e]);
			$e = new ReplicationException('Unexpected error: ' . $e->getMessage(), ReplicationException::IO, null, ['detail' => $e->getMessage()]);
		}
		$this->claims->fail($item, $e);
		$result->failed++;
		if ($onItem !== null) {
			$onItem($item, $e->getMessage());
		}
	}

	/**
	 * Not the file's fault: no attempt is used up, the work waits for the drive. The claim keeps
	 * this worker's name, so whoever takes the item next clears what the interrupted copy left.
	 */
	private function deferred(QueueItem $item, Target $target, TargetState $state, ProcessResult $result): void {
		$this->claims->interrupt($item);
		$result->deferred++;
		if (!isset($result->offlineTargets[$target->getId()])) {
			$this->logger->info('Mirror target "' . $target->getName() . '" went offline (' . ($state->reason ?? 'offline') . ')');
		}
		$result->offlineTargets[(int)$target->getId()] = $state;
	}
}
