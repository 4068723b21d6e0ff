<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Health\ScrubSettings;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\OfflineDrivePhase;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * The scheduled check (scrub): every copy on every drive is read back from the drive once per
 * interval and compared with the sha256 recorded when it was written, a share in each cron run
 * (time-boxed, throttled by a token bucket on bytes read), the pass's progress kept on the target
 * (it resumes after a restart, or at an offline drive's next visit).
 *
 * A damaged (or missing) copy is copied again when the file in Nextcloud is still the one recorded
 * (same sha256) or was changed in Nextcloud since (the newer file is the good one). When the file in
 * Nextcloud looks unchanged but its bytes differ from the record too, neither is known good: nothing
 * is copied over it, and the admin is told (the damaged condition names the file). Every find feeds
 * the damaged condition; a full pass that finds nothing clears it.
 */
class Scrubber {
	private const PAGE = 200;

	public function __construct(
		private readonly TargetMapper $targets,
		private readonly ReplicaMapper $replicas,
		private readonly DriveFactory $drives,
		private readonly SourceResolver $resolver,
		private readonly WorkQueue $queue,
		private readonly HealthStore $health,
		private readonly ScrubSettings $settings,
		private readonly ITimeFactory $time,
	) {
	}

	/**
	 * Checks the copies of every enabled target whose pass is due or under way, until $until (microtime).
	 *
	 * @return array<int, array{checked: int, bytes: int, bad: int, finished: bool, seconds: float}> target id => what this run did
	 */
	public function run(float $until, ?TokenBucket $bucket = null): array {
		$bucket ??= TokenBucket::realTime($this->settings->bytesPerSecond());
		$out = [];
		foreach ($this->targets->findEnabled() as $target) {
			if (microtime(true) >= $until) {
				break;
			}
			$done = $this->scrub($target, $until, $bucket);
			if ($done !== null) {
				$out[(int)$target->getId()] = $done;
			}
		}
		return $out;
	}

	/**
	 * One target's share: null when its pass is not due, or its drive is away (or an offline drive still
	 * catching up: "safe to unplug" comes first).
	 *
	 * @return array{checked: int, bytes: int, bad: int, finished: bool, seconds: float}|null what it did, and how long it read
	 */
	public function scrub(Target $target, float $until, TokenBucket $bucket): ?array {
		$now = $this->time->getTime();
		if ($target->getScrubCursor() === null && $target->getScrubStartedAt() !== null && $now < $target->getScrubStartedAt() + $this->settings->intervalSeconds()) {
			return null; // the last pass began less than an interval ago
		}
		if ($target->isOfflineDrive() && OfflineDrivePhase::of($target) !== OfflineDrivePhase::UP_TO_DATE) {
			return null;
		}
		$drive = $this->drives->forTarget($target);
		if (!$drive->state()->online) {
			return null;
		}
		if ($target->getScrubCursor() === null) {
			$target->setScrubCursor(0);
			$target->setScrubStartedAt($now);
			$target->setScrubBytes(0);
			$target->setScrubBad(0);
			$this->targets->update($target);
		}
		$done = ['checked' => 0, 'bytes' => 0, 'bad' => 0, 'finished' => false, 'seconds' => 0.0];
		$started = hrtime(true);
		try {
			while (microtime(true) < $until) {
				$page = $this->replicas->findAfter((int)$target->getId(), (int)$target->getScrubCursor(), self::PAGE);
				if ($page === []) {
					$this->finish($target);
					$done['finished'] = true;
					break;
				}
				foreach ($page as $replica) {
					if (microtime(true) >= $until) {
						break;
					}
					$good = $this->check($drive, $replica, $bucket);
					$done['checked']++;
					$done['bytes'] += $replica->getSize();
					$target->setScrubBytes((int)$target->getScrubBytes() + $replica->getSize());
					if (!$good) {
						$done['bad']++;
						$target->setScrubBad((int)$target->getScrubBad() + 1);
						$this->repair($target, $replica);
						$this->health->recordVerify((int)$target->getId(), (int)$target->getScrubBad(), $this->time->getTime(), HealthStore::BY_SCRUB);
					}
					$target->setScrubCursor((int)$replica->getId());
				}
				$this->targets->update($target); // progress kept: a restart resumes here
			}
		} catch (TargetOfflineException) {
			// unplugged (or another drive mounted) meanwhile: the pass resumes at its next visit
		} finally {
			$this->targets->update($target);
		}
		$done['seconds'] = round((hrtime(true) - $started) / 1e9, 3);
		return $done;
	}

	/**
	 * Whether the copy on the drive is the one recorded: read from the drive itself, throttled.
	 *
	 * @throws TargetOfflineException
	 */
	private function check(Drive $drive, Replica $replica, TokenBucket $bucket): bool {
		try {
			$read = $drive->recheck($replica->getUserId(), $replica->getPath(), $replica->getDrivePath(), $replica->getSize(), $bucket->take(...));
		} catch (ReplicationException $e) {
			$state = $e->errorCode === ReplicationException::DIFFERENT_SIZE ? null : $drive->state();
			if ($state !== null && !$state->online) {
				throw new TargetOfflineException($state); // a read error because the drive went away: not a damaged copy
			}
			return false; // another size, a link where the copy should be, unreadable: not a good copy
		}
		return $read === $replica->getChecksum();
	}

	/**
	 * A damaged copy: copied again from Nextcloud when Nextcloud's file is the recorded one (or a newer
	 * one); otherwise kept, and named to the admin.
	 */
	private function repair(Target $target, Replica $replica): void {
		$source = $this->resolver->file($replica->getUserId(), $replica->getFileId());
		$unchanged = $source !== null && $source->etag === $replica->getEtag() && $source->size === $replica->getSize() && $source->mtime === $replica->getMtime();
		if ($unchanged && $this->sourceChecksum($source) !== $replica->getChecksum()) {
			// the file in Nextcloud is not what was copied either, though Nextcloud says it did not change
			$this->health->recordScrubConflict((int)$target->getId(), $replica->getUserId() . '/' . $replica->getPath());
			return;
		}
		// forget the record, so that the worker copies the file again (the bad copy goes to the drive's trash)
		$this->replicas->delete($replica);
		$this->queue->enqueueFor((int)$target->getId(), $replica->getUserId(), $replica->getFileId(), QueueItem::KIND_FILE);
	}

	private function sourceChecksum(SourceFile $source): ?string {
		try {
			$stream = $source->storage->fopen($source->internalPath, 'r');
		} catch (\Throwable) {
			return null;
		}
		if (!is_resource($stream)) {
			return null;
		}
		try {
			$hash = hash_init('sha256');
			hash_update_stream($hash, $stream);
			return hash_final($hash);
		} finally {
			fclose($stream);
		}
	}

	private function finish(Target $target): void {
		$now = $this->time->getTime();
		$target->setScrubbedAt($now);
		$target->setScrubbedBytes((int)$target->getScrubBytes());
		$target->setScrubbedBad((int)$target->getScrubBad());
		$target->setScrubCursor(null);
		// a full pass is as good as a verify: what it found stands (none clears the damaged condition)
		$this->health->recordVerify((int)$target->getId(), (int)$target->getScrubBad(), $now, HealthStore::BY_SCRUB);
		if ((int)$target->getScrubBad() === 0) {
			$this->health->clearScrubConflicts((int)$target->getId());
		}
	}
}
