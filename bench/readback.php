<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * What the read-back after writing costs (issue #23): the same files mirrored to a fresh target with
 * `--read-back=always` and with `--read-back=never`, in pairs whose order alternates (on off, off on, ...)
 * so that the machine's changing load falls on both alike; photos and large files apart.
 * Started by bench/readback.sh (read bench/README.md); parameters come from the environment.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require dirname(__DIR__) . '/tests/autoload.php';
require __DIR__ . '/common.php';

const MIB = 1048576;

main();

function main(): void {
	$cfg = [
		'photos' => envInt('MIRROR_BENCH_PHOTOS', 500),
		'photoKB' => envInt('MIRROR_BENCH_PHOTO_KB', 200),
		'large' => envInt('MIRROR_BENCH_LARGE', 2),
		'largeMB' => envInt('MIRROR_BENCH_LARGE_MB', 100),
		'pairs' => max(1, envInt('MIRROR_BENCH_PAIRS', 3)),
	];
	$runDir = getenv('MIRROR_BENCH_RUN_DIR') ?: '';
	if ($runDir === '') {
		$runDir = sys_get_temp_dir() . '/mirror-readback-' . bin2hex(random_bytes(3));
		mkdir($runDir, 0755, true);
		register_shutdown_function(static fn () => Proc::run(['rm', '-rf', '--one-file-system', $runDir]));
	}
	if (!getenv('MIRROR_IT_TMPDIR')) {
		putenv('MIRROR_IT_TMPDIR=' . $runDir);
	}
	say(sprintf('Read-back benchmark: %d photos of %d KB, %d x %d MiB, %d pairs each; work in %s (load %s)',
		$cfg['photos'], $cfg['photoKB'], $cfg['large'], $cfg['largeMB'], $cfg['pairs'], $runDir, loadavg()));
	$nc = Instance::create('readback');
	$results = ['startedAt' => date('c'), 'parameters' => $cfg, 'loadBefore' => loadavg(), 'classes' => []];
	try {
		$nc->mustOcc(['app:enable', 'mirror']);
		$classes = ['photos' => [$cfg['photos'], $cfg['photoKB'] * 1024], 'large' => [$cfg['large'], $cfg['largeMB'] * MIB]];
		foreach ($classes as $class => [$count, $bytes]) {
			if ($count > 0) {
				$results['classes'][$class] = runClass($nc, $class, $count, $bytes, $cfg['pairs']);
			}
		}
	} finally {
		$nc->destroy();
	}
	$results['loadAfter'] = loadavg();
	$file = dirname(__DIR__) . '/bench/.work/readback.json';
	@mkdir(dirname($file), 0755, true);
	file_put_contents($file, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
	echo "\nresults written to bench/.work/readback.json\n";
}

/**
 * One user holding $count files of $bytes (written to its folder and scanned), mirrored $pairs times with
 * the read-back and $pairs times without, each time to a fresh target; the user goes at the end.
 *
 * @return array<string, mixed>
 */
function runClass(Instance $nc, string $class, int $count, int $bytes, int $pairs): array {
	$uid = 'rb' . $class;
	$nc->addUser($uid);
	$dir = $nc->userFilesDir($uid) . '/Data';
	mkdir($dir, 0755, true);
	for ($i = 0; $i < $count; $i++) {
		file_put_contents(sprintf('%s/f%05d.bin', $dir, $i), random_bytes($bytes));
	}
	$nc->mustOcc(['files:scan', '--path=/' . $uid . '/files']);
	$runs = ['always' => [], 'never' => []];
	for ($p = 0; $p < $pairs; $p++) {
		foreach ($p % 2 === 0 ? ['always', 'never'] : ['never', 'always'] as $mode) {
			$runs[$mode][] = mirrorOnce($nc, $mode, $count);
			say(sprintf('%-6s pair %d read-back %-6s %.2f s', $class, $p + 1, $mode, end($runs[$mode])));
		}
	}
	$nc->mustOcc(['user:delete', $uid]);
	$out = ['files' => $count, 'bytes' => $count * $bytes];
	foreach ($runs as $mode => $seconds) {
		$mean = array_sum($seconds) / count($seconds);
		$out[$mode] = ['seconds' => array_map(static fn (float $s): float => round($s, 2), $seconds), 'meanSeconds' => round($mean, 2),
			'filesPerSecond' => round($count / $mean, 1), 'mibPerSecond' => round($count * $bytes / MIB / $mean, 1)];
	}
	$out['cost'] = round($out['always']['meanSeconds'] / $out['never']['meanSeconds'] - 1, 3);
	say(sprintf('%-6s read-back on: %.1f files/s, %.1f MiB/s; off: %.1f files/s, %.1f MiB/s (%+.0f %% time)', $class,
		$out['always']['filesPerSecond'], $out['always']['mibPerSecond'], $out['never']['filesPerSecond'], $out['never']['mibPerSecond'], 100 * $out['cost']));
	return $out;
}

/**
 * Adds a fresh target (everything is queued for it), times mirror:process until the queue is empty, removes it.
 */
function mirrorOnce(Instance $nc, string $mode, int $files): float {
	$dir = $nc->targetsDir . '/t-' . bin2hex(random_bytes(3));
	mkdir($dir, 0755, true);
	$target = $nc->mustOcc(['mirror:target:add', $dir, '--read-back=' . $mode, '--output=json'])->json();
	syncFs($dir);
	$t = microtime(true);
	$done = 0;
	for ($runs = 0; $runs < 20; $runs++) {
		$r = $nc->mustOcc(['mirror:process', '--time-limit=3600', '--output=json'])->json();
		$done += (int)$r['done'];
		if ((int)$r['failed'] > 0) {
			throw new \RuntimeException('mirror:process failed: ' . json_encode($r));
		}
		if (!($r['timedOut'] ?? false)) {
			break;
		}
	}
	$seconds = microtime(true) - $t;
	if ($done < $files) {
		throw new \RuntimeException("only $done of $files files mirrored");
	}
	$nc->mustOcc(['mirror:target:remove', (string)$target['id']]);
	Proc::run(['rm', '-rf', '--one-file-system', $dir]);
	return $seconds;
}
