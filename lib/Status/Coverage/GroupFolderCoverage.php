<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\FileCacheReader;

/**
 * Group folders in the coverage report: each mirrored once, under its own owner ("Family (group folder)"),
 * counted as a user's files are (OwnerCoverage). Those Mirror cannot copy (no storage of their own, a mount
 * point too long for an owner id) are rows not covered, with what their storage holds where it has one of its own.
 */
class GroupFolderCoverage implements CoverageSource {
	public function __construct(
		private GroupFolderDirectory $folders,
		private OwnerCoverage $owners,
		private FileCacheReader $cache,
	) {
	}

	#[\Override]
	public function rows(array $targets): array {
		$folders = $this->folders->all();
		$mirrored = $this->owners->mirrored(array_values(array_map(static fn ($f): string => $f->owner, $folders)));
		$rows = [];
		foreach ($folders as $folder) {
			$rows[] = $this->owners->row('groupfolder', (string)$folder->id, $folder->mountPoint, $folder->owner, $targets, $mirrored[$folder->owner] ?? []);
		}
		foreach ($this->folders->uncopyable() as $folder) {
			$rows[] = [
				'kind' => 'groupfolder',
				'id' => (string)$folder['id'],
				'name' => $folder['mountPoint'],
				'covered' => false,
				'total' => $folder['storageId'] === null ? ['files' => 0, 'bytes' => 0] : $this->cache->storageTotals($folder['storageId'], 'files/'),
				'leftOut' => array_fill_keys(Exclusion::REASONS, ['files' => 0, 'bytes' => 0]),
				'targets' => [],
			];
		}
		return $rows;
	}
}
