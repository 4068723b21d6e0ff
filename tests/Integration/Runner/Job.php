<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/** One test class on one database: what one phpunit process of a parallel run runs. */
final class Job {
	/** @param list<string> $phpunitArgs passed on to phpunit (the run's --filter and other options) */
	public function __construct(
		public readonly string $database,
		public readonly string $class,
		public readonly string $file,
		public readonly array $phpunitArgs,
	) {
	}

	/** The class without its namespace: the key in timings.json. */
	public function shortName(): string {
		$at = strrpos($this->class, '\\');
		return $at === false ? $this->class : substr($this->class, $at + 1);
	}

	/** e.g. "mysql/CrashSafetyTest": names its log files and its lines in the summary. */
	public function label(): string {
		return $this->database . '/' . $this->shortName();
	}
}
