<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/** Where a run's time went: the slowest classes and the total, from the pool's wall times or a JUnit report. */
final class Summary {
	/** @param array<string,float> $seconds label => seconds */
	public static function print(array $seconds, ?float $wall = null, int $top = 10): void {
		arsort($seconds);
		echo "\nslowest classes (wall time):\n";
		foreach (array_slice($seconds, 0, $top, true) as $label => $s) {
			printf("  %8.1f s  %s\n", $s, $label);
		}
		printf("  %8.1f s  in all, %d classes%s\n", array_sum($seconds), count($seconds),
			$wall === null ? '' : sprintf('; %.1f s wall time (%.1fx)', $wall, $wall > 0 ? array_sum($seconds) / $wall : 0));
	}

	/**
	 * Each class's time from phpunit's JUnit report: the sum of its tests' times, which may leave out its
	 * setUpBeforeClass (the instance's installation); the pool measures each class's whole process instead.
	 *
	 * @return array<string,float> class => seconds
	 */
	public static function fromJunit(string $file): array {
		$xml = is_file($file) ? @simplexml_load_file($file) : false;
		if ($xml === false) {
			return [];
		}
		$seconds = [];
		foreach ($xml->xpath('//testsuite[@file]') ?: [] as $suite) {
			$name = (string)$suite['name'];
			if (str_contains($name, '::')) {
				continue; // a data provider's tests, inside their class
			}
			$seconds[substr($name, (int)strrpos($name, '\\') + (str_contains($name, '\\') ? 1 : 0))] = (float)$suite['time'];
		}
		return $seconds;
	}
}
