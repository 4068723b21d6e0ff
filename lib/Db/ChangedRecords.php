<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * The file ids of the records written, changed or deleted in this process, per target and user, until
 * they are taken: a manifest of shards rewrites only the shards that hold them. Bounded: past MAX ids
 * for one user, only "more than could be listed" is kept (and the manifest is written whole).
 */
final class ChangedRecords {
	public const MAX = 10000;

	/** @var array<int, array<string, array<int, true>|null>> target id => user => file ids (null: more than MAX) */
	private array $changed = [];

	public function record(int $targetId, string $userId, int $fileId): void {
		$ids = array_key_exists($userId, $this->changed[$targetId] ?? []) ? $this->changed[$targetId][$userId] : [];
		if ($ids !== null) {
			$ids[$fileId] = true;
		}
		$this->changed[$targetId][$userId] = $ids === null || count($ids) > self::MAX ? null : $ids;
	}

	/**
	 * What changed for the user is not known (its manifest was not written): "more than could be listed".
	 */
	public function unknown(int $targetId, string $userId): void {
		$this->changed[$targetId][$userId] = null;
	}

	/**
	 * The file ids changed since they were last taken (forgotten here).
	 *
	 * @return list<int>|null null: more than MAX, every shard is to be written again
	 */
	public function take(int $targetId, string $userId): ?array {
		if (!array_key_exists($userId, $this->changed[$targetId] ?? [])) {
			return [];
		}
		$ids = $this->changed[$targetId][$userId];
		unset($this->changed[$targetId][$userId]);
		return $ids === null ? null : array_keys($ids);
	}
}
