<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\AppInfo\Application;
use OCP\IAppConfig;

/**
 * How the scheduled check (the scrub) reads every copy back: once per interval, at most so many
 * bytes a second, at most so long in one cron run. App config values (`occ config:app:set mirror
 * scrub_interval_days --value=14`); the health check warns when a drive's last full check is more
 * than twice the interval ago. A value that makes no sense falls back to the default.
 */
class ScrubSettings {
	public const INTERVAL_DAYS = 'scrub_interval_days';
	public const MAX_MB_PER_S = 'scrub_max_mb_per_s';
	public const SECONDS_PER_RUN = 'scrub_seconds_per_run';

	public function __construct(
		private IAppConfig $config,
	) {
	}

	/** Every copy is checked once in this many seconds (30 days by default; a fraction of a day for tests). */
	public function intervalSeconds(): int {
		return (int)round($this->number(self::INTERVAL_DAYS, 30.0, 0.00001, 3650.0) * 86400);
	}

	/** Bytes read a second at most (10 MB/s by default: a Pi's one USB bus still serves uploads). */
	public function bytesPerSecond(): int {
		return (int)round($this->number(self::MAX_MB_PER_S, 10.0, 0.01, 100000.0) * 1000 * 1000);
	}

	/** How long one cron run checks at most (2 minutes by default): the rest waits for the next run. */
	public function secondsPerRun(): float {
		return $this->number(self::SECONDS_PER_RUN, 120.0, 0.1, 3600.0);
	}

	private function number(string $key, float $default, float $min, float $max): float {
		$value = trim($this->config->getValueString(Application::APP_ID, $key, ''));
		return is_numeric($value) && (float)$value >= $min && (float)$value <= $max ? (float)$value : $default;
	}
}
