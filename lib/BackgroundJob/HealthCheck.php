<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Health\HealthMonitor;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\IJob;
use OCP\BackgroundJob\TimedJob;

/**
 * Every five minutes: is every mirror drive online, with room, and keeping up? Tells people when not.
 * Cheap: a look at each drive's marker and free space, and a few queries; no file walks.
 */
class HealthCheck extends TimedJob {
	public function __construct(
		ITimeFactory $time,
		private HealthMonitor $monitor,
	) {
		parent::__construct($time);
		$this->setInterval(300);
		$this->setTimeSensitivity(IJob::TIME_SENSITIVE);
		$this->setAllowParallelRuns(false);
	}

	#[\Override]
	protected function run($argument): void {
		$this->monitor->run();
	}
}
