<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Model;

use OCP\Files\File;

/**
 * A file in a user's own files, as the mirror sees it.
 */
final class SourceFile {
	public function __construct(
		public readonly File $node,
		public readonly string $userId,
		/** path inside the user's files, e.g. "Photos/2026/a.jpg" */
		public readonly string $path,
		public readonly int $size,
		public readonly int $mtime,
		public readonly string $etag,
	) {
	}
}
