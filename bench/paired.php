<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * One side of the paired engine benchmark (bench/paired.sh starts two: the revision before and the checkout
 * after, each with the harness and app of its own checkout). Both sides install an instance and store the same
 * photos (the same seed), then take turns through a turn file, so that each round of one side runs next to a
 * round of the other under about the same load. A round adds a fresh target, queues every file for it
 * (`mirror:resync`) and times `occ mirror:process` until the queue is empty; then it checks the drive holds
 * every photo and removes the target.
 *
 *   php bench/paired.php CHECKOUT SIDE OTHER TURN_FILE ROUNDS PHOTOS RESULT_FILE
 *
 * CHECKOUT is the app under test: its harness (tests/Integration/Harness) installs it. This script only uses the
 * harness calls that 09cb08b (0.5) already had, so it can run an older checkout.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

if ($argc !== 8) {
	fwrite(STDERR, "usage: php bench/paired.php CHECKOUT SIDE OTHER TURN_FILE ROUNDS PHOTOS RESULT_FILE\n");
	exit(2);
}
[, $checkout, $side, $other, $turnFile, $rounds, $photos, $resultFile] = $argv;
require $checkout . '/tests/autoload.php';
require __DIR__ . '/common.php';
$rounds = (int)$rounds;
$photos = (int)$photos;

/**
 * CPU time (user + system) of the children this process has waited for: occ's, since the harness waits for each.
 */
function childCpu(): float {
	$usage = getrusage(1);
	return $usage['ru_utime.tv_sec'] + $usage['ru_utime.tv_usec'] / 1e6 + $usage['ru_stime.tv_sec'] + $usage['ru_stime.tv_usec'] / 1e6;
}

$nc = Instance::create('paired-' . $side);
try {
	$nc->mustOcc(['app:enable', 'mirror']);
	$nc->addUser('bench');
	$files = $nc->userFilesDir('bench');
	mt_srand(20261207);
	for ($i = 0; $i < $photos; $i++) {
		$dir = sprintf('%s/Photos/2024-%02d', $files, intdiv($i, 250) + 1);
		if (!is_dir($dir)) {
			mkdir($dir, 0755, true);
		}
		$size = mt_rand(100, 300) * 1024;
		$data = '';
		while (strlen($data) < $size) {
			$data .= hash('sha512', $i . ':' . strlen($data) . ':' . mt_rand(), true);
		}
		file_put_contents(sprintf('%s/IMG_%05d.jpg', $dir, $i), substr($data, 0, $size));
	}
	$nc->mustOcc(['files:scan', 'bench']);

	$seconds = [];
	$cpuSeconds = [];
	for ($r = 0; $r < $rounds; $r++) {
		while (trim((string)@file_get_contents($turnFile)) !== $side) {
			usleep(50000);
		}
		$dir = $nc->targetsDir . '/round-' . $r;
		mkdir($dir, 0755, true);
		$id = (string)$nc->mustOcc(['mirror:target:add', $dir, '--name=round-' . $r, '--output=json'])->json()['id'];
		$nc->mustOcc(['mirror:resync', '--target=' . $id]);
		Proc::run(['sync']);
		$load = sys_getloadavg()[0] ?? 0.0;
		$cpuBefore = childCpu();
		$start = microtime(true);
		$run = $nc->mustOcc(['mirror:process', '--time-limit=3600', '--output=json'], workerEnv())->json();
		$took = microtime(true) - $start;
		$cpu = childCpu() - $cpuBefore;
		$onDrive = (int)trim(Proc::run(['sh', '-c', 'find "$0" -type f -name "IMG_*" | wc -l', $dir])->stdout);
		if ($run['failed'] !== 0 || $onDrive !== $photos) {
			throw new \RuntimeException("round $r: {$run['failed']} failed, $onDrive of $photos photos on the drive");
		}
		$seconds[] = $took;
		$cpuSeconds[] = $cpu;
		printf("%-6s round %2d: %7.3f s, CPU %6.3f s  (load %.2f)%s\n", $side, $r, $took, $cpu, $load, isset($run['workers']) ? sprintf(', %d worker process%s', $run['workers'], $run['workers'] === 1 ? '' : 'es') : '');
		$nc->mustOcc(['mirror:target:remove', $id]);
		Proc::run(['rm', '-rf', '--one-file-system', $dir]);
		file_put_contents($turnFile, $other);
	}
	file_put_contents($resultFile, json_encode(['wall' => $seconds, 'cpu' => $cpuSeconds]));
} finally {
	file_put_contents($turnFile, $other); // never leave the other side waiting
	$nc->destroy();
}
