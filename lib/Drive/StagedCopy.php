<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * A copy written to its temporary file and not yet in place: Drive::commit() makes a batch of them
 * durable at once and renames each into place.
 */
final class StagedCopy {
	/**
	 * @param resource|null $handle open until the copy is synced
	 */
	public function __construct(
		public readonly string $userId,
		public readonly string $path,
		public readonly string $dir,
		public readonly string $dest,
		public readonly string $temporary,
		public $handle,
		public readonly int $inode,
		public readonly int $mode,
		public readonly int $size,
		public readonly string $checksum,
		public readonly int $mtime,
		/** the device of the filesystem it was written on (0: not known) */
		public readonly int $device = 0,
	) {
	}

	/** Where it goes below the user's folder on the drive (names as there), for the record */
	public ?string $drivePath = null;

	/** Where the content it replaced went in the trash (below the user's trash folder), once it is in place */
	public ?string $trashedAs = null;
}
