<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\Exports\Export;
use OCA\Mirror\Drive\Exports\WritableExports;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\ItemPath;

/**
 * Decides which conditions hold now, cheaply: one look at each drive's marker and free space, and
 * a few grouped queries on the queue. No file walks.
 *
 * @psalm-import-type MirrorHealthSettings from ResponseDefinitions
 */
class HealthChecker {
	/** Names of failing files given with a condition. */
	public const SAMPLE = 5;
	/** A verify that found damage is reported for this long, unless a later verify finds none. */
	public const DAMAGE_DAYS = 7;
	/** A node holding drives whose worker has not run for this long is silent: nobody copies to its drives. */
	public const NODE_SILENT_AFTER = 3600;
	/** What only the drive's own node can see: carried over unchanged when another node checks. */
	/** A copy the drive returned different bytes for this many times in a row: the drive damages files. */
	public const READ_BACK_ATTEMPTS = 3;
	private const DRIVE_CONDITIONS = [Condition::OFFLINE, Condition::FULL, Condition::FILLING, Condition::EXPORTED, Condition::RACE];

	public function __construct(
		private TargetMapper $targets,
		private DriveFactory $drives,
		private QueueReader $queue,
		private HealthSettings $settings,
		private HealthStore $store,
		private SpaceHistory $space,
		private ItemPath $paths,
		private WritableExports $exports,
		private FailingFiles $failingFiles,
		private ThisNode $node,
		private NodeHeartbeats $heartbeats,
		private ScrubSettings $scrub,
	) {
	}

	/**
	 * The conditions in force now. Keeps, between runs, when each drive was first seen offline.
	 *
	 * @return array<string, Condition> by Condition::key()
	 */
	public function check(int $now): array {
		$settings = $this->settings->get();
		$seen = $this->store->offlineSeen();
		$failing = $this->failingFiles->perTarget($now, $settings['failingHours'], self::SAMPLE);
		$waiting = $this->queue->oldestWaiting();
		$verifies = $this->store->verifies();
		$records = [
			'failing' => $failing,
			'verifies' => $verifies,
			'readBack' => $this->queue->failingAgain(ReplicationException::READ_BACK, self::READ_BACK_ATTEMPTS),
			'conflicts' => $this->store->scrubConflicts(),
			'scrubDue' => 2 * $this->scrub->intervalSeconds(),
		];
		$conditions = [];
		$enabled = [];
		$all = $this->targets->findEnabled();
		$previous = $this->store->conditions();
		$nodesSeen = $this->heartbeats->all();
		foreach ($all as $target) {
			$id = (int)$target->getId();
			$enabled[$id] = true;
			if (!$this->node->holds($target)) {
				// another server's drive: what its node last found stands, and it is judged by whether that node still runs
				$this->fromItsNode($target, $previous, $nodesSeen, $now, $conditions);
				$this->fromTheQueue($target, $records, $now, $conditions);
				continue;
			}
			$drive = $this->drives->forTarget($target);
			$state = $drive->state();
			if ($target->isOfflineDrive()) {
				$this->reminder($target, $settings, $now, $conditions);
			}
			if (!$state->online && $target->isOfflineDrive() && $this->rests($state, $drive->readMarker(), $all)) {
				unset($seen[$id]); // unplugged is its normal state: no alarm, no grace timer
			} elseif ($state->online) {
				unset($seen[$id]);
				$this->space($target, $state, $settings, $now, $conditions);
				$this->race($target, $drive, $now, $conditions);
				$oldest = $waiting[$id] ?? null;
				if ($oldest !== null && $target->getPresentSince() !== null) {
					$oldest = max($oldest, $target->getPresentSince()); // an offline drive lags only from when it was plugged in
				}
				if ($oldest !== null && $oldest < $now - $settings['laggingHours'] * 3600) {
					$this->add($conditions, new Condition($id, $target->getName(), Condition::LAGGING, $oldest));
				}
			} else {
				$seen[$id] ??= $now;
				// another drive, or a foreign one, at the mount point is no passing hiccup: at once
				$at = $state->reason === TargetState::MARKER_MISMATCH ? 0 : $settings['offlineGraceMinutes'] * 60;
				if ($now - $seen[$id] >= $at) {
					$this->add($conditions, new Condition($id, $target->getName(), Condition::OFFLINE, $seen[$id], ['reason' => (string)$state->reason]));
				}
			}
			$this->exported($target, $now, $conditions);
			$this->fromTheQueue($target, $records, $now, $conditions);
		}
		$this->store->saveOfflineSeen(array_intersect_key($seen, $enabled));
		return $conditions;
	}

