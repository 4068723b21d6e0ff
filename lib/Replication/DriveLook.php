<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

/**
 * Recorded copies a reconcile will look at on the drive together, in the shape Drive::notCurrent()
 * takes: gathered as the records go by, without a copy of each record.
 */
final class DriveLook {
	/** @var array<int, string> file id => path in the user's files */
	public array $paths = [];
	/** @var array<int, array{0: int, 1: int}> file id => recorded size and modification time */
	public array $recorded = [];
	/** @var array<int, string> file id => on-drive path, where one is recorded */
	public array $drivePaths = [];

	/**
	 * @param array{0: int, 1: string, 2: int, 3: int, 4: string|null} $copy ReplicaMapper::iterateCopiesForUser()'s
	 * @return int how many copies are gathered
	 */
	public function add(array $copy): int {
		[$fileId, $path, $size, $mtime, $drivePath] = $copy;
		$this->paths[$fileId] = $path;
		$this->recorded[$fileId] = [$size, $mtime];
		if ($drivePath !== null) {
			$this->drivePaths[$fileId] = $drivePath;
		}
		return count($this->paths);
	}
}
