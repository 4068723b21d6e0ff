<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

/**
 * Hands a recorded restore to whatever runs it in the background. lib/BackgroundJob implements
 * it (RestoreScheduling adds the RunRestore job), so lib/Restore never names its job class.
 */
interface RestoreScheduler {
	public function schedule(int $runId): void;
}
