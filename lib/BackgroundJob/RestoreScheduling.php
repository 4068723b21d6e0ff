<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Restore\RestoreScheduler;
use OCP\BackgroundJob\IJobList;

/**
 * Schedules a recorded restore as a RunRestore job (argument {id}), the class name oc_jobs stores.
 */
class RestoreScheduling implements RestoreScheduler {
	public function __construct(
		private readonly IJobList $jobList,
	) {
	}

	#[\Override]
	public function schedule(int $runId): void {
		$this->jobList->add(RunRestore::class, ['id' => $runId]);
	}
}
