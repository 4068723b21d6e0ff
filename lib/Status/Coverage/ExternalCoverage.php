<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\ExternalStorages;

/**
 * External storages in the coverage report. One mirrored once ("shared") is counted as a user's files are
 * (OwnerCoverage, under "Disk (external storage)"); one not mirrored is not covered, with what the file
 * cache holds of it, and per target the copies made while it was mirrored, which the next reconcile moves
 * to the mirror trash. One mirrored as part of the files of each user it is mounted for ("users") is covered:
 * each user's copies are counted in that user's row (FileCacheReader reads the storage with their home), and
 * its row lists the copies left under its own owner from "shared", which go to the mirror trash.
 */
class ExternalCoverage implements CoverageSource {
	public function __construct(
		private ExternalStorages $storages,
		private ExternalStorageDirectory $directory,
		private OwnerCoverage $owners,
		private ExternalApplicable $applicable,
	) {
	}

	#[\Override]
	public function rows(array $targets): array {
		$this->directory->forget();
		$mirrored = $this->owners->mirrored($this->directory->owners());
		$rows = [];
		foreach ($this->storages->all() as $listed) {
			$storage = $this->directory->byId($listed['id']);
			$owner = $storage?->owner;
			if ($storage !== null && $storage->shared()) {
				$rows[] = $this->owners->row('external', (string)$listed['id'], $listed['mountPoint'], (string)$owner, $targets, $mirrored[(string)$owner] ?? []);
				continue;
			}
			$perTarget = [];
			foreach ($targets as $target) {
				$copies = $owner === null ? null : ($mirrored[$owner][(int)$target->getId()] ?? null);
				if ($copies !== null) {
					$perTarget[] = ['targetId' => (int)$target->getId(), 'targetName' => $target->getName(), 'mirrored' => $copies, 'toTrash' => $copies, 'notCopied' => ['files' => 0, 'bytes' => 0]];
				}
			}
			$rows[] = [
				'kind' => 'external',
				'id' => (string)$listed['id'],
				'name' => $listed['mountPoint'],
				'covered' => $storage !== null && $this->applicable->mirroredFor($storage) !== [],
				'total' => ['files' => $listed['files'], 'bytes' => $listed['bytes']],
				'leftOut' => array_fill_keys(Exclusion::REASONS, ['files' => 0, 'bytes' => 0]),
				'targets' => $perTarget,
			];
		}
		return $rows;
	}
}
