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

	say(sprintf('Workers on PostgreSQL: %d photos of %d-%d KB, rounds with %s workers; work in %s', $photos, $minKB, $maxKB, implode(', ', $order), $runDir));
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
			say(sprintf('%d worker%s: %5.2f s, %6.0f files/s, %5.1f MiB/s; items done per worker: %s', $k, $k === 1 ? ' ' : 's', $round['seconds'],
				$photos / $round['seconds'], $bytes / 1048576 / $round['seconds'], implode(' + ', $round['donePerWorker'])));
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

	$start = microtime(true);
	$workers = [];
	for ($w = 0; $w < $k; $w++) {
		$workers[] = $nc->occStart(['mirror:process', '--output=json']);
	}
	$done = [];
	foreach ($workers as $w => $worker) {
		$result = $worker->wait(3600);
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

	// every item done exactly once: a file done twice would count twice
	if (array_sum($done) !== $photos) {
		throw new \RuntimeException(sprintf('the workers completed %d items for %d queued files: %s', array_sum($done), $photos, json_encode($done)));
	}
	assertMirrored($source, $dir . '/' . $user . '/Photos', $photos);
	return ['workers' => $k, 'seconds' => $seconds, 'donePerWorker' => $done, 'user' => $user, 'targetId' => $targetId];
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
	printf("%d photos (%.0f MiB) on PostgreSQL, %d cores; files/s per round and their mean\n", $photos, $bytes / 1048576, (int)trim(Proc::run(['nproc'])->stdout));
	$results = [];
	foreach ($counts as $k) {
		$mean = array_sum($perK[$k]) / count($perK[$k]);
		$results[$k] = ['filesPerSecond' => $perK[$k], 'mean' => $mean];
		printf("  %d worker%s  %-24s mean %6.0f files/s%s\n", $k, $k === 1 ? ' ' : 's', implode(', ', array_map(static fn (float $x): string => sprintf('%.0f', $x), $perK[$k])),
			$mean, $one !== null && $k !== 1 ? sprintf('  (%.2f x one worker)', $mean / $one) : '');
	}
	echo "Every round: each queued file completed by exactly one worker, every copy equal to its source.\n";
	echo str_repeat('=', 78) . "\n";
	$file = dirname(__DIR__) . '/bench/.work/workers.json';
	@mkdir(dirname($file), 0755, true);
	file_put_contents($file, json_encode(['photos' => $photos, 'bytes' => $bytes, 'rounds' => $rounds, 'results' => $results, 'finishedAt' => date('c')], JSON_PRETTY_PRINT) . "\n");
	echo "results written to bench/.work/workers.json\n";
}

