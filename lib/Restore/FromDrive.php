<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Drive\RecoveryKey;

/**
 * A restore from the drive's own manifests (the database is lost): the key their signatures are checked
 * with, and how large a manifest may be when there are no records to go by.
 */
final class FromDrive {
	/**
	 * @param int|null $limit bytes (null: ManifestReader's rule)
	 */
	public function __construct(
		public readonly RecoveryKey $key,
		public readonly ?int $limit = null,
	) {
	}
}
