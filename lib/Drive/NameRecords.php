<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * What the records say about where copies stand on one target's drive: what NamePlacer asks before
 * it gives a new copy its on-drive name (the records, not the drive, say which name is whose).
 */
interface NameRecords {
	/**
	 * One recorded copy below a folder of the user's files.
	 *
	 * @return array{path: string, drivePath: string|null}|null null when none is recorded below it
	 */
	public function oneBelow(string $userId, string $folder): ?array;

	/**
	 * Whether a copy other than those at or below $path is recorded at or below $drivePath (an
	 * on-drive path relative to the user's folder, as recorded when it differs from the encoded path).
	 */
	public function claimedByOther(string $userId, string $drivePath, string $path): bool;
}
