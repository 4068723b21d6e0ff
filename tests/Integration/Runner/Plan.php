<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Runner;

/**
 * What a run runs: one or more "DATABASE[:FILTER]" entries (sqlite, pgsql or mysql; FILTER a phpunit --filter),
 * each the suite's classes that FILTER selects, on that database. `sqlite` alone is the whole suite on SQLite;
 * `make test` plans "sqlite" "mysql:(…)" "pgsql:(…)" in one pool.
 */
final class Plan {
	public const DATABASES = ['sqlite', 'pgsql', 'mysql'];

	/** @var list<array{string, ?string}> database, filter */
	private array $entries = [];

	public function add(string $entry): void {
		[$database, $filter] = array_pad(explode(':', $entry, 2), 2, null);
		if (!in_array($database, self::DATABASES, true)) {
			throw new \InvalidArgumentException("--plan $entry: the database is one of " . implode(', ', self::DATABASES) . ' (then :FILTER, optional)');
		}
		if ($filter !== null && $filter !== '' && @preg_match(self::regex($filter), '') === false) {
			throw new \InvalidArgumentException("--plan $entry: the filter is not a regular expression");
		}
		$this->entries[] = [$database, $filter === '' ? null : $filter];
	}

	public function isEmpty(): bool {
		return $this->entries === [];
	}

	/**
	 * @param array<string,list<string>> $tests class => its test names ("method" or "method#data set"), as
	 *                                         phpunit --list-tests-xml lists them
	 * @param list<string> $phpunitArgs the run's other phpunit options, passed to every job
	 * @return list<Job>
	 */
	public function jobs(array $tests, string $testDir, array $phpunitArgs): array {
		$jobs = [];
		foreach ($this->entries as [$database, $filter]) {
			foreach ($tests as $class => $names) {
				if ($filter !== null && !self::selects($filter, $class, $names)) {
					continue;
				}
				$file = $testDir . '/' . substr($class, (int)strrpos($class, '\\') + 1) . '.php';
				$args = $filter === null ? $phpunitArgs : array_merge(['--filter', $filter], $phpunitArgs);
				$jobs[] = new Job($database, $class, $file, $args);
			}
		}
		return $jobs;
	}

	/**
	 * Whether phpunit --filter FILTER would run any test of the class: it matches "Class::method" (and the data
	 * set) against the filter, made a case-insensitive regular expression unless it is one already.
	 *
	 * @param list<string> $names
	 */
	public static function selects(string $filter, string $class, array $names): bool {
		$regex = self::regex($filter);
		foreach ($names as $name) {
			if (preg_match($regex, $class . '::' . $name) === 1) {
				return true;
			}
		}
		return false;
	}

	private static function regex(string $filter): string {
		return @preg_match($filter, '') === false ? '/' . str_replace('/', '\\/', $filter) . '/i' : $filter;
	}

	/**
	 * The classes with a test in the group (#[Group('quiet-machine')]), from phpunit --list-tests-xml.
	 *
	 * @return list<string>
	 */
	public static function classesInGroup(string $xmlFile, string $group): array {
		$xml = simplexml_load_file($xmlFile);
		$classes = [];
		foreach ($xml === false ? [] : $xml->testCaseClass as $class) {
			foreach ($class->testCaseMethod as $method) {
				if (in_array($group, explode(',', (string)$method['groups']), true)) {
					$classes[] = (string)$class['name'];
					break;
				}
			}
		}
		return $classes;
	}

	/**
	 * The suite's classes and their tests, from phpunit --list-tests-xml.
	 *
	 * @return array<string,list<string>>
	 */
	public static function listed(string $xmlFile): array {
		$xml = simplexml_load_file($xmlFile);
		if ($xml === false) {
			throw new \RuntimeException("phpunit --list-tests-xml wrote no list to $xmlFile");
		}
		$tests = [];
		foreach ($xml->testCaseClass as $class) {
			$names = [];
			foreach ($class->testCaseMethod as $method) {
				$names[] = (string)$method['id'] === '' ? (string)$method['name']
					: substr((string)$method['id'], strlen((string)$class['name']) + 2);
			}
			$tests[(string)$class['name']] = $names;
		}
		return $tests;
	}
}
