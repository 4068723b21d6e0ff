<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Restore\RestoreRunner;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\IJobList;
use OCP\BackgroundJob\QueuedJob;

/**
 * Runs one restore started on the admin page (argument: {id}). A QueuedJob's row is deleted before
 * it runs, so the job first puts itself back, due a few minutes later: if the process dies
 * mid-restore, a later cron run finds it and RestoreRunner takes the restore over once its claim has
 * gone stale. While another process holds the restore, the job only looks again later (due in the
 * future: cron.php's loop does not pick it again at once). The row goes when the restore is over.
 */
class RunRestore extends QueuedJob {
	/** when the job looks again at a restore that is not over */
	public const RETRY_SECONDS = 300;

	public function __construct(
		ITimeFactory $time,
		private readonly RestoreRunner $runner,
		private readonly IJobList $jobList,
	) {
		parent::__construct($time);
	}

	/**
	 * @param mixed $argument
	 */
	#[\Override]
	protected function run($argument): void {
		$id = is_array($argument) && is_int($argument['id'] ?? null) ? $argument['id'] : null;
		if ($id === null) {
			return;
		}
		$this->jobList->scheduleAfter(self::class, $this->time->getTime() + self::RETRY_SECONDS, $argument);
		if ($this->runner->run($id)) {
			$this->jobList->remove(self::class, $argument);
		} else {
			$this->jobList->scheduleAfter(self::class, $this->time->getTime() + self::RETRY_SECONDS, $argument);
		}
	}
}
