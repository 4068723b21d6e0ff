<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Replication\Worker;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\TimedJob;
use OCP\IAppConfig;

/**
 * Copies queued work to the targets at every cron run, within a time budget so that it returns
 * well before the next run. Parallel runs are fine: every item is claimed in the database.
 */
class ProcessQueue extends TimedJob {
	public const DEFAULT_TIME_LIMIT = 120;

	public function __construct(
		ITimeFactory $time,
		private Worker $processor,
		private IAppConfig $appConfig,
	) {
		parent::__construct($time);
		$this->setInterval(60);
		$this->setTimeSensitivity(self::TIME_SENSITIVE);
		$this->setAllowParallelRuns(true);
	}

	#[\Override]
	protected function run($argument): void {
		$limit = $this->appConfig->getValueInt(Application::APP_ID, 'job_time_limit', self::DEFAULT_TIME_LIMIT);
		$this->processor->run((float)max(5, $limit));
	}
}