	/**
	 * What the records say, whichever node looks: files failing for long, a drive not fully checked for
	 * twice the scheduled check's interval, damage found by verify, the scheduled check or the read-back.
	 *
	 * @param array{failing: array<int, array{count: int, since: int, sample: list<\OCA\Mirror\Queue\QueueItem>}>, verifies: array<int, array{at: int, damaged: int, by?: string}>, readBack: array<int, array{count: int, since: int}>, conflicts: array<int, list<string>>, scrubDue: int} $records
	 * @param array<string, Condition> $conditions
	 */
	private function fromTheQueue(Target $target, array $records, int $now, array &$conditions): void {
		$id = (int)$target->getId();
		$failing = $records['failing'];
		if (isset($failing[$id])) {
			$files = [];
			foreach ($failing[$id]['sample'] as $item) {
				$files[] = $item->getUserId() . '/' . ($this->paths->of($item) ?? '#' . $item->getFileId());
			}
			$this->add($conditions, new Condition($id, $target->getName(), Condition::FAILING, $failing[$id]['since'], [
				'count' => $failing[$id]['count'], 'files' => $files,
			]));
		}
		// every copy is checked once an interval: a drive not fully checked for twice that is a warning
		$checked = $target->getScrubbedAt() ?? $target->getCreatedAt();
		if ($now - $checked > $records['scrubDue']) {
			$this->add($conditions, new Condition($id, $target->getName(), Condition::UNCHECKED, $checked, [
				'days' => intdiv($now - $checked, 86400), 'reason' => $target->getScrubbedAt() === null ? 'never' : 'overdue',
			]));
		}
		$verify = $records['verifies'][$id] ?? null;
		$readBack = $records['readBack'];
		if ($verify !== null && $verify['damaged'] > 0 && $verify['at'] >= $now - self::DAMAGE_DAYS * 86400) {
			$details = ['count' => $verify['damaged'], 'reason' => ($verify['by'] ?? null) === HealthStore::BY_SCRUB ? Condition::FOUND_SCRUB : Condition::FOUND_VERIFY];
			if (isset($records['conflicts'][$id])) {
				$details['files'] = $records['conflicts'][$id];
			}
			$this->add($conditions, new Condition($id, $target->getName(), Condition::DAMAGED, $verify['at'], $details));
		} elseif (isset($readBack[$id])) {
			// the read-back after writing found it, again and again: the same condition, its own words
			$this->add($conditions, new Condition($id, $target->getName(), Condition::DAMAGED, $readBack[$id]['since'], ['count' => $readBack[$id]['count'], 'reason' => Condition::FOUND_READ_BACK]));
		}
	}

	/**
	 * A target whose drive another server holds: this one cannot see the drive (it is not mounted
	 * here), so it never judges it offline. What the drive's node found last is kept as it was; and
	 * when that node's worker has not run for too long, that is the condition.
	 *
	 * @param array<string, Condition> $previous
	 * @param array<string, int> $nodesSeen
	 * @param array<string, Condition> $conditions
	 */
	private function fromItsNode(Target $target, array $previous, array $nodesSeen, int $now, array &$conditions): void {
		$id = (int)$target->getId();
		foreach (self::DRIVE_CONDITIONS as $type) {
			$before = $previous[$id . ':' . $type] ?? null;
			if ($before !== null) {
				$this->add($conditions, $before);
			}
		}
		$node = (string)$target->getNode();
		$seen = $nodesSeen[$node] ?? null;
		// a node never seen counts from when the target was given to it
		$since = $seen ?? $target->getCreatedAt();
		if ($since < $now - self::NODE_SILENT_AFTER) {
			$this->add($conditions, new Condition($id, $target->getName(), Condition::NODE_SILENT, $since, ['node' => $node]));
		}
	}

