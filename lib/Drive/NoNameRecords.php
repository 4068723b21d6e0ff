<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * No records (a target not yet saved): only the drive is looked at.
 */
final class NoNameRecords implements NameRecords {
	#[\Override]
	public function oneBelow(string $userId, string $folder): ?array {
		return null;
	}

	#[\Override]
	public function claimedByOther(string $userId, string $drivePath, string $path): bool {
		return false;
	}
}
