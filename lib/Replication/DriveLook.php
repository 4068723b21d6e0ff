<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

/**
 * Recorded copies a reconcile will look at on the drive together, in the shape Drive::notCurrent()
 * takes.
 */
final class DriveLook {
	/** @var array<int, string> file id => path in the user's files */
	public array $paths = [];
	/** @var array<int, array{0: int, 1: int}> file id => recorded size and modification time */
	public array $recorded = [];
	/** @var array<int, string> file id => on-drive path, where one is recorded */
	public array $drivePaths = [];

	/**
	 * The copies of these records (ReplicaMapper::iterateCopyPages()'s rows), built a column at a time by
	 * PHP's array functions rather than a record at a time.
	 *
	 * @param list<list<mixed>> $rows file id, path, size, modification time, on-drive path
	 */
	public static function of(array $rows): self {
		$look = new self();
		if ($rows === []) {
			return $look;
		}
		$ids = array_map(intval(...), array_column($rows, 0));
		$look->paths = array_combine($ids, array_map(strval(...), array_column($rows, 1)));
		$look->recorded = array_combine($ids, array_map(
			static fn (mixed $size, mixed $mtime): array => [(int)$size, (int)$mtime],
			array_column($rows, 2),
			array_column($rows, 3),
		));
		$look->drivePaths = array_map(strval(...), array_filter(array_combine($ids, array_column($rows, 4)), static fn (mixed $path): bool => $path !== null));
		return $look;
	}
}
