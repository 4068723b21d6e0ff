<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A file the user asked back was not restored (its copy failed its sha256, it is not on the drive,
 * Nextcloud refused the write). The message is the user's, translated, and names no server path.
 */
class RestoreFailedException extends \RuntimeException {
	public function __construct(
		string $message,
		public readonly string $reason,
	) {
		parent::__construct($message);
	}
}
