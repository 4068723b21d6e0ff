<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The mirror trash's records (lib/Trash owns them: TrashRecorder), as far as the drive's trash changes a place
 * they name: a file of a user's trash renamed aside because a dated folder must take its name.
 */
interface TrashRecords {
	/**
	 * The records of the target's trash of this user that name $from name $to now.
	 *
	 * @param string $from where it stood, below the user's trash folder ("2026-12-01/Photos")
	 * @param string $to where it stands now, in the same folder ("2026-12-01/Photos (2)")
	 */
	public function movedAside(int $targetId, string $userId, string $from, string $to): void;
}
