<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Target\OfflineDrives;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\IJob;
use OCP\BackgroundJob\TimedJob;

/**
 * Every minute (as often as cron runs): has an offline drive been plugged in, has it caught up, or
 * was it unplugged? A look at each offline drive's marker and one count; nothing when there is none.
 */
class OfflineDriveCheck extends TimedJob {
	public function __construct(
		ITimeFactory $time,
		private OfflineDrives $offlineDrives,
	) {
		parent::__construct($time);
		$this->setInterval(60);
		$this->setTimeSensitivity(IJob::TIME_SENSITIVE);
		$this->setAllowParallelRuns(false);
	}

	#[\Override]
	protected function run($argument): void {
		$this->offlineDrives->poll();
	}
}
