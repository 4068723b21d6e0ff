<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Db\ChangedRecords;
use OCA\Mirror\Db\ManifestChanges;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ManifestLock;
use OCA\Mirror\Drive\RecoveryKey;
use OCP\IAppConfig;

/**
 * Keeps each user's manifest on a drive in step with the records: what is there, with its sha256,
 * so that the family can check the copy anywhere with `sha256sum -c`, and a restore without the
 * database knows what to trust: the index is signed with the recovery key (created here on first use).
 *
 * A library of up to PER_SHARD files is one file, written whole. A larger one is written in shards of
 * file id ranges (ManifestShards), each about PER_SHARD records: a run rewrites only the shards holding
 * a record it changed (ChangedRecords), and the root that lists them, so a few new photos cost what
 * they weigh, not what the library weighs, and the shards of the records a run killed before it wrote
 * its manifest changed (ManifestChanges). The whole manifest is written again when the previous one
 * cannot be built on (none, unverified, of format 2, another width), when it does not count the records
 * the database counts (a run stopped before it wrote its manifest), and when asked ($whole: a drive
 * about to be called safe to unplug).
 */
class ManifestService {
	/** records per shard that the width aims at; up to this many, the manifest is one file */
	public const PER_SHARD = 2000;

	public function __construct(
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private RecoveryKeys $keys,
		private ManifestReader $reader,
		private ChangedRecords $changes,
		private IAppConfig $config,
		private ManifestLock $lock,
		private ManifestChanges $pending,
	) {
	}

	/**
	 * @param bool $whole every shard written again, whatever changed
	 * @return int how many files the manifest lists
	 */
	public function refresh(Target $target, string $userId, bool $whole = false): int {
		$targetId = (int)$target->getId();
		$changed = $this->changes->take($targetId, $userId);
		try {
			return $this->lock->holding($targetId, function () use ($target, $targetId, $userId, $whole, $changed): int {
				// with the changes of runs killed before they wrote their manifest (read under the lock: none is written meanwhile)
				$pending = $this->pending->pending($targetId, $userId);
				$count = $this->write($target, $userId, $whole || $changed === null ? null : array_values(array_unique([...$changed, ...$pending['fileIds']])));
				$this->pending->forget($pending['rows']);
				return $count;
			});
		} catch (\Throwable $e) {
			$this->changes->unknown($targetId, $userId); // not written: the next run writes it whole
			throw $e;
		}
	}

	/**
	 * @param list<int>|null $changed file ids of the records changed (null: not known)
	 */
	private function write(Target $target, string $userId, ?array $changed): int {
		$targetId = (int)$target->getId();
		$drive = $this->drives->forTarget($target);
		$key = $this->keys->current();
		$span = $this->replicas->fileIdSpan($targetId, $userId);
		$perShard = max(1, $this->config->getValueInt(Application::APP_ID, 'manifest_shard_entries', self::PER_SHARD));
		if ($span['count'] <= $perShard) {
			return $drive->writeManifest($userId, $this->replicas->iterateManifestEntries($targetId, $userId), $key);
		}
		$width = self::width($span, $perShard);
		$previous = $changed === null ? null : $drive->manifestShards($userId, $key, $this->reader->cap($target, $userId));
		if ($previous === null || $previous['width'] > 4 * $width || 4 * $previous['width'] < $width) {
			return $this->whole($drive, $targetId, $userId, $width, $key);
		}
		$width = $previous['width'];
		$rewrite = array_values(array_unique([...array_map(static fn (int $fileId): int => intdiv($fileId, $width), (array)$changed), ...$previous['missing']]));
		sort($rewrite);
		$kept = array_diff_key($previous['shards'], array_flip($rewrite));
		$count = $rewrite === [] ? array_sum(array_column($previous['shards'], 'entries'))
			: $drive->writeManifestShards($userId, $width, $this->inShards($targetId, $userId, $rewrite, $width), $kept, $key);
		// a change this process did not see (a run stopped before it wrote its manifest): written whole
		return $count === $span['count'] ? $count : $this->whole($drive, $targetId, $userId, $width, $key);
	}

	private function whole(Drive $drive, int $targetId, string $userId, int $width, RecoveryKey $key): int {
		return $drive->writeManifestShards($userId, $width, $this->replicas->iterateManifestEntries($targetId, $userId), [], $key);
	}

	/**
	 * The records of the shards $ids, in file id order.
	 *
	 * @param list<int> $ids in order
	 * @return \Generator<array{fileId: int, path: string, sha256: string, size: int, mtime: int, drivePath: string|null}>
	 */
	private function inShards(int $targetId, string $userId, array $ids, int $width): \Generator {
		foreach ($ids as $id) {
			yield from $this->replicas->iterateManifestEntries($targetId, $userId, $id * $width, ($id + 1) * $width);
		}
	}

	/**
	 * The file ids a shard spans: a power of two, so that a shard holds about $perShard of the user's records
	 * where their ids are spread evenly between the lowest and the highest.
	 *
	 * @param array{count: int, min: int, max: int} $span
	 */
	public static function width(array $span, int $perShard): int {
		$ideal = ($span['max'] - $span['min'] + 1) * $perShard / max(1, $span['count']);
		$width = 1;
		while ($width < $ideal && $width < PHP_INT_MAX >> 1) {
			$width <<= 1;
		}
		return $width;
	}
}
