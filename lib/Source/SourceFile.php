<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCP\Files\Storage\IStorage;

/**
 * A file in a user's own files, as the mirror sees it: its file cache entry in the user's home
 * storage, and that storage to read it through (its wrappers decrypt server-side encryption).
 */
final class SourceFile {
	public function __construct(
		public readonly int $fileId,
		public readonly string $userId,
		/** path inside the user's files, e.g. "Photos/2026/a.jpg" */
		public readonly string $path,
		public readonly int $size,
		public readonly int $mtime,
		public readonly string $etag,
		public readonly IStorage $storage,
		/** path inside the storage: "files/" . $path */
		public readonly string $internalPath,
		public readonly bool $encrypted,
	) {
	}
}
