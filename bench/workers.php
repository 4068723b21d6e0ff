<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * Several workers on PostgreSQL (bench/workers.sh; see bench/README.md): does a second, third,
 * fourth `occ mirror:process` copy more files per second than one, and does no file get done twice?
 * A benchmark, not a test: it prints what it measured.
 *
 * Each round: a fresh user with the same photos (copied into the data folder, `occ files:scan`), a
 * fresh target, `occ mirror:resync` to queue every photo, then K `occ mirror:process` started at
 * once, timed until the last one exits. The rounds go 1, 2, 4, 4, 2, 1 workers (or as set), so that
 * a shared machine's drifting load falls on every K alike.
 *
 * Beside the time, what says whether there were cores to scale onto, and where the workers wait: the
 * load average before each round and sampled during it, the CPU time the workers used (GNU time around
 * each) and the CPU time PostgreSQL used (its postmaster and backends, from /proc), and pg_stat_activity
 * sampled every 50 ms during the round (what the app's connections were doing or waiting on).
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require dirname(__DIR__) . '/tests/autoload.php';
require __DIR__ . '/common.php';

main();

function main(): void {
	$photos = envInt('MIRROR_BENCH_PHOTOS', 2000);
	$minKB = envInt('MIRROR_BENCH_PHOTO_MIN', 100);
	$maxKB = envInt('MIRROR_BENCH_PHOTO_MAX', 300);
	$counts = array_map('intval', array_filter(explode(',', getenv('MIRROR_BENCH_WORKERS') ?: '1,2,4'), 'ctype_digit'));
	if ($counts === [] || min($counts) < 1 || $maxKB < $minKB || $minKB < 1) {
		fail('MIRROR_BENCH_WORKERS must list worker counts such as 1,2,4; MIRROR_BENCH_PHOTO_MIN <= _MAX');
	}
	$order = [...$counts, ...array_reverse($counts)];
	$runDir = getenv('MIRROR_BENCH_RUN_DIR') ?: fail('MIRROR_BENCH_RUN_DIR not set (run bench/workers.sh)');

	say(sprintf('Workers on PostgreSQL: %d photos of %d-%d KB, rounds with %s workers; %d cores, load %s; work in %s', $photos, $minKB, $maxKB, implode(', ', $order),
		cores(), loadavg(), $runDir));
	$source = $runDir . '/photos';
	$bytes = generate($source, $photos, $minKB, $maxKB);
	$nc = Instance::create('bench-workers', 'pgsql');
	$rounds = [];
	try {
		$nc->mustOcc(['app:enable', 'mirror']);
		$previous = null;
		foreach ($order as $i => $k) {
			$rounds[] = $round = runRound($nc, $source, $photos, $bytes, $k, $i, $previous);
			$previous = $round;
			say(sprintf('%d worker%s: %5.2f s, %6.0f files/s, %5.1f MiB/s; items done per worker: %s; load %.2f before, %.2f-%.2f during; CPU s: workers %.2f, PostgreSQL %.2f',
				$k, $k === 1 ? ' ' : 's', $round['seconds'], $photos / $round['seconds'], $bytes / 1048576 / $round['seconds'], implode(' + ', $round['donePerWorker']),
				$round['loadBefore'], $round['loadMin'], $round['loadMax'], $round['workerCpu'], $round['dbCpu']));
			say(sprintf('  the workers ran %.2f s on a CPU and waited %.2f s, runnable, for one (/proc/PID/schedstat)', $round['workersRan'], $round['workersWaitedForCpu']));
			say('  PostgreSQL, the app\'s connections (share of samples): ' . waitSummary($round['waits'], $round['samples']));
		}
	} catch (\Throwable $e) {
		fwrite(STDERR, "\nBENCHMARK FAILED: " . $e->getMessage() . "\n--- nextcloud.log (tail) ---\n"
			. implode("\n", array_slice(explode("\n", rtrim($nc->nextcloudLog())), -20)) . "\n");
		$nc->destroy();
		exit(1);
	}
	$nc->destroy();
	report($rounds, $photos, $bytes, $counts);
}

/**
 * @param array<string, mixed>|null $previous the round before, whose user and target go first
 * @return array{workers: int, seconds: float, donePerWorker: list<int>, user: string, targetId: int}
 */
function runRound(Instance $nc, string $source, int $photos, int $bytes, int $k, int $index, ?array $previous): array {
	if ($previous !== null) {
		// the last round's target keeps its copies on its folder; its records and queue go
		$nc->mustOcc(['mirror:target:remove', (string)$previous['targetId']]);
		$nc->mustOcc(['user:delete', $previous['user']]);
		Proc::run(['rm', '-rf', $nc->targetsDir . '/round-' . ($index - 1)]);
	}
	$dir = $nc->targetsDir . '/round-' . $index;
	mkdir($dir, 0755, true);
	$target = $nc->mustOcc(['mirror:target:add', $dir, '--name=round-' . $index, '--output=json'])->json();
	$targetId = (int)$target['id'];
	// adding a target queues a comparison of every user: with no photos yet, it finds nothing
	$nc->mustOcc(['mirror:process']);

	$user = 'w' . $index;
	$nc->addUser($user);
	$files = $nc->userFilesDir($user);
	if (!is_dir($files)) {
		mkdir($files, 0755, true);
	}
	$copy = Proc::run(['cp', '-a', $source, $files . '/Photos'], [], null, null, 600);
	if (!$copy->ok()) {
		throw new \RuntimeException("copying the photos failed:\n" . $copy->describe());
	}
	$nc->mustOcc(['files:scan', $user]);
	$queued = $nc->mustOcc(['mirror:resync', '--user=' . $user, '--target=' . $targetId, '--output=json'])->json();
	if (($queued['missing'] ?? 0) !== $photos) {
		throw new \RuntimeException("mirror:resync queued {$queued['missing']} files, not $photos: " . json_encode($queued));
	}
	Proc::run(['sync']);

	$pg = new Sampler($nc);
	$loadBefore = sys_getloadavg()[0] ?? 0.0;
	$dbCpuBefore = $pg->postgresCpu();
	$start = microtime(true);
	$workers = [];
	$times = [];
	for ($w = 0; $w < $k; $w++) {
		$times[] = $stats = $nc->base . "/worker-$index-$w.time";
		$workers[] = $nc->occStart(['mirror:process', '--output=json'], [], ['/usr/bin/time', '-f', '%U %S %M', '-o', $stats]);
	}
	// while they run: the load, and what the app's database connections are doing
	$loads = [];
	$nextLoad = 0.0;
	$sched = [];
	while (array_filter($workers, static fn (Proc $p): bool => $p->isRunning()) !== []) {
		$pg->sample();
		foreach ($workers as $w => $worker) {
			$sched[$w] = array_replace($sched[$w] ?? [], descendantsSchedstat($worker->pid()));
		}
		if (microtime(true) >= $nextLoad) {
			$loads[] = sys_getloadavg()[0] ?? 0.0;
			$nextLoad = microtime(true) + 1.0;
		}
		usleep(50000);
	}
	$done = [];
	$workerCpu = 0.0;
	$peakKB = 0;
	foreach ($workers as $w => $worker) {
		$result = $worker->wait(3600);
		$numbers = preg_split('/\s+/', trim((string)@file_get_contents($times[$w])));
		$workerCpu += (float)($numbers[0] ?? 0) + (float)($numbers[1] ?? 0);
		$peakKB = max($peakKB, (int)($numbers[2] ?? 0));
		if (!$result->ok()) {
			throw new \RuntimeException("worker $w failed:\n" . $result->describe());
		}
		$json = $result->json();
		if (($json['failed'] ?? 1) !== 0 || ($json['deferred'] ?? 1) !== 0 || ($json['timedOut'] ?? true)) {
			throw new \RuntimeException("worker $w did not finish cleanly: " . json_encode($json));
		}
		$done[] = (int)$json['done'];
	}
	$seconds = microtime(true) - $start;
	usleep(200000); // the backends of the workers' connections exit and are reaped
	$dbCpu = $pg->postgresCpu() - $dbCpuBefore;

	// every item done exactly once: a file done twice would count twice
	if (array_sum($done) !== $photos) {
		throw new \RuntimeException(sprintf('the workers completed %d items for %d queued files: %s', array_sum($done), $photos, json_encode($done)));
	}
	assertMirrored($source, $dir . '/' . $user . '/Photos', $photos);
	$loads = $loads === [] ? [$loadBefore] : $loads;
	$ran = $waited = 0.0;
	foreach ($sched as $processes) {
		$ran += array_sum(array_column($processes, 0));
		$waited += array_sum(array_column($processes, 1));
	}
	return ['workers' => $k, 'seconds' => $seconds, 'donePerWorker' => $done, 'user' => $user, 'targetId' => $targetId,
		'loadBefore' => $loadBefore, 'loadMin' => min($loads), 'loadMax' => max($loads), 'loadMean' => array_sum($loads) / count($loads),
		'workerCpu' => $workerCpu, 'dbCpu' => $dbCpu, 'workersRan' => $ran, 'workersWaitedForCpu' => $waited, 'workerPeakKB' => $peakKB, 'waits' => $pg->waits, 'connections' => $pg->connections, 'samples' => $pg->samples];
}

function cores(): int {
	return (int)trim(Proc::run(['nproc'])->stdout);
}

/** @param array<string, int> $waits */
function waitSummary(array $waits, int $samples): string {
	arsort($waits);
	$parts = [];
	foreach (array_slice($waits, 0, 8, true) as $what => $n) {
		$parts[] = sprintf('%s %.0f %%', $what, 100 * $n / max(1, $samples));
	}
	return sprintf('%d samples: ', $samples) . implode(', ', $parts);
}

/**
 * PostgreSQL as the workers see it: pg_stat_activity sampled through one connection of its own (not counted),
 * and the CPU time of the server's processes from /proc.
 */
final class Sampler {
	/** @var array<string, int> "state: wait event" => samples in which a connection of the app was so */
	public array $waits = [];
	public int $samples = 0;
	/** @var array<string, int> "state: wait event" => connections seen so, over all samples */
	public array $connections = [];
	private \PDO $pdo;
	private int $postmaster;

	public function __construct(Instance $nc) {
		[$host, $port] = explode(':', (string)$nc->systemConfig('dbhost')) + [1 => '5432'];
		$this->pdo = new \PDO("pgsql:host=$host;port=$port;dbname=" . $nc->systemConfig('dbname'), 'postgres', '');
		$this->pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
		$dataDir = (string)$this->pdo->query('SHOW data_directory')->fetchColumn();
		$this->postmaster = (int)trim(explode("\n", (string)file_get_contents($dataDir . '/postmaster.pid'))[0]);
	}

	/** One look at the other client connections: each counted by its state and what it waits on. */
	public function sample(): void {
		$rows = $this->pdo->query("SELECT state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait FROM pg_stat_activity "
			. "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database()")->fetchAll(\PDO::FETCH_ASSOC);
		$this->samples++;
		$seen = [];
		foreach ($rows as $row) {
			$key = $row['state'] === 'active' ? 'active, ' . $row['wait'] : (string)$row['state'];
			$seen[$key] = true;
			$this->connections[$key] = ($this->connections[$key] ?? 0) + 1;
		}
		foreach (array_keys($seen) as $key) {
			$this->waits[$key] = ($this->waits[$key] ?? 0) + 1;
		}
	}

	/** CPU seconds (user + system) of the postmaster, its live children and the children it has reaped. */
	public function postgresCpu(): float {
		$ticks = 0;
		foreach (glob('/proc/[0-9]*/stat') ?: [] as $file) {
			$stat = @file_get_contents($file);
			if ($stat === false) {
				continue;
			}
			// the fields after the command's closing parenthesis: state ppid ... utime(14) stime(15) cutime(16) cstime(17)
			$f = explode(' ', substr($stat, strrpos($stat, ')') + 2));
			$pid = (int)basename(dirname($file));
			if ($pid === $this->postmaster) {
				$ticks += (int)$f[11] + (int)$f[12] + (int)$f[13] + (int)$f[14];
			} elseif ((int)$f[1] === $this->postmaster) {
				$ticks += (int)$f[11] + (int)$f[12];
			}
		}
		return $ticks / 100;
	}
}

/**
 * Every photo on the mirror, byte for byte, and nothing else (no temporary file left).
 */
function assertMirrored(string $source, string $mirror, int $photos): void {
	$found = 0;
	foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($mirror, \FilesystemIterator::SKIP_DOTS)) as $path => $info) {
		$relative = substr($path, strlen($mirror));
		if (!is_file($source . $relative) || hash_file('sha256', $path) !== hash_file('sha256', $source . $relative)) {
			throw new \RuntimeException("on the mirror but not the same as the source: $relative");
		}
		$found++;
	}
	if ($found !== $photos) {
		throw new \RuntimeException("$found files on the mirror, $photos expected");
	}
}

