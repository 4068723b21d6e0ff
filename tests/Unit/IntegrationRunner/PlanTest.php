<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\IntegrationRunner;

use OCA\Mirror\Tests\Integration\Runner\Job;
use OCA\Mirror\Tests\Integration\Runner\Plan;
use PHPUnit\Framework\TestCase;

/** What the parallel integration runner runs: which classes a plan's filters select, on which database. */
final class PlanTest extends TestCase {
	private const NS = 'OCA\\Mirror\\Tests\\Integration\\';
	private const TESTS = [
		self::NS . 'CrashSafetyTest' => ['testAKilledCopyLeavesNoPartialFile', 'testTimeLimit'],
		self::NS . 'BatchCrashTest' => ['testAKilledBatchIsFinishedByTheNextRun#while the batch is synced'],
		self::NS . 'DrivesTest' => ['testUnplugged'],
		self::NS . 'UpgradeTest' => ['testUpgradeKeepsTheRows'],
	];

	/** @param list<Job> $jobs */
	private static function labels(array $jobs): array {
		return array_map(static fn (Job $job): string => $job->label(), $jobs);
	}

	public function testADatabaseAloneIsEveryClassOnIt(): void {
		$plan = new Plan();
		$plan->add('sqlite');
		$jobs = $plan->jobs(self::TESTS, '/it', ['--stop-on-failure']);
		$this->assertSame(['sqlite/CrashSafetyTest', 'sqlite/BatchCrashTest', 'sqlite/DrivesTest', 'sqlite/UpgradeTest'], self::labels($jobs));
		$this->assertSame('/it/DrivesTest.php', $jobs[2]->file);
		$this->assertSame(['--stop-on-failure'], $jobs[2]->phpunitArgs, 'no filter of its own');
	}

	public function testEachEntrysFilterSelectsItsClassesAndIsPassedOnToPhpunit(): void {
		$plan = new Plan();
		$plan->add('sqlite');
		$plan->add('mysql:(CrashSafetyTest|UpgradeTest)');
		$plan->add('pgsql:BatchCrash.*synced');
		$jobs = $plan->jobs(self::TESTS, '/it', []);
		$this->assertSame(['sqlite/CrashSafetyTest', 'sqlite/BatchCrashTest', 'sqlite/DrivesTest', 'sqlite/UpgradeTest',
			'mysql/CrashSafetyTest', 'mysql/UpgradeTest', 'pgsql/BatchCrashTest'], self::labels($jobs));
		$this->assertSame(['--filter', '(CrashSafetyTest|UpgradeTest)'], $jobs[4]->phpunitArgs);
		$this->assertSame('mysql', $jobs[4]->database);
	}

	public function testAFilterOnATestSelectsItsClassOnly(): void {
		$this->assertTrue(Plan::selects('testTimeLimit', self::NS . 'CrashSafetyTest', self::TESTS[self::NS . 'CrashSafetyTest']));
		$this->assertFalse(Plan::selects('testTimeLimit', self::NS . 'DrivesTest', self::TESTS[self::NS . 'DrivesTest']));
		$this->assertTrue(Plan::selects('drivestest', self::NS . 'DrivesTest', ['testUnplugged']), 'a plain filter ignores case, as phpunit\'s');
		$this->assertFalse(Plan::selects('/drivestest/', self::NS . 'DrivesTest', ['testUnplugged']), 'a regular expression is taken as it is');
	}

	public function testAnUnknownDatabaseOrABrokenFilterIsRefused(): void {
		$plan = new Plan();
		foreach (['oracle', 'mysql:/(unclosed/', ''] as $entry) {
			try {
				$plan->add($entry);
				$this->fail("'$entry' was taken");
			} catch (\InvalidArgumentException $e) {
				$this->assertStringContainsString('--plan', $e->getMessage());
			}
		}
		$this->assertTrue($plan->isEmpty());
	}

	public function testTheListingAndItsGroupsAreReadFromPhpunitsXml(): void {
		$file = tempnam(sys_get_temp_dir(), 'plan-test-');
		file_put_contents($file, '<?xml version="1.0"?><tests>'
			. '<testCaseClass name="A\\OneTest"><testCaseMethod id="A\\OneTest::testX#first" name="testX" groups="default"/></testCaseClass>'
			. '<testCaseClass name="A\\TwoTest"><testCaseMethod id="A\\TwoTest::testY" name="testY" groups="quiet-machine,default"/></testCaseClass>'
			. '</tests>');
		try {
			$this->assertSame(['A\\OneTest' => ['testX#first'], 'A\\TwoTest' => ['testY']], Plan::listed($file));
			$this->assertSame(['A\\TwoTest'], Plan::classesInGroup($file, 'quiet-machine'));
		} finally {
			unlink($file);
		}
	}
}
