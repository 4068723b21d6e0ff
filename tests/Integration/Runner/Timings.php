<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/**
 * Measured wall times of the test classes, per database: {"sqlite": {"DrivesTest": 61.2, …}, "mysql": {…}}
 * (tests/Integration/timings.json). A parallel run starts the longest classes first, so that no long class
 * starts last and runs alone; a class not measured yet counts as the slowest of all.
 */
final class Timings {
	/** @param array<string,array<string,float>> $seconds database => class => seconds */
	public function __construct(
		private array $seconds = [],
	) {
	}

	public static function load(string $file): self {
		if (!is_file($file)) {
			return new self();
		}
		$data = json_decode((string)file_get_contents($file), true);
		if (!is_array($data)) {
			throw new \RuntimeException("$file is not a JSON object of databases, classes and seconds");
		}
		$seconds = [];
		foreach ($data as $database => $classes) {
			foreach (is_array($classes) ? $classes : [] as $class => $s) {
				if (is_int($s) || is_float($s)) {
					$seconds[(string)$database][(string)$class] = (float)$s;
				}
			}
		}
		return new self($seconds);
	}

	public function of(Job $job): ?float {
		return $this->seconds[$job->database][$job->shortName()] ?? null;
	}

	public function record(Job $job, float $seconds): void {
		$this->seconds[$job->database][$job->shortName()] = round($seconds, 1);
	}

	/**
	 * Longest first; classes without a time before all others (they may be the longest), in their given order.
	 *
	 * @param list<Job> $jobs
	 * @return list<Job>
	 */
	public function longestFirst(array $jobs): array {
		$keyed = [];
		foreach ($jobs as $i => $job) {
			$keyed[] = [$this->of($job) ?? INF, $i, $job];
		}
		usort($keyed, static fn (array $a, array $b): int => [$b[0], $a[1]] <=> [$a[0], $b[1]]);
		return array_map(static fn (array $k): Job => $k[2], $keyed);
	}

	/** Merged into what the file holds (other databases and classes kept), sorted, one class a line. */
	public function save(string $file): void {
		$merged = self::load($file)->seconds;
		foreach ($this->seconds as $database => $classes) {
			foreach ($classes as $class => $s) {
				$merged[$database][$class] = $s;
			}
		}
		ksort($merged);
		foreach ($merged as &$classes) {
			ksort($classes);
		}
		file_put_contents($file, json_encode($merged, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION) . "\n");
	}
}