function generate(string $dir, int $photos, int $minKB, int $maxKB): int {
	$bytes = 0;
	for ($i = 0; $i < $photos; $i++) {
		$folder = sprintf('%s/%02d', $dir, intdiv($i, 250));
		if (!is_dir($folder)) {
			mkdir($folder, 0755, true);
		}
		$size = random_int($minKB * 1024, $maxKB * 1024);
		file_put_contents(sprintf('%s/IMG_%05d.jpg', $folder, $i), random_bytes($size));
		$bytes += $size;
	}
	return $bytes;
}

/**
 * @param list<array{workers: int, seconds: float, donePerWorker: list<int>}> $rounds
 * @param list<int> $counts
 */
function report(array $rounds, int $photos, int $bytes, array $counts): void {
	$perK = [];
	foreach ($rounds as $round) {
		$perK[$round['workers']][] = $photos / $round['seconds'];
	}
	$one = isset($perK[1]) ? array_sum($perK[1]) / count($perK[1]) : null;
	echo "\n" . str_repeat('=', 78) . "\n";
	printf("%d photos (%.0f MiB) on PostgreSQL, %d cores; files/s per round and their mean\n", $photos, $bytes / 1048576, cores());
	$results = [];
	foreach ($counts as $k) {
		$mean = array_sum($perK[$k]) / count($perK[$k]);
		$results[$k] = ['filesPerSecond' => $perK[$k], 'mean' => $mean];
		printf("  %d worker%s  %-24s mean %6.0f files/s%s\n", $k, $k === 1 ? ' ' : 's', implode(', ', array_map(static fn (float $x): string => sprintf('%.0f', $x), $perK[$k])),
			$mean, $one !== null && $k !== 1 ? sprintf('  (%.2f x one worker)', $mean / $one) : '');
	}
	echo "Per round: the load average before and during it (cores free = cores - load), and the CPU time used, in seconds\n";
	echo "  workers  seconds  load before  during (min-max)  free cores before  CPU workers  CPU PostgreSQL  (CPU / wall)  workers waited for a CPU\n";
	foreach ($rounds as $round) {
		printf("  %7d  %7.2f  %11.2f  %6.2f-%-9.2f  %17.2f  %11.2f  %14.2f  (%.2f cores)  %10.2f s\n", $round['workers'], $round['seconds'], $round['loadBefore'],
			$round['loadMin'], $round['loadMax'], max(0, cores() - $round['loadBefore']), $round['workerCpu'], $round['dbCpu'],
			($round['workerCpu'] + $round['dbCpu']) / $round['seconds'], $round['workersWaitedForCpu']);
	}
	echo "PostgreSQL, pg_stat_activity every 50 ms: the share of samples in which at least one of the workers' connections was in\n";
	echo "that state (a wait on Lock:* would be workers queueing behind each other's rows; idle in transaction: PHP between two\n";
	echo "statements of a transaction it holds open), then the share of each connection's time (connection-samples)\n";
	foreach ($rounds as $round) {
		printf("  %d worker%s: %s\n", $round['workers'], $round['workers'] === 1 ? ' ' : 's', waitSummary($round['waits'], $round['samples']));
		printf("             each: %s\n", waitSummary($round['connections'], $round['samples'] * $round['workers']));
	}
	echo "Every round: each queued file completed by exactly one worker, every copy equal to its source.\n";
	echo str_repeat('=', 78) . "\n";
	$file = dirname(__DIR__) . '/bench/.work/workers.json';
	@mkdir(dirname($file), 0755, true);
	file_put_contents($file, json_encode(['photos' => $photos, 'bytes' => $bytes, 'cores' => cores(), 'rounds' => $rounds, 'results' => $results, 'finishedAt' => date('c')], JSON_PRETTY_PRINT) . "\n");
	echo "results written to bench/.work/workers.json\n";
}
