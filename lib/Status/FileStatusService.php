<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\SourceResolver;
use OCP\Files\FileInfo;

/**
 * The state of files on the mirror as their users see it, computed from the records and the
 * queue only (no disk access): one mapper call per table for any batch of files.
 *
 * Per target a file is replicated (a current copy, nothing queued), pending (queued, or the copy
 * is older than the file), failed (its item failed) or none (no copy and nothing queued yet: the
 * periodic reconcile will queue it). Over all enabled targets it is failed when any failed,
 * replicated when all hold it, pending otherwise; an offline drive that rests away from the server
 * is behind by design and only counts when a file failed on it, or when it is the only kind of target.
 */
class FileStatusService {
	public const REPLICATED = 'replicated';
	public const PENDING = 'pending';
	public const FAILED = 'failed';
	public const NONE = 'none';

	/** How many file ids go into one pair of record and queue lookups for a folder's counts. */
	private const BATCH = 1000;

	/** @var list<Target>|null */
	private ?array $enabledTargets = null;

	public function __construct(
		private TargetMapper $targets,
		private ReplicaMapper $replicas,
		private QueueReader $queue,
		private FileCacheReader $cache,
		private ExternalMounts $externalMounts,
	) {
	}

	/**
	 * Enabled targets, read once per request.
	 *
	 * @return list<Target>
	 */
	public function enabledTargets(): array {
		return $this->enabledTargets ??= $this->targets->findEnabled();
	}

	/**
	 * The badge state of every file of a folder listing: one lookup in the records and one in the
	 * queue, whatever the number of files (the mappers split IN lists at 1000 ids).
	 *
	 * A file in a home storage below files/, or on an external storage mirrored once, is in scope (seen through
	 * a share too). A file on an external storage the mirror does not copy (off) has no badge, even while the copies made before
	 * wait for the next reconcile to move them to the mirror trash. A file seen through another storage (a
	 * share from someone's home, a group folder) counts when the mirror holds a record or queue item for it,
	 * because it records nothing out of scope. Folders get no badge.
	 *
	 * A file on an external storage mirrored for each user it is mounted for ("users") shows the state of
	 * the viewer's own copy.
	 *
	 * @param iterable<FileInfo> $files
	 * @param string $viewer the user who sees the files
	 * @return array<int, string> file id => replicated|pending|failed; out-of-scope files are absent
	 */
	public function badgeStates(iterable $files, string $viewer): array {
		$etags = [];
		$own = [];
		$whose = [];
		foreach ($files as $info) {
			$id = (int)$info->getId();
			if ($id <= 0 || $info->getType() !== FileInfo::TYPE_FILE) {
				continue;
			}
			$home = SourceResolver::isInHomeFiles($info);
			$external = $home ? null : $this->externalMounts->storageBehind($info);
			$as = $external === null ? null : $this->externalMounts->whoseCopy($external, $info, $viewer);
			if ($external !== null && $as === null) {
				continue;
			}
			if ($as !== null && !$external->shared()) {
				$whose[$id] = $as; // part of a user's files ("users"): that user's copies
			}
			$etags[$id] = (string)$info->getEtag();
			$own[$id] = $home || $external !== null;
		}
		if ($etags === [] || $this->enabledTargets() === []) {
			return [];
		}
		$states = [];
		foreach ($this->perTarget($etags, $whose) as $id => $row) {
			if ($own[$id] || $row['known']) {
				$states[$id] = $this->overallOf($row['targets']);
			}
		}
		return $states;
	}

