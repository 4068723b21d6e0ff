<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

/**
 * What the mirror leaves out, as the recorder of file events asks it: left out is never queued.
 * Implemented by lib/Source/Exclusion/Exclusions (registered in Application).
 */
interface LeftOut {
	/**
	 * @param string|null $path inside the owner's files; null when the event saw the file through a share
	 */
	public function leavesOut(string $userId, ?string $path, bool $folder, int $size): bool;
}
