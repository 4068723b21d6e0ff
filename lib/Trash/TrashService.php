<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Source\SourceResolver;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * What is in the mirror trash (from its records), and pruning it by age, for occ and the APIs.
 */
class TrashService {
	/** deletedFrom() reads at most this many pages of records */
	private const DELETED_PAGES = 20;

	public function __construct(
		private TrashEntryMapper $entries,
		private TargetMapper $targets,
		private DriveFactory $drives,
		private TrashRetention $retention,
		private ITimeFactory $time,
		private SourceResolver $resolver,
	) {
	}

	/**
	 * Newest first.
	 *
	 * @return list<TrashEntry>
	 */
	public function list(?int $targetId, ?string $userId, ?string $below, int $limit = 1000, int $offset = 0, ?string $reason = null): array {
		return $this->entries->findFiltered($targetId, $userId, $below === null ? null : trim($below, '/'), max(1, min($limit, 10000)), max(0, $offset), null, null, $reason);
	}

	/**
	 * The earlier versions of one of a user's files on the mirror drives, newest first.
	 *
	 * @return list<TrashEntry>
	 */
	public function versionsOf(string $userId, int $fileId): array {
		return $this->entries->findForFile($userId, $fileId);
	}

	/**
	 * The files deleted from a user's folder ('' for all their files) whose last copies are in the
	 * trash of these targets and that are not back in Nextcloud, newest first: what a folder's
	 * "deleted files" are, for the sidebar and its restore alike. The records are read a page at a
	 * time until $limit are found (the files back in Nextcloud looked up once a page), so those left
	 * out never hide older ones; at most DELETED_PAGES pages are read.
	 *
	 * @param list<int> $targetIds
	 * @param int $since only files trashed at this time or later (a share's time, for its recipients)
	 * @return list<TrashEntry>
	 */
	public function deletedFrom(string $userId, string $folder, array $targetIds, int $limit, int $since = 0): array {
		$out = [];
		$page = max(1, $limit);
		for ($i = 0; $i < self::DELETED_PAGES && count($out) < $limit; $i++) {
			$entries = $this->list(null, $userId, $folder === '' ? null : $folder, $page, $i * $page, TrashEntry::DELETED);
			$kept = array_values(array_filter($entries, static fn (TrashEntry $e): bool => in_array($e->getTargetId(), $targetIds, true) && $e->getTrashedAt() >= $since));
			$back = $this->resolver->sources($userId, array_values(array_unique(array_map(static fn (TrashEntry $e): int => $e->getFileId(), $kept))));
			foreach ($kept as $entry) {
				if (!isset($back[$entry->getFileId()]) && count($out) < $limit) {
					$out[] = $entry;
				}
			}
			if (count($entries) < $page || ($entries !== [] && end($entries)->getTrashedAt() < $since)) {
				break; // newest first: the pages after one that reached back past $since hold older files only
			}
		}
		return $out;
	}

	/**
	 * Removes the trash older than $days days (the retention period when null) on every online target,
	 * or on one.
	 *
	 * @param list<Target> $targets
	 * @return array{cutoff: string, targets: list<array{targetId: int, name: string, online: bool, pruned: list<array{folder: string, day: string, bytes: int}>}>}
	 */
	public function prune(array $targets, ?int $days, bool $dryRun): array {
		$days ??= $this->retention->days();
		$cutoff = date('Y-m-d', $this->time->getTime() - $days * 86400);
		$out = [];
		foreach ($targets as $target) {
			$drive = $this->drives->forTarget($target);
			$online = $drive->state()->online;
			$out[] = [
				'targetId' => (int)$target->getId(),
				'name' => $target->getName(),
				'online' => $online,
				'pruned' => $online ? $this->retention->prune($drive, $cutoff, $dryRun) : [],
			];
		}
		return ['cutoff' => $cutoff, 'targets' => $out];
	}

	/**
	 * @return list<Target>
	 */
	public function enabledTargets(): array {
		return $this->targets->findEnabled();
	}
}