	/**
	 * Per enabled target: the state, the record of the copy and the queue item of each file.
	 * known: the mirror has a record or a queue item for the file, on any target. A file has one copy per
	 * target, its owner's, except on an external storage mirrored for each user it is mounted for: there
	 * $whose names the user whose copy counts (their records and queue items only).
	 *
	 * @param array<int, string> $etags file id => the etag Nextcloud holds now
	 * @param array<int, string> $whose file id => the user whose copy it is; absent: the file's one copy
	 * @return array<int, array{known: bool, targets: array<int, array{state: string, replica: Replica|null, item: QueueItem|null}>}>
	 */
	public function perTarget(array $etags, array $whose = []): array {
		$ids = array_keys($etags);
		$replicas = [];
		$items = [];
		$known = [];
		if ($ids !== []) {
			foreach ($this->replicas->findByFileIds($ids) as $replica) {
				if (($whose[$replica->getFileId()] ?? $replica->getUserId()) !== $replica->getUserId()) {
					continue; // another user's copy
				}
				$replicas[$replica->getFileId()][$replica->getTargetId()] = $replica;
				$known[$replica->getFileId()] = true;
			}
			foreach ($this->queue->fileItems($ids) as $item) {
				if ($item->getKind() === QueueItem::KIND_FILE && ($whose[$item->getFileId()] ?? $item->getUserId()) === $item->getUserId()) {
					$items[$item->getFileId()][$item->getTargetId()] = $item;
					$known[$item->getFileId()] = true;
				}
			}
		}
		$out = [];
		foreach ($etags as $id => $etag) {
			$targets = [];
			foreach ($this->enabledTargets() as $target) {
				$tid = $target->getId();
				$replica = $replicas[$id][$tid] ?? null;
				$item = $items[$id][$tid] ?? null;
				$targets[$tid] = ['state' => self::stateOn($replica, $item, $etag), 'replica' => $replica, 'item' => $item];
			}
			$out[$id] = ['known' => isset($known[$id]), 'targets' => $targets];
		}
		return $out;
	}

	/**
	 * Counts of the files below one of the owner's folders, by state, overall and per target:
	 * the file cache in batches of 1000, each batch one lookup in the records and one in the queue.
	 *
	 * @param string $path the folder inside the owner's files ('' for all of them)
	 * @return array{files: int, replicated: int, pending: int, failed: int, targets: array<int, array{replicated: int, pending: int, failed: int, none: int}>}
	 */
	public function folderCounts(string $ownerId, string $path): array {
		$counts = ['files' => 0, self::REPLICATED => 0, self::PENDING => 0, self::FAILED => 0, 'targets' => []];
		foreach ($this->enabledTargets() as $target) {
			$counts['targets'][$target->getId()] = [self::REPLICATED => 0, self::PENDING => 0, self::FAILED => 0, self::NONE => 0];
		}
		$batch = [];
		foreach ($this->cache->files($ownerId, $path) as $file) {
			$batch[$file['fileId']] = $file['etag'];
			if (count($batch) >= self::BATCH) {
				$this->count($batch, $ownerId, $counts);
				$batch = [];
			}
		}
		if ($batch !== []) {
			$this->count($batch, $ownerId, $counts);
		}
		return $counts;
	}

	/**
	 * @param array<int, string> $etags
	 * @param array{files: int, replicated: int, pending: int, failed: int, targets: array<int, array{replicated: int, pending: int, failed: int, none: int}>} $counts
	 */
	private function count(array $etags, string $ownerId, array &$counts): void {
		foreach ($this->perTarget($etags, array_fill_keys(array_keys($etags), $ownerId)) as $row) {
			$counts['files']++;
			if ($row['targets'] === []) {
				continue;
			}
			$counts[$this->overallOf($row['targets'])]++;
			foreach ($row['targets'] as $tid => $onTarget) {
				$counts['targets'][$tid][$onTarget['state']]++;
			}
		}
	}

	public static function stateOn(?Replica $replica, ?QueueItem $item, string $etag): string {
		if ($item !== null) {
			return $item->isFailed() ? self::FAILED : self::PENDING;
		}
		if ($replica === null) {
			return self::NONE;
		}
		return $replica->getEtag() === $etag ? self::REPLICATED : self::PENDING;
	}

	/**
	 * The state over the targets, a resting offline drive left out (see the class comment).
	 *
	 * @param array<int, array{state: string, ...}> $targets target id => the state on it
	 */
	public function overallOf(array $targets): string {
		$resting = [];
		foreach ($this->enabledTargets() as $target) {
			if (!$target->takesChanges()) {
				$resting[(int)$target->getId()] = true;
			}
		}
		$counting = array_filter($targets, static fn (array $on, int $tid): bool => !isset($resting[$tid]) || $on['state'] === self::FAILED, ARRAY_FILTER_USE_BOTH);
		return self::overall($counting === [] ? $targets : $counting);
	}

	/**
	 * @param array<int, array{state: string, ...}> $targets
	 */
	public static function overall(array $targets): string {
		$states = array_column($targets, 'state');
		if (in_array(self::FAILED, $states, true)) {
			return self::FAILED;
		}
		if ($states !== [] && array_diff($states, [self::REPLICATED]) === []) {
			return self::REPLICATED;
		}
		return self::PENDING;
	}
}
