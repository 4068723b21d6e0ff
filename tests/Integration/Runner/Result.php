<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/** How one job ended: phpunit's exit code, its wall time, and where its output and JUnit report are. */
final class Result {
	public function __construct(
		public readonly Job $job,
		public readonly int $exitCode,
		public readonly float $seconds,
		public readonly string $log,
		public readonly string $junit,
	) {
	}

	public function passed(): bool {
		return $this->exitCode === 0;
	}

	/** The tests, failures, errors and skipped tests the JUnit report counts (zeros without one). */
	public function counts(): string {
		$xml = is_file($this->junit) ? @simplexml_load_file($this->junit) : false;
		$suite = $xml === false ? null : $xml->testsuite;
		if ($suite === null || $suite->count() === 0) {
			return 'no JUnit report';
		}
		return sprintf('%d tests, %d failures, %d errors, %d skipped', (int)$suite['tests'], (int)$suite['failures'],
			(int)$suite['errors'], (int)$suite['skipped']);
	}
}
