<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\IntegrationRunner;

use OCA\Mirror\Tests\Integration\Runner\Job;
use OCA\Mirror\Tests\Integration\Runner\Timings;
use PHPUnit\Framework\TestCase;

/** The order a parallel integration run starts its classes in, from the times measured before. */
final class TimingsTest extends TestCase {
	private static function job(string $database, string $class): Job {
		return new Job($database, 'OCA\\Mirror\\Tests\\Integration\\' . $class, '/it/' . $class . '.php', []);
	}

	public function testLongestFirstAndAClassNotMeasuredBeforeAll(): void {
		$timings = new Timings(['sqlite' => ['ATest' => 10.0, 'BTest' => 300.0, 'CTest' => 45.5], 'mysql' => ['ATest' => 500.0]]);
		$jobs = [self::job('sqlite', 'ATest'), self::job('sqlite', 'BTest'), self::job('sqlite', 'NewTest'),
			self::job('sqlite', 'CTest'), self::job('mysql', 'ATest'), self::job('pgsql', 'ATest')];
		$this->assertSame(['sqlite/NewTest', 'pgsql/ATest', 'mysql/ATest', 'sqlite/BTest', 'sqlite/CTest', 'sqlite/ATest'],
			array_map(static fn (Job $job): string => $job->label(), $timings->longestFirst($jobs)),
			'the unmeasured in their given order, then by time; a class\'s time is its database\'s');
	}

	public function testSavedTimesAreMergedIntoWhatTheFileHolds(): void {
		$file = tempnam(sys_get_temp_dir(), 'timings-test-');
		file_put_contents($file, json_encode(['sqlite' => ['ATest' => 10.0, 'BTest' => 20.0], 'pgsql' => ['ATest' => 7.0]]));
		try {
			$measured = new Timings();
			$measured->record(self::job('sqlite', 'BTest'), 33.333);
			$measured->record(self::job('mysql', 'ATest'), 50.0);
			$measured->save($file);
			$this->assertSame(['mysql' => ['ATest' => 50.0], 'pgsql' => ['ATest' => 7.0], 'sqlite' => ['ATest' => 10.0, 'BTest' => 33.3]],
				json_decode((string)file_get_contents($file), true));
			$this->assertSame(33.3, Timings::load($file)->of(self::job('sqlite', 'BTest')));
			$this->assertNull(Timings::load($file)->of(self::job('mysql', 'BTest')));
		} finally {
			unlink($file);
		}
	}

	public function testAFileThatIsNotJsonIsRefused(): void {
		$file = tempnam(sys_get_temp_dir(), 'timings-test-');
		file_put_contents($file, 'not json');
		try {
			$this->expectException(\RuntimeException::class);
			Timings::load($file);
		} finally {
			unlink($file);
		}
	}
}
