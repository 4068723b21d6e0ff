<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * The parallel runner behind tests/Integration/run.sh (run it through run.sh: it checks the machine, makes the
 * run's folder and cleans up after it).
 *
 *   php pool.php --run-dir DIR [--jobs N] [--plan DATABASE[:FILTER]]... [PHPUNIT_ARGS...]
 *   php pool.php --junit-summary FILE
 *
 * Without --plan: the suite (or what --filter selects) on MIRROR_DB. Each selected class on each planned
 * database is one job, one phpunit process; N of them run at once, longest first (timings.json). Classes of the
 * group "quiet-machine" (timing assertions that a busy machine could fail) run after the others, one at a time.
 * The SQLite template is installed before any job starts. Each job's output is kept in DIR/logs/ and printed
 * when it fails; the exit code is 1 when any job failed. The measured times go to DIR/timings.json, and with
 * MIRROR_IT_TIMINGS_UPDATE=1 into tests/Integration/timings.json too.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Runner\Plan;
use OCA\Mirror\Tests\Integration\Runner\Pool;
use OCA\Mirror\Tests\Integration\Runner\Result;
use OCA\Mirror\Tests\Integration\Runner\Slots;
use OCA\Mirror\Tests\Integration\Runner\Summary;
use OCA\Mirror\Tests\Integration\Runner\Timings;

require_once __DIR__ . '/../../autoload.php';

$testDir = dirname(__DIR__);
$args = array_slice($argv, 1);
if (($args[0] ?? '') === '--junit-summary') {
	Summary::print(Summary::fromJunit($args[1] ?? ''));
	exit(0);
}

$runDir = null;
$slots = (int)(getenv('MIRROR_IT_JOBS') ?: Slots::forThisMachine());
$plan = new Plan();
$phpunitArgs = [];
$filter = null;
try {
	while ($args !== []) {
		$arg = array_shift($args);
		if (preg_match('/^--(run-dir|jobs|plan|filter)(?:=(.*))?$/s', $arg, $m) === 1) {
			$value = ($m[2] ?? '') !== '' || str_contains($arg, '=') ? (string)$m[2] : array_shift($args);
			if ($value === null) {
				throw new InvalidArgumentException("--{$m[1]} needs a value");
			}
			match ($m[1]) {
				'run-dir' => $runDir = $value,
				'jobs' => $slots = (int)$value,
				'plan' => $plan->add($value),
				'filter' => $filter = $value,
			};
		} else {
			$phpunitArgs[] = $arg;
		}
	}
	if ($runDir === null || !is_dir($runDir)) {
		throw new InvalidArgumentException('--run-dir: the run\'s folder (run.sh makes it)');
	}
	if ($slots < 1) {
		throw new InvalidArgumentException('MIRROR_IT_JOBS (--jobs): at least 1');
	}
	if ($plan->isEmpty()) {
		$plan->add((getenv('MIRROR_DB') ?: 'sqlite') . ($filter === null ? '' : ':' . $filter));
	} elseif ($filter !== null) {
		throw new InvalidArgumentException('--filter and --plan: give each plan its filter (DATABASE:FILTER)');
	}
} catch (InvalidArgumentException $e) {
	fwrite(STDERR, 'integration suite: ' . $e->getMessage() . "\n");
	exit(2);
}

$phpunit = [PHP_BINARY, dirname($testDir, 2) . '/vendor/bin/phpunit', '-c', $testDir . '/phpunit.xml'];
$listing = $runDir . '/tests.xml';
exec(implode(' ', array_map('escapeshellarg', array_merge($phpunit, ['--list-tests-xml', $listing]))) . ' 2>&1', $out, $rc);
if ($rc !== 0) {
	fwrite(STDERR, "integration suite: phpunit cannot list the tests:\n" . implode("\n", $out) . "\n");
	exit(1);
}
$timingsFile = $testDir . '/timings.json';
$timings = Timings::load($timingsFile);
$jobs = $timings->longestFirst($plan->jobs(Plan::listed($listing), $testDir, $phpunitArgs));
if ($jobs === []) {
	fwrite(STDERR, "integration suite: no test class matches the filter\n");
	exit(1);
}
$quiet = Plan::classesInGroup($listing, 'quiet-machine');
$tail = $slots > 1 ? array_values(array_filter($jobs, static fn ($job): bool => in_array($job->class, $quiet, true))) : [];
$jobs = array_values(array_filter($jobs, static fn ($job): bool => !in_array($job, $tail, true)));

$start = microtime(true);
if (getenv('MIRROR_IT_TEMPLATE_DIR')) {
	echo 'installing the SQLite template once for the run… ';
	Instance::prepareTemplate();
	printf("%.1f s\n", microtime(true) - $start);
}
printf("%d classes, %d at a time%s\n", count($jobs) + count($tail), min($slots, max(1, count($jobs))),
	$tail === [] ? '' : sprintf(', then %d alone (group quiet-machine)', count($tail)));
$results = (new Pool($phpunit, $runDir, $slots))->run($jobs);
if ($tail !== []) {
	echo "the quiet-machine group, one class at a time:\n";
	$results = array_merge($results, (new Pool($phpunit, $runDir, 1))->run($tail));
}
$wall = microtime(true) - $start;

$failed = array_values(array_filter($results, static fn (Result $r): bool => !$r->passed()));
foreach ($failed as $result) {
	if (count($results) > 1 && is_file($result->log)) {
		printf("\n======== %s FAILED (exit code %d), its output (%s):\n", $result->job->label(), $result->exitCode, $result->log);
		readfile($result->log);
	}
}
$seconds = [];
$measured = new Timings();
foreach ($results as $result) {
	$seconds[$result->job->label()] = $result->seconds;
	if ($result->passed()) {
		$measured->record($result->job, $result->seconds); // a class that failed may have stopped early
	}
}
$measured->save($runDir . '/timings.json');
if (getenv('MIRROR_IT_TIMINGS_UPDATE') === '1') {
	$measured->save($timingsFile);
}
Summary::print($seconds, $wall);
// what the machine gave the run (every process it waited for: phpunit, occ, cron.php, php -S, MariaDB; not
// PostgreSQL, whose server pg_ctl detaches): on a machine of its own, wall time is at least this over the cores
$cpu = getrusage(1);
$user = $cpu['ru_utime.tv_sec'] + $cpu['ru_utime.tv_usec'] / 1e6;
$system = $cpu['ru_stime.tv_sec'] + $cpu['ru_stime.tv_usec'] / 1e6;
printf("  %8.1f s  CPU time (%.1f s user, %.1f s system)\n", $user + $system, $user, $system);
if ($failed !== []) {
	echo "\nfailed: " . implode(', ', array_map(static fn (Result $r): string => $r->job->label() . ' (' . $r->counts() . ')', $failed)) . "\n";
}
echo "logs and JUnit reports: $runDir/logs/, $runDir/junit/; times: $runDir/timings.json\n";
exit($failed === [] ? 0 : 1);