	/**
	 * Drive operations that are not race-free where the worker runs: told in the CLI (cron, occ), where
	 * the worker copies too. A web request (the admin page saving the settings) cannot tell, its PHP
	 * has no FFI by design: what the last look from the CLI found stands.
	 *
	 * @param array<string, Condition> $conditions
	 */
	private function race(Target $target, Drive $drive, int $now, array &$conditions): void {
		$id = (int)$target->getId();
		if (PHP_SAPI !== 'cli') {
			$before = $this->store->conditions()[$id . ':' . Condition::RACE] ?? null;
			if ($before !== null) {
				$this->add($conditions, $before);
			}
			return;
		}
		if (!$drive->isRaceFree()) {
			$this->add($conditions, new Condition($id, $target->getName(), Condition::RACE, $now, ['reason' => Libc::reason()]));
		}
	}

	/**
	 * An offline drive away from the server: not mounted, or one of its siblings (another offline
	 * drive sharing its mount point) is. Anything else at its place (a foreign drive, a folder
	 * Nextcloud cannot write) is as wrong as for any target.
	 *
	 * @param array<string, mixed>|null $marker the marker found at its path
	 * @param list<Target> $targets
	 */
	private function rests(TargetState $state, ?array $marker, array $targets): bool {
		if (in_array($state->reason, [TargetState::MARKER_MISSING, TargetState::NOT_FOUND], true)) {
			return true;
		}
		if ($state->reason !== TargetState::MARKER_MISMATCH || $marker === null) {
			return false;
		}
		foreach ($targets as $other) {
			if ($other->isOfflineDrive() && $other->getUuid() === ($marker['uuid'] ?? null)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @param MirrorHealthSettings $settings
	 * @param array<string, Condition> $conditions
	 */
	private function reminder(Target $target, array $settings, int $now, array &$conditions): void {
		$last = $target->getLastCompleteAt() ?? $target->getCreatedAt();
		$days = intdiv(max(0, $now - $last), 86400);
		if ($days >= $settings['offlineReminderDays']) {
			$this->add($conditions, new Condition((int)$target->getId(), $target->getName(), Condition::REMINDER, $last, ['days' => $days]));
		}
	}

	/**
	 * @param MirrorHealthSettings $settings
	 * @param array<string, Condition> $conditions
	 */
	private function space(Target $target, TargetState $state, array $settings, int $now, array &$conditions): void {
		$free = $state->freeBytes;
		$total = $state->totalBytes;
		if ($free === null || $total === null || $total <= 0) {
			return;
		}
		$id = (int)$target->getId();
		$this->space->record($id, $free, $now);
		$daysLeft = $this->space->daysLeft($id, $free, $now);
		$details = ['freeBytes' => $free, 'totalBytes' => $total];
		if ($daysLeft !== null) {
			$details['daysLeft'] = $daysLeft;
		}
		if ($free < $this->settings->reserveBytes($total)) {
			$this->add($conditions, new Condition($id, $target->getName(), Condition::FULL, $now, $details));
		} elseif ($daysLeft !== null && $daysLeft <= $settings['fillingDays']) {
			$this->add($conditions, new Condition($id, $target->getName(), Condition::FILLING, $now, $details));
		}
	}

	/**
	 * The drive, or a folder above or inside it, is exported read-write (/etc/exports, smb.conf): a
	 * laptop with malware on the network could encrypt or delete the backup itself.
	 *
	 * @param array<string, Condition> $conditions
	 */
	private function exported(Target $target, int $now, array &$conditions): void {
		$found = $this->exports->over($target->getPath());
		if ($found === []) {
			return;
		}
		$kinds = array_values(array_unique(array_map(static fn (Export $e): string => $e->kind, $found)));
		sort($kinds);
		$this->add($conditions, new Condition((int)$target->getId(), $target->getName(), Condition::EXPORTED, $now, [
			'reason' => implode('_', $kinds), // nfs, samba, nfs_samba
			'files' => array_map(static fn (Export $e): string => $e->file . ': ' . $e->entry, $found),
			'message' => implode('; ', array_map(static fn (Export $e): string => $e->file . ': ' . $e->fix, $found)),
		]));
	}

	/**
	 * @param array<string, Condition> $conditions
	 */
	private function add(array &$conditions, Condition $condition): void {
		$conditions[$condition->key()] = $condition;
	}
}
