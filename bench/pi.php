<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * The Pi-class benchmark (bench/pi.sh sets up the throttled drive; see bench/README.md): make bench's data
 * set copied onto a loop-device filesystem throttled to USB 2 speeds, every copy on one core (taskset):
 * `occ mirror:process`, `rsync -a --fsync`, `rsync -a` then `sync`, and `dd oflag=direct` writing as many
 * bytes, the disk's own limit. A benchmark, not a test: it prints what it measured, after checking every copy.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require dirname(__DIR__) . '/tests/autoload.php';
require __DIR__ . '/common.php';
require __DIR__ . '/dataset.php';

const PI_UID = 'pi';
const PI_MIB = 1048576;

main();

function main(): void {
	$env = static fn (string $name): string => getenv($name) ?: fail("$name not set (run bench/pi.sh)");
	$cfg = [
		'photos' => envInt('MIRROR_BENCH_PHOTOS', 2000),
		'photoMinKB' => envInt('MIRROR_BENCH_PHOTO_MIN', 100),
		'photoMaxKB' => envInt('MIRROR_BENCH_PHOTO_MAX', 300),
		'large' => envInt('MIRROR_BENCH_LARGE', 1),
		'largeMB' => envInt('MIRROR_BENCH_LARGE_MB', 200),
		'database' => getenv('MIRROR_DB') ?: 'sqlite',
		'cpu' => envInt('MIRROR_PI_CPU', 0),
		'writeBps' => envInt('MIRROR_PI_WRITE_BPS', 35 * PI_MIB),
		'readBps' => envInt('MIRROR_PI_READ_BPS', 40 * PI_MIB),
		'mount' => $env('MIRROR_PI_MOUNT'),
		'device' => $env('MIRROR_PI_DEVICE'),
		'fs' => $env('MIRROR_PI_FSTYPE'),
		'throttled' => $env('MIRROR_PI_THROTTLED'),
		'how' => $env('MIRROR_PI_HOW'),
	];
	if ($cfg['photoMinKB'] < 1 || $cfg['photoMaxKB'] < $cfg['photoMinKB']) {
		fail('MIRROR_BENCH_PHOTO_MIN/MAX: need 1 <= MIN <= MAX (KB)');
	}
	$runDir = $env('MIRROR_BENCH_RUN_DIR');
	$results = ['startedAt' => date('c'), 'parameters' => $cfg, 'machine' => [
		'nproc' => (int)trim(Proc::run(['nproc'])->stdout), 'loadBefore' => loadavg(), 'app' => appRevision(),
		'kernel' => trim(Proc::run(['uname', '-r'])->stdout),
	]];
	say(sprintf('Pi-class benchmark: %d photos of %d-%d KB + %d x %d MiB onto %s (%s on %s), everything pinned to CPU %d; load %s on %d cores',
		$cfg['photos'], $cfg['photoMinKB'], $cfg['photoMaxKB'], $cfg['large'], $cfg['largeMB'], $cfg['mount'], $cfg['fs'], $cfg['device'],
		$cfg['cpu'], $results['machine']['loadBefore'], $results['machine']['nproc']));
	say('throttle: ' . $cfg['how']);

	// the throttle, proved: what dd gets through it, buffered then synced, and with O_DIRECT
	$results['calibration'] = calibrate($cfg);
	say(sprintf('dd through the throttle: buffered + sync %.1f MiB/s, ' . ddDirect($cfg)[1] . ' %.1f MiB/s, iflag=direct read %.1f MiB/s (limits %.0f / %.0f MiB/s)',
		$results['calibration']['bufferedSyncMiBs'], $results['calibration']['directMiBs'], $results['calibration']['directReadMiBs'],
		$cfg['writeBps'] / PI_MIB, $cfg['readBps'] / PI_MIB));
	if ($cfg['throttled'] !== 'none' && $results['calibration']['bufferedSyncMiBs'] > 1.5 * $cfg['writeBps'] / PI_MIB) {
		say('WARNING: buffered writes got past the throttle: the numbers below are not those of a USB 2 drive');
	}

	$t = microtime(true);
	$dataset = generateDataset($runDir . '/dataset', $cfg);
	say(sprintf('generated the data set in %.1f s', microtime(true) - $t));

	$nc = Instance::create('bench-pi', $cfg['database']);
	try {
		$nc->mustOcc(['app:enable', 'mirror']);
		$nc->addUser(PI_UID);
		$targetDir = $cfg['mount'] . '/mirror';
		mkdir($targetDir, 0755);
		$target = $nc->mustOcc(['mirror:target:add', $targetDir, '--name=usb', '--output=json'])->json();
		$targetId = (int)$target['id'];
		$results['readBack'] = $target['readBack'] ?? '?';
		$results['emptyRun'] = timed($cfg, $nc->occCommand(['mirror:process', '--output=json']), $nc->env(), $nc->root);

		foreach (['photos' => 'Photos', 'large' => 'Videos'] as $class => $folder) {
			if ($dataset[$class] === []) {
				continue;
			}
			$results['copy'][$class] = copyClass($nc, $cfg, $dataset, $class, $folder, $targetId, $runDir);
		}
		$results['verify']['mirror'] = verifyTree($targetDir . '/' . PI_UID, $dataset, true);
		foreach (['rsync-fsync', 'rsync-sync'] as $tool) {
			$results['verify'][$tool] = verifyTree($cfg['mount'] . '/' . $tool, $dataset, false);
		}
		foreach ($results['verify'] as $tool => $v) {
			say("verified the $tool copy: " . verdict($v));
		}
		if (array_sum(array_map(static fn (array $v): int => count($v['problems']), $results['verify'])) > 0) {
			throw new \RuntimeException('verification found problems (above): the numbers would not mean anything');
		}
	} catch (\Throwable $e) {
		fwrite(STDERR, "\nBENCHMARK FAILED: " . $e->getMessage() . "\n--- nextcloud.log (tail) ---\n" . tail($nc->nextcloudLog(), 20) . "\n");
		$nc->destroy();
		exit(1);
	}
	$nc->destroy();
	$results['machine']['loadAfter'] = loadavg();
	$results['finishedAt'] = date('c');
	report($results, $cfg);
	$file = __DIR__ . '/.work/pi.json';
	@mkdir(dirname($file), 0755, true);
	file_put_contents($file, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
	echo "results written to bench/.work/pi.json\n";
}

/**
 * One class of the data set (the photos, or the large files): put into the user's folder and scanned,
 * queued by `occ mirror:resync`, then each copy timed on a flushed drive.
 *
 * @return array<string, array<string, mixed>>
 */
function copyClass(Instance $nc, array $cfg, array $dataset, string $class, string $folder, int $targetId, string $runDir): array {
	$files = count($dataset[$class]);
	$bytes = $dataset['bytes'][$class];
	$source = $nc->userFilesDir(PI_UID) . '/' . $folder;
	@mkdir(dirname($source), 0755, true);
	mustRun(['cp', '-a', $runDir . '/dataset/' . $folder, $source]);
	$nc->mustOcc(['files:scan', '--path=/' . PI_UID . '/files/' . $folder]);
	$queued = $nc->mustOcc(['mirror:resync', '--user=' . PI_UID, '--target=' . $targetId, '--output=json'])->json();
	if (($queued['missing'] ?? -1) !== $files) {
		throw new \RuntimeException("mirror:resync queued {$queued['missing']} files, not $files: " . json_encode($queued));
	}
	$out = [];

	// the disk's own limit: as many bytes, written with O_DIRECT in 1 MiB blocks
	flushAll();
	$count = (int)ceil($bytes / PI_MIB);
	$io = deviceIo($cfg['device']);
	$out['dd'] = timed($cfg, ['dd', 'if=/dev/zero', 'of=' . $cfg['mount'] . '/dd.bin', 'bs=1M', 'count=' . $count, ddDirect($cfg)[0], 'status=none']);
	$out['dd']['device'] = deviceIo($cfg['device'], $io);
	unlink($cfg['mount'] . '/dd.bin');

	flushAll();
	$io = deviceIo($cfg['device']);
	$runs = 0;
	$seconds = $cpu = $waited = 0.0;
	$peak = $done = 0;
	do {
		$r = timed($cfg, $nc->occCommand(['mirror:process', '--time-limit=3600', '--output=json']), $nc->env(), $nc->root);
		$json = json_decode($r['stdout'], true);
		if (!is_array($json) || ($json['failed'] ?? 1) !== 0) {
			throw new \RuntimeException('mirror:process did not finish cleanly: ' . $r['stdout']);
		}
		$seconds += $r['seconds'];
		$cpu += $r['cpuSeconds'];
		$waited += $r['waitedForCpu'];
		$peak = max($peak, $r['maxRssKB']);
		$done += (int)$json['done'];
		$runs++;
	} while (($json['timedOut'] ?? false) && $runs < 20);
	if ($done < $files) {
		throw new \RuntimeException("mirror:process completed $done items for $files files");
	}
	$out['mirror'] = ['seconds' => $seconds, 'cpuSeconds' => $cpu, 'maxRssKB' => $peak, 'waitedForCpu' => $waited, 'runs' => $runs, 'device' => deviceIo($cfg['device'], $io)];

	flushAll();
	$io = deviceIo($cfg['device']);
	$out['rsync-fsync'] = timed($cfg, ['rsync', '-a', '--fsync', $source, $cfg['mount'] . '/rsync-fsync/']);
	$out['rsync-fsync']['device'] = deviceIo($cfg['device'], $io);

	flushAll();
	$io = deviceIo($cfg['device']);
	$out['rsync-sync'] = timed($cfg, ['rsync', '-a', $source, $cfg['mount'] . '/rsync-sync/']);
	$s = microtime(true);
	mustRun(['taskset', '-c', (string)$cfg['cpu'], 'sync', '-f', $cfg['mount']]);
	$out['rsync-sync']['syncSeconds'] = microtime(true) - $s;
	$out['rsync-sync']['seconds'] += $out['rsync-sync']['syncSeconds'];
	$out['rsync-sync']['waitedForCpu'] += 0.0; // sync -f: not polled, it waits on the drive
	$out['rsync-sync']['device'] = deviceIo($cfg['device'], $io);

	foreach ($out as $tool => &$m) {
		$m += ['files' => $files, 'bytes' => $bytes];
		unset($m['stdout']);
		say(sprintf('%-6s %-12s %7.2f s  %7.1f files/s  %6.1f MiB/s  CPU %6.2f s, waited %6.2f s for the core; the device wrote %.1f MiB in %d requests, %d flushes', $class, $tool, $m['seconds'],
			$files / $m['seconds'], $bytes / PI_MIB / $m['seconds'], $m['cpuSeconds'], $m['waitedForCpu'], $m['device']['writeBytes'] / PI_MIB, $m['device']['writes'], $m['device']['flushes']));
	}
	unset($m);
	return $out;
}

/**
 * How dd writes "straight to the drive": O_DIRECT, except on exFAT, which goes through exfat-fuse, whose daemon
 * writes the device through its page cache whatever the flag (O_DIRECT reached no byte of the device there):
 * there dd writes buffered and fsyncs at the end, which the daemon passes on.
 *
 * @return array{0: string, 1: string} dd's argument, and how to name it
 */
function ddDirect(array $cfg): array {
	return $cfg['fs'] === 'exfat' ? ['conv=fsync', 'conv=fsync'] : ['oflag=direct', 'oflag=direct'];
}

/**
 * dd through the throttle, before anything else: 64 MiB buffered then `sync -f`, 64 MiB with oflag=direct,
 * and the latter read back with iflag=direct. Pinned like everything else.
 *
 * @return array{bufferedSyncMiBs: float, directMiBs: float, directReadMiBs: float}
 */
function calibrate(array $cfg): array {
	$file = $cfg['mount'] . '/calibration.bin';
	$pin = ['taskset', '-c', (string)$cfg['cpu']];
	flushAll();
	$s = microtime(true);
	mustRun([...$pin, 'dd', 'if=/dev/zero', 'of=' . $file, 'bs=1M', 'count=64', 'status=none']);
	mustRun([...$pin, 'sync', '-f', $cfg['mount']]);
	$buffered = microtime(true) - $s;
	unlink($file);
	flushAll();
	$s = microtime(true);
	mustRun([...$pin, 'dd', 'if=/dev/zero', 'of=' . $file, 'bs=1M', 'count=64', ddDirect($cfg)[0], 'status=none']);
	$direct = microtime(true) - $s;
	$s = microtime(true);
	mustRun([...$pin, 'dd', 'if=' . $file, 'of=/dev/null', 'bs=1M', 'iflag=direct', 'status=none']);
	$read = microtime(true) - $s;
	unlink($file);
	return ['bufferedSyncMiBs' => round(64 / $buffered, 1), 'directMiBs' => round(64 / $direct, 1), 'directReadMiBs' => round(64 / $read, 1)];
}

/**
 * Runs COMMAND pinned to the benchmark's core under GNU time: wall time, CPU time (user + system) and peak RSS.
 *
 * @param list<string> $command
 * @param array<string, string> $env
 * Also the seconds its processes waited, runnable, for the core (/proc/PID/schedstat, polled every 50 ms).
 *
 * @return array{seconds: float, cpuSeconds: float, maxRssKB: int, waitedForCpu: float, stdout: string}
 */
function timed(array $cfg, array $command, array $env = [], ?string $cwd = null): array {
	$stats = tempnam(sys_get_temp_dir(), 'pi-time');
	$p = Proc::start(['/usr/bin/time', '-f', '%U %S %M', '-o', $stats, 'taskset', '-c', (string)$cfg['cpu'], ...$command], $env, $cwd);
	$sched = [];
	while ($p->isRunning()) {
		$sched = array_replace($sched, descendantsSchedstat($p->pid()));
		usleep(50000);
	}
	$r = $p->wait(7200);
	$numbers = preg_split('/\s+/', trim((string)file_get_contents($stats)));
	@unlink($stats);
	if (!$r->ok()) {
		throw new \RuntimeException("failed:\n" . $r->describe());
	}
	return ['seconds' => $r->seconds, 'cpuSeconds' => (float)($numbers[0] ?? 0) + (float)($numbers[1] ?? 0), 'maxRssKB' => (int)($numbers[2] ?? 0),
		'waitedForCpu' => array_sum(array_column($sched, 1)), 'stdout' => $r->stdout];
}

/**
 * The loop device's own counters (/sys/block/NAME/stat): write requests, bytes written (the file system's
 * journal and metadata included) and flushes; with $since, what changed since then.
 *
 * @param array{writes: int, writeBytes: int, flushes: int}|null $since
 * @return array{writes: int, writeBytes: int, flushes: int}
 */
function deviceIo(string $device, ?array $since = null): array {
	$f = preg_split('/\s+/', trim((string)file_get_contents('/sys/block/' . basename($device) . '/stat')));
	$now = ['writes' => (int)$f[4], 'writeBytes' => (int)$f[6] * 512, 'flushes' => (int)($f[15] ?? 0)];
	return $since === null ? $now
		: ['writes' => $now['writes'] - $since['writes'], 'writeBytes' => $now['writeBytes'] - $since['writeBytes'], 'flushes' => $now['flushes'] - $since['flushes']];
}

/** Everything written so far on the disk, the drive included, so that no step's writeback lands on the next one's clock. */
function flushAll(): void {
	mustRun(['sync']);
}

/** @param list<string> $command */
function mustRun(array $command): void {
	$r = Proc::run($command, [], null, null, 3600);
	if (!$r->ok()) {
		throw new \RuntimeException("failed:\n" . $r->describe());
	}
}

function report(array $r, array $cfg): void {
	$m = $r['machine'];
	$c = $r['calibration'];
	echo "\n" . str_repeat('=', 129) . "\n";
	printf("Pi-class benchmark of %s, mirror at %s, kernel %s\n", $r['startedAt'], $m['app'], $m['kernel']);
	printf("CPU     : every copy pinned to CPU %d (taskset -c %d) of %d; load %s at start, %s at end (a shared machine: the core is not free)\n",
		$cfg['cpu'], $cfg['cpu'], $m['nproc'], $m['loadBefore'], $m['loadAfter']);
	printf("Drive   : %s on %s (loop device, direct I/O to its backing file), limit %.0f MiB/s write, %.0f MiB/s read\n",
		$cfg['fs'], $cfg['device'], $cfg['writeBps'] / PI_MIB, $cfg['readBps'] / PI_MIB);
	printf("Throttle: %s\n", $cfg['how']);
	printf("Proved  : dd 64 MiB buffered + sync -f %.1f MiB/s, " . ddDirect($cfg)[1] . " %.1f MiB/s, read iflag=direct %.1f MiB/s\n",
		$c['bufferedSyncMiBs'], $c['directMiBs'], $c['directReadMiBs']);
	printf("Mirror  : %s database, read-back %s, an empty mirror:process takes %.2f s (in every mirror time)\n", $cfg['database'], $r['readBack'], $r['emptyRun']['seconds']);
	echo "\n";
	printf("%-7s %-24s %6s %7s %8s %8s %6s %6s %6s %7s %8s %7s %7s  %-9s %-7s\n", 'class', 'copy', 'files', 'MiB', 'seconds', 'files/s', 'MiB/s', 'CPU s', 'wait s', 'peak MB',
		'dev MiB', 'writes', 'flushes', 'mirror/it', 'it/disk');
	echo str_repeat('-', 129) . "\n";
	$names = ['dd' => 'dd ' . ddDirect($cfg)[1] . ' (disk)', 'mirror' => 'mirror:process', 'rsync-fsync' => 'rsync -a --fsync', 'rsync-sync' => 'rsync -a, then sync'];
	$total = [];
	foreach ($r['copy'] as $class => $tools) {
		foreach ($tools as $tool => $x) {
			$total[$tool]['seconds'] = ($total[$tool]['seconds'] ?? 0) + $x['seconds'];
			$total[$tool]['cpuSeconds'] = ($total[$tool]['cpuSeconds'] ?? 0) + $x['cpuSeconds'];
			$total[$tool]['waitedForCpu'] = ($total[$tool]['waitedForCpu'] ?? 0) + $x['waitedForCpu'];
			$total[$tool]['files'] = ($total[$tool]['files'] ?? 0) + $x['files'];
			$total[$tool]['bytes'] = ($total[$tool]['bytes'] ?? 0) + $x['bytes'];
			$total[$tool]['maxRssKB'] = max($total[$tool]['maxRssKB'] ?? 0, $x['maxRssKB']);
			$total[$tool]['device']['writeBytes'] = ($total[$tool]['device']['writeBytes'] ?? 0) + $x['device']['writeBytes'];
			$total[$tool]['device']['writes'] = ($total[$tool]['device']['writes'] ?? 0) + $x['device']['writes'];
			$total[$tool]['device']['flushes'] = ($total[$tool]['device']['flushes'] ?? 0) + $x['device']['flushes'];
		}
	}
	foreach ([...$r['copy'], 'total' => $total] as $class => $tools) {
		foreach ($names as $tool => $name) {
			$x = $tools[$tool];
			printf("%-7s %-24s %6d %7.1f %8.2f %8.1f %6.1f %6.2f %6.2f %7.1f %8.1f %7d %7d  %-9s %-7s\n", $class, $name, $x['files'], $x['bytes'] / PI_MIB, $x['seconds'],
				$x['files'] / $x['seconds'], $x['bytes'] / PI_MIB / $x['seconds'], $x['cpuSeconds'], $x['waitedForCpu'], $x['maxRssKB'] / 1024,
				$x['device']['writeBytes'] / PI_MIB, $x['device']['writes'], $x['device']['flushes'],
				$tool === 'mirror' || $tool === 'dd' ? '' : sprintf('%.2fx', $tools['mirror']['seconds'] / $x['seconds']),
				sprintf('%.2fx', $x['seconds'] / $tools['dd']['seconds']));
		}
		echo str_repeat('-', 129) . "\n";
	}
	echo "CPU s: user + system time of the copy's processes. wait s: the time they were ready to run but waited for the core\n";
	echo "(shared here with the machine's other work; a Pi's is not). mirror/it: Mirror's time divided by that tool's (below\n";
	echo "1.00x: Mirror was faster). it/disk: the tool's time divided by dd's, the time the throttled drive needs for the same\n";
	echo "bytes (1.00x: as fast as the drive allows). dev MiB, writes, flushes: what the loop device wrote (data, the file\n";
	echo "system's journal and metadata), in how many write requests, and the cache flushes it was sent (fsync, journal\n";
	echo "commits), from /sys/block/*/stat.\n";
	printf("Verified: mirror %s; rsync --fsync %s; rsync then sync %s\n", verdict($r['verify']['mirror']), verdict($r['verify']['rsync-fsync']), verdict($r['verify']['rsync-sync']));
	echo str_repeat('=', 129) . "\n";
}
