<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\BackgroundJob;

use OCA\Mirror\Health\ScrubSettings;
use OCA\Mirror\Replication\Scrubber;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\TimedJob;

/**
 * The scheduled check: at each cron run, a time-boxed, throttled share of the copies whose pass is
 * due or under way is read back from the drives and compared with their checksums (Scrubber).
 */
class Scrub extends TimedJob {
	public function __construct(
		ITimeFactory $time,
		private Scrubber $scrubber,
		private ScrubSettings $settings,
	) {
		parent::__construct($time);
		$this->setInterval(300);
		$this->setTimeSensitivity(self::TIME_INSENSITIVE);
		$this->setAllowParallelRuns(false);
	}

	#[\Override]
	protected function run($argument): void {
		$this->scrubber->run(microtime(true) + $this->settings->secondsPerRun());
	}
}
