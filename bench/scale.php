<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * The Mirror scale benchmark: for libraries of N small files (one throwaway instance each), measures side by
 * side (1) 50 new photos mirrored by `occ mirror:process` against one `rsync -a` pass over the library into an
 * up-to-date copy, and (2) `occ mirror:resync` of the unchanged library (the drive checked) against
 * `rsync -an` over the same tree, with its peak memory. Started by bench/scale.sh (read bench/README.md).
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require dirname(__DIR__) . '/tests/autoload.php';
require __DIR__ . '/common.php';

const UID = 'u';
const MIB = 1048576;

main($argv);

function main(array $argv): void {
	$quick = in_array('--quick', $argv, true);
	$cfg = [
		'mode' => $quick ? 'quick' : 'full',
		'sizes' => envSizes('MIRROR_SCALE_SIZES', $quick ? [2000, 20000] : [10000, 100000]),
		'perFolder' => max(1, envInt('MIRROR_SCALE_PER_FOLDER', 1000)),
		'fileBytes' => max(1, envInt('MIRROR_SCALE_FILE_KB', 1)) * 1024,
		'newFiles' => max(1, envInt('MIRROR_SCALE_NEW', 50)),
		'newBytes' => max(1, envInt('MIRROR_SCALE_NEW_KB', 200)) * 1024,
		'rounds' => max(1, envInt('MIRROR_SCALE_ROUNDS', $quick ? 2 : 5)),
		'repeat' => max(1, envInt('MIRROR_SCALE_REPEAT', $quick ? 2 : 5)),
	];
	$runDir = getenv('MIRROR_BENCH_RUN_DIR') ?: '';
	if ($runDir === '') {
		$runDir = sys_get_temp_dir() . '/mirror-scale-' . bin2hex(random_bytes(3));
		mkdir($runDir, 0755, true);
		register_shutdown_function(static fn () => Proc::run(['rm', '-rf', '--one-file-system', $runDir]));
	}
	if (!getenv('MIRROR_IT_TMPDIR')) {
		putenv('MIRROR_IT_TMPDIR=' . $runDir);
	}
	// per file: its bytes (a block at least) three times (Nextcloud, mirror, rsync copy), inodes, the database
	$perFile = 3 * max(4096, $cfg['fileBytes']) + 4096;
	$need = max($cfg['sizes']) * $perFile + 2 * $cfg['rounds'] * $cfg['newFiles'] * $cfg['newBytes'] * 3 + 1024 * MIB;
	$free = (int)disk_free_space($runDir);
	if ($free < $need) {
		fail(sprintf('Not enough room in %s: about %s needed, %s free', $runDir, fmtBytes($need), fmtBytes($free)));
	}

	$results = [
		'startedAt' => date('c'),
		'mode' => $cfg['mode'],
		'parameters' => $cfg,
		'machine' => machine($runDir),
		'occ' => getenv('MIRROR_IT_OPCACHE') === '0' ? 'php occ, no OPcache' : 'php occ with an OPcache file cache (the harness default)',
		'libraries' => [],
	];
	say(sprintf('Mirror scale benchmark (%s): libraries of %s files of %s in folders of %d; %d x %d new photos of %s; %d resyncs each; work in %s',
		$cfg['mode'], implode(' and ', array_map('number_format', $cfg['sizes'])), fmtBytes($cfg['fileBytes']), $cfg['perFolder'],
		$cfg['rounds'], $cfg['newFiles'], fmtBytes($cfg['newBytes']), $cfg['repeat'], $runDir));

	foreach ($cfg['sizes'] as $n) {
		$results['libraries'][] = library($n, $cfg, $runDir);
	}
	$results['goals'] = goals($results['libraries']);
	$results['finishedAt'] = date('c');
	$results['machine']['loadAfter'] = loadavg();
	$file = dirname(__DIR__) . '/bench/.work/scale.json';
	@mkdir(dirname($file), 0755, true);
	file_put_contents($file, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
	report($results);
	echo "\nresults written to bench/.work/scale.json\n";
}

/**
 * One library of $n files in its own instance: built, mirrored, measured, verified, removed.
 *
 * @return array<string, mixed>
 */
function library(int $n, array $cfg, string $runDir): array {
	$t = microtime(true);
	try {
		$nc = Instance::create('scale-' . $n);
	} catch (\Throwable $e) {
		fail('could not set up the Nextcloud instance: ' . $e->getMessage());
	}
	try {
		$nc->mustOcc(['app:enable', 'mirror']);
		$nc->addUser(UID);
		say(sprintf('[%s files] instance ready in %.1f s', number_format($n), microtime(true) - $t));
		$lib = ['files' => $n];

		// the library, written straight into the data directory, then scanned
		$filesDir = $nc->userFilesDir(UID);
		$t = microtime(true);
		generateLibrary($filesDir, $n, $cfg['perFolder'], $cfg['fileBytes']);
		$lib['generateSeconds'] = round(microtime(true) - $t, 2);
		$t = microtime(true);
		$nc->mustOcc(['files:scan', UID]);
		$lib['scanSeconds'] = round(microtime(true) - $t, 2);
		say(sprintf('[%s files] written in %.1f s, occ files:scan %.1f s', number_format($n), $lib['generateSeconds'], $lib['scanSeconds']));

		// a target; it queues every file, mirrored once
		$targetDir = $nc->targetsDir . '/drive';
		mkdir($targetDir, 0755, true);
		$target = $nc->mustOcc(['mirror:target:add', $targetDir, '--name=scale', '--output=json'])->json();
		$targetId = (int)$target['id'];
		$first = processQueue($nc);
		assertQueueEmpty($nc, $targetId, $first);
		$lib['firstMirror'] = ['seconds' => round($first['seconds'], 2), 'done' => $first['done'], 'filesPerSecond' => round($n / max(1e-6, $first['seconds']), 1)];
		say(sprintf('[%s files] mirrored once in %.1f s (%d items)', number_format($n), $first['seconds'], $first['done']));

		// the copy rsync keeps up to date, made once (not timed)
		$copyDir = $nc->base . '/rsync-copy';
		mkdir($copyDir, 0755);
		$r = Proc::run(['rsync', '-a', $filesDir . '/', $copyDir . '/'], [], null, null, 3600);
		if (!$r->ok()) {
			throw new \RuntimeException("rsync failed:\n" . $r->describe());
		}

		// what starting occ costs (part of every occ time below)
		$empty = timed($nc->occCommand(['mirror:process', '--output=json']), $nc->env(), $nc->root);
		$lib['occEmptyRunSeconds'] = round($empty['seconds'], 3);

		// (1) 50 new photos, through Nextcloud (the listeners queue them), then mirrored; rsync copies the same
		$new = [];
		$lib['new'] = ['mirror' => [], 'rsync' => []];
		for ($round = 1; $round <= $cfg['rounds']; $round++) {
			$folder = sprintf('New/round-%d', $round);
			$nc->dav()->mkdirs(UID, $folder);
			$added = putPhotos($nc, $runDir, $folder, $cfg['newFiles'], $cfg['newBytes']);
			$new += $added;
			$pending = targetStatus($nc, $targetId)['pending'];
			if ($pending < $cfg['newFiles']) {
				throw new \RuntimeException("$pending items queued after putting {$cfg['newFiles']} files");
			}
			$steps = [
				'mirror' => static fn () => timed($nc->occCommand(['mirror:process', '--output=json']), $nc->env(), $nc->root),
				'rsync' => static fn () => timed(['rsync', '-a', '--stats', $filesDir . '/', $copyDir . '/'], [], null),
			];
			// alternate the order, so that neither always runs right after the puts
			foreach ($round % 2 === 1 ? ['mirror', 'rsync'] : ['rsync', 'mirror'] as $step) {
				syncFs($runDir);
				$m = $steps[$step]();
				if ($m['exitCode'] !== 0) {
					throw new \RuntimeException("$step failed: " . $m['stderr'] . $m['stdout']);
				}
				if ($step === 'mirror') {
					$j = jsonOf($m['stdout']);
					// items, not files: the new folder's events are queued too
					if ($j['done'] < $cfg['newFiles'] || $j['failed'] !== 0 || $j['timedOut']) {
						throw new \RuntimeException("mirror:process did not copy the {$cfg['newFiles']} new files: " . $m['stdout']);
					}
				} elseif (rsyncCount($m['stdout'], 'Number of regular files transferred') !== $cfg['newFiles']) {
					throw new \RuntimeException("rsync -a did not copy the {$cfg['newFiles']} new files:\n" . $m['stdout']);
				}
				$lib['new'][$step][] = ['seconds' => round($m['seconds'], 3), 'peakKB' => $m['peakKB']];
			}
			assertQueueEmpty($nc, $targetId, null);
			say(sprintf('[%s files] round %d: %d new photos: mirror:process %.3f s, rsync -a pass %.3f s', number_format($n), $round, $cfg['newFiles'],
				end($lib['new']['mirror'])['seconds'], end($lib['new']['rsync'])['seconds']));
		}

		// (2) the unchanged library: mirror:resync with the drive checked, and rsync -an over the same tree
		$total = $n + count($new);
		$lib['resync'] = ['mirror' => [], 'rsync' => []];
		for ($i = 1; $i <= $cfg['repeat']; $i++) {
			foreach ($i % 2 === 1 ? ['mirror', 'rsync'] : ['rsync', 'mirror'] as $step) {
				syncFs($runDir);
				$m = $step === 'mirror'
					? timed($nc->occCommand(['mirror:resync', '--user=' . UID, '--output=json']), $nc->env(), $nc->root)
					: timed(['rsync', '-an', '--stats', $filesDir . '/', $copyDir . '/'], [], null);
				if ($m['exitCode'] !== 0) {
					throw new \RuntimeException("$step failed: " . $m['stderr'] . $m['stdout']);
				}
				if ($step === 'mirror') {
					$j = jsonOf($m['stdout']);
					if ($j['files'] !== $total || !$j['mirrorChecked'] || $j['differences'] !== []) {
						throw new \RuntimeException(sprintf('mirror:resync compared %d files (expected %d), drive checked: %s, %d differences: %s',
							$j['files'], $total, json_encode($j['mirrorChecked']), count($j['differences']), json_encode(array_slice($j['differences'], 0, 5))));
					}
				} elseif (rsyncCount($m['stdout'], 'Number of regular files transferred') !== 0) {
					throw new \RuntimeException("rsync -an found files to copy in an up-to-date copy:\n" . $m['stdout']);
				}
				$lib['resync'][$step][] = ['seconds' => round($m['seconds'], 3), 'peakKB' => $m['peakKB']];
			}
			say(sprintf('[%s files] resync %d: mirror:resync %.3f s (%.1f MiB peak), rsync -an %.3f s', number_format($n), $i,
				end($lib['resync']['mirror'])['seconds'], end($lib['resync']['mirror'])['peakKB'] / 1024, end($lib['resync']['rsync'])['seconds']));
		}

		// correctness: every file of the library on the drive with its bytes, size and mtime, nothing else;
		// the new photos with the bytes that were put
		$t = microtime(true);
		$lib['verify'] = verifyMirror($filesDir, $targetDir . '/' . UID, $new);
		$lib['verify']['seconds'] = round(microtime(true) - $t, 2);
		if ($lib['verify']['problems'] !== []) {
			throw new \RuntimeException("The mirror is not a copy of the library:\n  " . implode("\n  ", array_slice($lib['verify']['problems'], 0, 20)));
		}
		say(sprintf('[%s files] verified: %d files on the drive, all compared by sha256, size and mtime; the %d new ones match the bytes put',
			number_format($n), $lib['verify']['files'], count($new)));
		$lib['summary'] = summary($lib);
	} catch (\Throwable $e) {
		fwrite(STDERR, "\nSCALE BENCHMARK FAILED ($n files): " . $e->getMessage() . "\n");
		fwrite(STDERR, "--- nextcloud.log (tail) ---\n" . tail($nc->nextcloudLog(), 30) . "\n");
		$nc->destroy();
		exit(1);
	}
	$nc->destroy();
	return $lib;
}

// ================================================================ the library and the new photos

/** N files of random bytes in folders of $perFolder (Library/0000/f000001.bin), mtimes in the past. */
function generateLibrary(string $filesDir, int $n, int $perFolder, int $bytes): void {
	$base = mktime(12, 0, 0, 1, 1, 2024);
	$dir = '';
	for ($i = 0; $i < $n; $i++) {
		if ($i % $perFolder === 0) {
			$dir = sprintf('%s/Library/%04d', $filesDir, intdiv($i, $perFolder));
			mkdir($dir, 0755, true);
		}
		$file = sprintf('%s/f%07d.bin', $dir, $i + 1);
		file_put_contents($file, random_bytes($bytes));
		touch($file, $base + $i);
	}
}

/**
 * Puts $count photos of random bytes into FOLDER with `occ files:put` (the node API: the listeners queue them).
 *
 * @return array<string, string> path in the user's files => sha256
 */
function putPhotos(Instance $nc, string $runDir, string $folder, int $count, int $bytes): array {
	$local = $runDir . '/photo.jpg';
	$added = [];
	for ($i = 1; $i <= $count; $i++) {
		$path = sprintf('%s/IMG_%04d.jpg', $folder, $i);
		$data = random_bytes($bytes);
		file_put_contents($local, $data);
		$nc->mustOcc(['files:put', $local, '/' . UID . '/files/' . $path]);
		$added[$path] = hash('sha256', $data);
	}
	@unlink($local);
	return $added;
}

// ================================================================ measuring

/**
 * Runs a command to its end under /usr/bin/time: wall time (measured here, around the whole run) and peak RSS.
 *
 * @param list<string> $command
 * @param array<string, string> $env added to this process's environment
 * @return array{seconds: float, peakKB: int, exitCode: int, stdout: string, stderr: string}
 */
function timed(array $command, array $env, ?string $cwd): array {
	$timeFile = tempnam(sys_get_temp_dir(), 'mirror-time-');
	$outFile = tempnam(sys_get_temp_dir(), 'mirror-out-');
	$errFile = tempnam(sys_get_temp_dir(), 'mirror-err-');
	try {
		$start = hrtime(true);
		$p = proc_open(['/usr/bin/time', '-f', '%e %M', '-o', $timeFile, ...$command],
			[0 => ['file', '/dev/null', 'r'], 1 => ['file', $outFile, 'w'], 2 => ['file', $errFile, 'w']],
			$pipes, $cwd, Proc::environment($env));
		if ($p === false) {
			throw new \RuntimeException('Cannot start ' . implode(' ', $command));
		}
		$exitCode = proc_close($p);
		$seconds = (hrtime(true) - $start) / 1e9;
		$time = trim((string)file_get_contents($timeFile));
		$peak = preg_match('/(\d+(?:\.\d+)?) (\d+)$/', $time, $m) ? (int)$m[2] : -1;
		return ['seconds' => $seconds, 'peakKB' => $peak, 'exitCode' => $exitCode,
			'stdout' => (string)file_get_contents($outFile), 'stderr' => (string)file_get_contents($errFile)];
	} finally {
		@unlink($timeFile);
		@unlink($outFile);
		@unlink($errFile);
	}
}

/** @return array<string, mixed> the last JSON document on stdout */
function jsonOf(string $stdout): array {
	$lines = array_reverse(preg_split('/\R/', trim($stdout)) ?: []);
	foreach ($lines as $line) {
		$j = json_decode($line, true);
		if (is_array($j)) {
			return $j;
		}
	}
	throw new \RuntimeException("Not JSON:\n" . substr($stdout, 0, 2000));
}

function rsyncCount(string $stats, string $label): int {
	if (!preg_match('/^' . preg_quote($label, '/') . ': ([\d,]+)/m', $stats, $m)) {
		throw new \RuntimeException("rsync --stats printed no '$label':\n" . $stats);
	}
	return (int)str_replace(',', '', $m[1]);
}

/** @return array{seconds: float, done: int, failed: int, runs: int, errors: list<string>} */
function processQueue(Instance $nc): array {
	$t = microtime(true);
	$done = 0;
	$failed = 0;
	$errors = [];
	$runs = 0;
	do {
		$r = $nc->occ(['mirror:process', '--time-limit=3600', '--output=json'], [], null, 7200);
		if (!$r->ok()) {
			throw new \RuntimeException("mirror:process failed:\n" . $r->describe());
		}
		$j = $r->json();
		$done += $j['done'];
		$failed += $j['failed'];
		$errors = array_merge($errors, $j['errors'] ?? []);
		$runs++;
	} while (($j['timedOut'] ?? false) && $runs < 50);
	return ['seconds' => microtime(true) - $t, 'done' => $done, 'failed' => $failed, 'runs' => $runs, 'errors' => $errors];
}

/** @param array{failed: int, errors: list<string>}|null $run */
function assertQueueEmpty(Instance $nc, int $targetId, ?array $run): void {
	$status = targetStatus($nc, $targetId);
	if (($run['failed'] ?? 0) > 0 || $status['pending'] > 0 || $status['failed'] > 0) {
		throw new \RuntimeException(sprintf('mirror:process left work: %d failed in the run, status pending %d failed %d; errors: %s',
			$run['failed'] ?? 0, $status['pending'], $status['failed'], implode('; ', array_slice($run['errors'] ?? [], 0, 5))));
	}
}

/** @return array<string, mixed> the target's row of mirror:status */
function targetStatus(Instance $nc, int $targetId): array {
	$status = $nc->mustOcc(['mirror:status', '--output=json'])->json();
	foreach ($status['targets'] as $t) {
		if ((int)$t['id'] === $targetId) {
			if (!($t['state']['online'] ?? false)) {
				throw new \RuntimeException('The target is offline: ' . json_encode($t['state']));
			}
			return $t;
		}
	}
	throw new \RuntimeException("mirror:status does not list target $targetId");
}

// ================================================================ verifying

/**
 * The user's folder on the drive against the user's files in the data directory: the same files, each with
 * the same sha256, size and mtime, nothing missing, nothing extra (a leftover temporary file); the new
 * photos also against the bytes that were put.
 *
 * @param array<string, string> $new path => sha256
 * @return array{files: int, problems: list<string>}
 */
function verifyMirror(string $filesDir, string $mirrorDir, array $new): array {
	$source = listTree($filesDir);
	$mirror = listTree($mirrorDir);
	$problems = [];
	foreach ($source as $path => $s) {
		if (!isset($mirror[$path])) {
			$problems[] = "missing on the drive: $path";
			continue;
		}
		$m = $mirror[$path];
		unset($mirror[$path]);
		if ($m['size'] !== $s['size'] || $m['mtime'] !== $s['mtime']) {
			$problems[] = sprintf('%s: size %d, mtime %d on the drive; %d, %d in Nextcloud', $path, $m['size'], $m['mtime'], $s['size'], $s['mtime']);
			continue;
		}
		$hash = hash_file('sha256', $mirrorDir . '/' . $path);
		if ($hash !== hash_file('sha256', $filesDir . '/' . $path)) {
			$problems[] = "content differs: $path";
		} elseif (isset($new[$path]) && $hash !== $new[$path]) {
			$problems[] = "not the bytes that were put: $path";
		}
	}
	foreach (array_keys($mirror) as $path) {
		$problems[] = "unexpected on the drive: $path";
	}
	foreach (array_keys($new) as $path) {
		if (!isset($source[$path])) {
			$problems[] = "a new photo is not in the user's files: $path";
		}
	}
	return ['files' => count($source), 'problems' => array_slice($problems, 0, 100)];
}

/** @return array<string, array{size: int, mtime: int}> relative path => size and mtime of every file below $root */
function listTree(string $root): array {
	$out = [];
	if (!is_dir($root)) {
		return $out;
	}
	$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
	foreach ($it as $file) {
		/** @var \SplFileInfo $file */
		if (!$file->isDir()) {
			$out[substr($file->getPathname(), strlen($root) + 1)] = ['size' => $file->getSize(), 'mtime' => $file->getMTime()];
		}
	}
	return $out;
}

// ================================================================ numbers

/** @param list<float> $xs */
function median(array $xs): float {
	sort($xs);
	$n = count($xs);
	return $n === 0 ? 0.0 : ($n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2);
}

/** @return array<string, mixed> medians and ratios of one library */
function summary(array $lib): array {
	$sec = static fn (array $runs): float => median(array_column($runs, 'seconds'));
	$s = [
		'newMirror' => $sec($lib['new']['mirror']),
		'newRsync' => $sec($lib['new']['rsync']),
		'resyncMirror' => $sec($lib['resync']['mirror']),
		'resyncRsync' => $sec($lib['resync']['rsync']),
		'resyncPeakKB' => max(array_column($lib['resync']['mirror'], 'peakKB')),
	];
	$s['newRatio'] = round($s['newMirror'] / max(1e-6, $s['newRsync']), 2);
	$s['resyncRatio'] = round($s['resyncMirror'] / max(1e-6, $s['resyncRsync']), 2);
	return $s;
}

/**
 * The three goals of "Engine v2" this measures, from the medians: reported, not asserted.
 *
 * @param list<array<string, mixed>> $libraries smallest first
 * @return array<string, mixed>
 */
function goals(array $libraries): array {
	$small = $libraries[0];
	$large = $libraries[count($libraries) - 1];
	$change = $large['summary']['newMirror'] / max(1e-6, $small['summary']['newMirror']) - 1;
	return [
		'newFaster' => ['files' => $large['files'], 'ratio' => $large['summary']['newRatio'], 'met' => $large['summary']['newRatio'] < 1],
		'newFlat' => ['from' => $small['files'], 'to' => $large['files'], 'changePercent' => round(100 * $change, 1), 'met' => abs($change) <= 0.2],
		'resync' => ['files' => $large['files'], 'ratio' => $large['summary']['resyncRatio'], 'met' => $large['summary']['resyncRatio'] <= 1],
		'resyncMemory' => ['files' => $large['files'], 'peakMiB' => round($large['summary']['resyncPeakKB'] / 1024, 1), 'met' => $large['summary']['resyncPeakKB'] <= 128 * 1024],
	];
}

// ================================================================ report

function report(array $r): void {
	$m = $r['machine'];
	$p = $r['parameters'];
	$runs = static fn (array $xs): string => implode(' ', array_map(static fn (array $x) => sprintf('%.3f', $x['seconds']), $xs));
	echo "\n" . str_repeat('=', 110) . "\n";
	printf("Mirror scale benchmark, %s run of %s, app at %s\n", $r['mode'], $r['startedAt'], $m['app']);
	printf("Machine : %d CPUs (%s), load %s at start / %s at end (shared machine: numbers are noisy)\n", $m['nproc'], $m['cpu'], $m['loadBefore'], $m['loadAfter']);
	printf("Disk    : %s (%s); Nextcloud's data, the drive and the rsync copy all on it; page cache warm\n", $m['disk']['device'], $m['disk']['fstype']);
	printf("Software: Nextcloud (SQLite, no memcache), %s, PHP %s, %s\n", $r['occ'], $m['php'], $m['rsync']);
	printf("Library : files of %s in folders of %d, written to the data directory, occ files:scan, mirrored once\n", fmtBytes($p['fileBytes']), $p['perFolder']);
	printf("New     : %d rounds of %d photos of %s put with occ files:put (the listeners queue them)\n\n", $p['rounds'], $p['newFiles'], fmtBytes($p['newBytes']));
	printf("%-9s %-48s %-30s %8s %9s %8s\n", 'files', 'measure', 'runs (s)', 'median', 'peak MiB', 'ratio');
	echo str_repeat('-', 110) . "\n";
	foreach ($r['libraries'] as $lib) {
		$s = $lib['summary'];
		$peak = static fn (array $xs): string => sprintf('%.1f', max(array_column($xs, 'peakKB')) / 1024);
		$rows = [
			["{$p['newFiles']} new: occ mirror:process", $lib['new']['mirror'], $s['newMirror'], $peak($lib['new']['mirror']), ''],
			["{$p['newFiles']} new: rsync -a pass into the up-to-date copy", $lib['new']['rsync'], $s['newRsync'], $peak($lib['new']['rsync']), sprintf('%.2fx', $s['newRatio'])],
			['unchanged: occ mirror:resync --user=' . UID, $lib['resync']['mirror'], $s['resyncMirror'], $peak($lib['resync']['mirror']), ''],
			['unchanged: rsync -an over the same tree', $lib['resync']['rsync'], $s['resyncRsync'], $peak($lib['resync']['rsync']), sprintf('%.2fx', $s['resyncRatio'])],
		];
		foreach ($rows as [$name, $xs, $median, $pk, $ratio]) {
			printf("%-9s %-48s %-30s %8.3f %9s %8s\n", number_format($lib['files']), $name, $runs($xs), $median, $pk, $ratio);
		}
		printf("%-9s (files:scan %.1f s; first mirror %.1f s, %.0f files/s; an empty occ mirror:process %.3f s; verified in %.1f s)\n",
			'', $lib['scanSeconds'], $lib['firstMirror']['seconds'], $lib['firstMirror']['filesPerSecond'], $lib['occEmptyRunSeconds'], $lib['verify']['seconds']);
		echo str_repeat('-', 110) . "\n";
	}
	echo "ratio: Mirror's median time / rsync's median time (2.00x: Mirror took twice as long). occ times include starting PHP and Nextcloud.\n\n";
	$g = $r['goals'];
	$yes = static fn (bool $met): string => $met ? 'met' : 'NOT met';
	printf("Goal: %d new in a library of %s faster than one rsync -a pass: %.2fx, %s\n", $p['newFiles'], number_format($g['newFaster']['files']), $g['newFaster']['ratio'], $yes($g['newFaster']['met']));
	printf("Goal: the same time (±20 %%) at %s and %s files: %+.1f %%, %s\n", number_format($g['newFlat']['from']), number_format($g['newFlat']['to']), $g['newFlat']['changePercent'], $yes($g['newFlat']['met']));
	printf("Goal: mirror:resync of %s unchanged files no slower than rsync -an: %.2fx, %s\n", number_format($g['resync']['files']), $g['resync']['ratio'], $yes($g['resync']['met']));
	printf("Goal: mirror:resync of %s files in at most 128 MiB: %.1f MiB peak RSS, %s\n", number_format($g['resyncMemory']['files']), $g['resyncMemory']['peakMiB'], $yes($g['resyncMemory']['met']));
	echo str_repeat('=', 110) . "\n";
}

// ================================================================ machine, helpers

function machine(string $dir): array {
	$cpu = '?';
	if (preg_match('/^model name\s*:\s*(.+)$/m', (string)@file_get_contents('/proc/cpuinfo'), $mm)) {
		$cpu = trim($mm[1]);
	}
	$fs = Proc::run(['findmnt', '-n', '-o', 'SOURCE,FSTYPE', '-T', $dir]);
	[$device, $fstype] = array_pad(preg_split('/\s+/', trim($fs->stdout)) ?: [], 2, '?');
	return [
		'nproc' => (int)trim(Proc::run(['nproc'])->stdout),
		'cpu' => $cpu,
		'disk' => ['device' => $device, 'fstype' => $fstype, 'freeBytes' => (int)disk_free_space($dir)],
		'php' => PHP_VERSION,
		'rsync' => 'rsync ' . (preg_match('/version\s+(\S+)/', Proc::run(['rsync', '--version'])->stdout, $mm) ? $mm[1] : '?'),
		'app' => appRevision(),
		'loadBefore' => loadavg(),
	];
}

/** @return non-empty-list<int> ascending */
function envSizes(string $name, array $default): array {
	$v = getenv($name);
	if ($v === false || $v === '') {
		return $default;
	}
	if (!preg_match('/^\d+(,\d+)*$/', $v)) {
		fail("$name must be a comma-separated list of whole numbers, got '$v'");
	}
	$sizes = array_values(array_unique(array_map('intval', explode(',', $v))));
	sort($sizes);
	if ($sizes[0] < 1) {
		fail("$name: a library needs at least one file");
	}
	return $sizes;
}

