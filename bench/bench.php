<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * The Mirror benchmark: mirrors a data set through a real Nextcloud server and, in the same run, copies the
 * same files with `rsync -a` and `cp -a`; then measures what the app's listeners add to an upload.
 * Started by bench/run.sh (read bench/README.md); parameters come from the environment.
 */

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

require dirname(__DIR__) . '/tests/autoload.php';
require __DIR__ . '/common.php';
require __DIR__ . '/dataset.php';

const UID = 'bench';
const MIB = 1048576;
/** What Mirror is compared with, each into a fresh folder: key => command (the destination is appended). */
const COPY_TOOLS = [
	'rsync' => ['rsync', '-a'],
	'cp' => ['cp', '-a'],
	'rsync-fsync' => ['rsync', '-a', '--fsync'],
];

main($argv);

function main(array $argv): void {
	$quick = in_array('--quick', $argv, true);
	$cfg = [
		'mode' => $quick ? 'quick' : 'full',
		'photos' => envInt('MIRROR_BENCH_PHOTOS', $quick ? 200 : 5000),
		'photoMinKB' => envInt('MIRROR_BENCH_PHOTO_MIN', 100),
		'photoMaxKB' => envInt('MIRROR_BENCH_PHOTO_MAX', 300),
		'large' => envInt('MIRROR_BENCH_LARGE', $quick ? 1 : 3),
		'largeMB' => envInt('MIRROR_BENCH_LARGE_MB', $quick ? 20 : 300),
		'uploads' => envInt('MIRROR_BENCH_UPLOADS', $quick ? 60 : 300),
		'uploadKB' => envInt('MIRROR_BENCH_UPLOAD_KB', 100),
		'pairs' => envInt('MIRROR_BENCH_PAIRS', $quick ? 2 : 6),
		'parallel' => max(1, envInt('MIRROR_BENCH_PARALLEL', 4)),
		'chunkMB' => max(1, envInt('MIRROR_BENCH_CHUNK_MB', 10)),
		'opcache' => envInt('MIRROR_BENCH_OPCACHE', 1) === 1,
		// the instance's database, as in the integration suite: sqlite, pgsql or mysql (a private server)
		'database' => getenv('MIRROR_DB') ?: 'sqlite',
		// Nextcloud's primary storage: local (the data folder) or s3 (a private s3rver: object storage)
		'storage' => getenv('MIRROR_BENCH_STORAGE') ?: 'local',
	];
	if (!in_array($cfg['storage'], ['local', 's3'], true)) {
		fail('MIRROR_BENCH_STORAGE: use local or s3');
	}
	if (!in_array($cfg['database'], ['sqlite', 'pgsql', 'mysql'], true)) {
		fail('MIRROR_DB: use sqlite, pgsql or mysql');
	}
	if ($cfg['photoMinKB'] < 1 || $cfg['photoMaxKB'] < $cfg['photoMinKB']) {
		fail('MIRROR_BENCH_PHOTO_MIN/MAX: need 1 <= MIN <= MAX (KB)');
	}

	$runDir = getenv('MIRROR_BENCH_RUN_DIR') ?: '';
	if ($runDir === '') {
		$runDir = sys_get_temp_dir() . '/mirror-bench-' . bin2hex(random_bytes(3));
		mkdir($runDir, 0755, true);
		register_shutdown_function(static fn () => Proc::run(['rm', '-rf', '--one-file-system', $runDir]));
	}
	if (!getenv('MIRROR_IT_TMPDIR')) {
		putenv('MIRROR_IT_TMPDIR=' . $runDir);
	}
	$resultsFile = dirname(__DIR__) . '/bench/.work/results.json';

	$results = [
		'startedAt' => date('c'),
		'mode' => $cfg['mode'],
		'parameters' => $cfg,
		'machine' => machine($runDir),
	];
	$dataBytes = $cfg['photos'] * ($cfg['photoMinKB'] + $cfg['photoMaxKB']) / 2 * 1024 + $cfg['large'] * $cfg['largeMB'] * MIB;
	$need = (int)($dataBytes * 6.3) + 1024 * MIB;
	$free = (int)disk_free_space($runDir);
	if ($free < $need) {
		fail(sprintf('Not enough room in %s: about %s needed (the data set six times: source, Nextcloud, mirror, rsync, cp, rsync --fsync), %s free',
			$runDir, fmtBytes($need), fmtBytes($free)));
	}

	say(sprintf('Mirror benchmark (%s): %d photos of %d-%d KB, %d x %d MiB, %d+%d listener uploads in %d pairs of blocks; work in %s',
		$cfg['mode'], $cfg['photos'], $cfg['photoMinKB'], $cfg['photoMaxKB'], $cfg['large'], $cfg['largeMB'],
		$cfg['uploads'], $cfg['uploads'], $cfg['pairs'], $runDir));

	// ------------------------------------------------------------ the data set
	$t = microtime(true);
	$dataset = generateDataset($runDir . '/dataset', $cfg);
	say(sprintf('generated the data set: %d files, %s in %.1f s', count($dataset['photos']) + count($dataset['large']),
		fmtBytes($dataset['bytes']['photos'] + $dataset['bytes']['large']), microtime(true) - $t));

	// ------------------------------------------------------------ the instance
	$t = microtime(true);
	try {
		// A production server runs with OPcache; PHP's CLI (and so php -S) has it off unless told. The
		// web server gets it through an extra ini folder; occ keeps the CLI default, as in production.
		if ($cfg['opcache']) {
			$ini = $runDir . '/php-ini';
			@mkdir($ini, 0755, true);
			file_put_contents($ini . '/90-mirror-bench.ini', "opcache.enable_cli=1\nopcache.memory_consumption=256\n"
				. "opcache.interned_strings_buffer=16\nopcache.max_accelerated_files=20000\n");
			putenv('PHP_INI_SCAN_DIR=:' . $ini); // the empty entry keeps the default folder
		}
		$nc = Instance::create('bench', $cfg['database'], $cfg['storage']);
		putenv('PHP_INI_SCAN_DIR');
	} catch (\Throwable $e) {
		fail('could not set up the Nextcloud instance: ' . $e->getMessage());
	}
	try {
		$nc->mustOcc(['app:enable', 'mirror']);
		$nc->addUser(UID);
		$client = Client::forUser($nc, UID);
		$results['machine']['nextcloud'] = trim($nc->mustOcc(['status', '--output=json'])->json()['versionstring'] ?? '?');
		say(sprintf('instance at %s ready in %.1f s (Nextcloud %s, %s, %s, php -S with 4 workers)', $nc->url(), microtime(true) - $t, $results['machine']['nextcloud'],
			$cfg['database'], $cfg['storage'] === 's3' ? 'object storage (s3rver)' : 'local data folder'));

		$targetDir = $nc->targetsDir . '/mirror-drive';
		mkdir($targetDir, 0755, true);
		$target = $nc->mustOcc(['mirror:target:add', $targetDir, '--name=bench', '--output=json'])->json();
		$targetId = (int)$target['id'];

		runBenchmark($nc, $client, $cfg, $dataset, $runDir, $targetDir, $targetId, $results);
		$results['finishedAt'] = date('c');
		$results['machine']['loadAfter'] = loadavg();
		@mkdir(dirname($resultsFile), 0755, true);
		file_put_contents($resultsFile, json_encode($results, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
		report($results);
		echo "\nresults written to bench/.work/results.json\n";
	} catch (\Throwable $e) {
		fwrite(STDERR, "\nBENCHMARK FAILED: " . $e->getMessage() . "\n");
		fwrite(STDERR, "--- nextcloud.log (tail) ---\n" . tail($nc->nextcloudLog(), 30) . "\n");
		$nc->destroy();
		exit(1);
	}
	$nc->destroy();
}

/**
 * @param array<string,mixed> $results filled in
 */
function runBenchmark(Instance $nc, Client $client, array $cfg, array $dataset, string $runDir, string $targetDir, int $targetId, array &$results): void {
	// rsync and cp copy the bytes Nextcloud holds; on object storage they are objects in a bucket, so the data
	// set's own folder (the same files, names and mtimes) stands in for them
	$filesDir = $cfg['storage'] === 's3' ? $runDir . '/dataset' : $nc->userFilesDir(UID);
	$mirrorDir = $targetDir . '/' . UID;

	// One empty run: what starting occ and looking at the queue costs (included in every mirror:process time).
	$empty = processQueue($nc);
	$results['mirrorEmptyRunSeconds'] = $empty['seconds'];

	foreach (['photos', 'large'] as $class) {
		$files = $dataset[$class];
		$bytes = $dataset['bytes'][$class];
		if ($files === []) {
			continue;
		}
		// upload (the listener queues every file for the target)
		$t = microtime(true);
		if ($class === 'photos') {
			$retries = $client->putMany($files, $cfg['parallel']);
			$how = sprintf('WebDAV PUT, %d connections', $cfg['parallel']);
		} else {
			$retries = 0;
			foreach ($files as $f) {
				$client->mkdirs(dirname($f['path']));
				$client->chunkedUpload($f['path'], $f['local'], $cfg['chunkMB'] * MIB, $f['mtime']);
			}
			$how = sprintf('chunked upload v2, %d MiB chunks', $cfg['chunkMB']);
		}
		$upload = measure(count($files), $bytes, microtime(true) - $t) + ['how' => $how, 'retries' => $retries];
		$results['upload'][$class] = $upload;
		say(sprintf('uploaded %s: %s', $class, line($upload)));
		if ($class === 'large') {
			// before Mirror copies anything: does Nextcloud itself hold what was uploaded? (not timed)
			$t = microtime(true);
			$results['readBack'] = readBack($nc, $client, $files);
			say(sprintf('read back %d large files from Nextcloud (WebDAV GET%s): all as uploaded, in %.1f s',
				count($files), $nc->s3() !== null ? ', and the bucket' : '', microtime(true) - $t));
		}

		$pending = targetStatus($nc, $targetId)['pending'];
		if ($pending < count($files)) {
			throw new \RuntimeException("Only $pending items queued after uploading " . count($files) . ' files');
		}

		// mirror:process until the queue is empty
		syncFs($runDir);
		$p = processQueue($nc);
		$status = targetStatus($nc, $targetId);
		if ($p['failed'] > 0 || $status['pending'] > 0 || $status['failed'] > 0) {
			throw new \RuntimeException(sprintf('mirror:process left work: %d failed in the run, status pending %d failed %d; errors: %s',
				$p['failed'], $status['pending'], $status['failed'], implode('; ', array_slice($p['errors'], 0, 5))));
		}
		$results['copy'][$class]['mirror'] = measure(count($files), $bytes, $p['seconds']) + ['itemsDone' => $p['done'], 'occRuns' => $p['runs'], 'workers' => $p['workers']];
		say(sprintf('%-6s mirror:process  %s  (worker processes: %d)', $class, line($results['copy'][$class]['mirror']), $p['workers']));

		// right after (so the machine's load is about the same): the same bytes Nextcloud holds, copied
		// with rsync -a and cp -a into fresh folders
		foreach (COPY_TOOLS as $tool => $command) {
			$dest = $runDir . '/' . $tool . '-copy';
			if (!is_dir($dest)) {
				mkdir($dest, 0755);
			}
			$folder = $filesDir . '/' . explode('/', $files[0]['path'])[0];
			syncFs($runDir);
			$r = Proc::run(array_merge($command, [$folder, $dest . '/']), [], null, null, 3600);
			if (!$r->ok()) {
				throw new \RuntimeException($tool . " failed:\n" . $r->describe());
			}
			$s = microtime(true);
			syncFs($dest);
			$syncSeconds = microtime(true) - $s;
			$m = measure(count($files), $bytes, $r->seconds);
			$m['syncSeconds'] = round($syncSeconds, 3);
			$m['withSync'] = measure(count($files), $bytes, $r->seconds + $syncSeconds);
			$results['copy'][$class][$tool] = $m;
			say(sprintf('%-6s %-15s %s (then sync: %.2f s)', $class, implode(' ', $command), line($m), $syncSeconds));
		}
	}

	// correctness: every file of the data set on the mirror, same sha256, size and mtime, nothing else there;
	// the rsync and cp copies by size, mtime and a sample of checksums
	$t = microtime(true);
	$results['verify']['mirror'] = verifyTree($mirrorDir, $dataset, true);
	$results['verify']['mirror']['seconds'] = round(microtime(true) - $t, 2);
	say('verified the mirror: ' . verdict($results['verify']['mirror']));
	foreach (array_keys(COPY_TOOLS) as $tool) {
		$results['verify'][$tool] = verifyTree($runDir . '/' . $tool . '-copy', $dataset, false);
		say("verified the $tool copy: " . verdict($results['verify'][$tool]));
	}

	// totals over both classes
	foreach (['mirror', ...array_keys(COPY_TOOLS)] as $tool) {
		$files = 0;
		$bytes = 0;
		$seconds = 0.0;
		$secondsSync = 0.0;
		foreach ($results['copy'] as $class => $byTool) {
			if ($class === 'total' || !isset($byTool[$tool])) {
				continue;
			}
			$files += $byTool[$tool]['files'];
			$bytes += $byTool[$tool]['bytes'];
			$seconds += $byTool[$tool]['seconds'];
			$secondsSync += $byTool[$tool]['withSync']['seconds'] ?? $byTool[$tool]['seconds'];
		}
		$results['copy']['total'][$tool] = measure($files, $bytes, $seconds);
		if ($tool !== 'mirror') {
			$results['copy']['total'][$tool]['withSync'] = measure($files, $bytes, $secondsSync);
		}
	}
	foreach ($results['copy'] as $class => $byTool) {
		foreach (array_keys(COPY_TOOLS) as $tool) {
			$results['ratios'][$class]['mirror/' . $tool] = round($byTool['mirror']['seconds'] / max(1e-6, $byTool[$tool]['seconds']), 2);
			$results['ratios'][$class]['mirror/' . $tool . '+sync'] = round($byTool['mirror']['seconds'] / max(1e-6, $byTool[$tool]['withSync']['seconds']), 2);
		}
	}

	$failures = array_sum(array_map(static fn (array $v) => count($v['problems']), $results['verify']));
	if ($failures > 0) {
		throw new \RuntimeException("Verification found $failures problems (see above); the numbers would not mean anything");
	}

	// ------------------------------------------------------------ listener overhead
	$results['listener'] = listenerOverhead($nc, $client, $cfg, $targetId);
}

// ================================================================ read back from Nextcloud

/**
 * What Nextcloud holds of each file after its upload: the size it records (PROPFIND getcontentlength, from its
 * file cache) and the bytes it serves (WebDAV GET, hashed as they arrive); on object storage also the object in
 * the bucket (s3rver keeps it as a plain file). The bench compares the mirror with the data set; when Nextcloud
 * itself already holds a wrong file, that comparison would blame Mirror for Nextcloud's loss, so this stops the
 * run first, and says which of the three differs.
 *
 * @param list<array{path:string,size:int,sha256:string}> $files
 * @return list<array<string,mixed>> one row per file
 * @throws \RuntimeException when Nextcloud's record, its bytes or the bucket differ from the upload
 */
function readBack(Instance $nc, Client $client, array $files): array {
	$rows = [];
	$problems = [];
	foreach ($files as $f) {
		$props = $nc->dav()->propfind(UID, $f['path'], 0, ['{DAV:}getcontentlength', '{http://owncloud.org/ns}fileid']);
		$props = (array)reset($props);
		$row = [
			'path' => $f['path'],
			'uploaded' => ['size' => $f['size'], 'sha256' => $f['sha256']],
			'fileId' => (int)($props['{http://owncloud.org/ns}fileid'] ?? 0),
			'recordedSize' => isset($props['{DAV:}getcontentlength']) ? (int)$props['{DAV:}getcontentlength'] : null,
			'served' => $client->download($f['path']),
		];
		$s3 = $nc->s3();
		if ($s3 !== null) {
			$object = $s3->objects()['urn:oid:' . $row['fileId']] ?? null;
			$row['bucket'] = $object === null ? null : ['size' => (int)filesize($object), 'sha256' => (string)hash_file('sha256', $object)];
		}
		$rows[] = $row;
		$wrong = [];
		if ($row['recordedSize'] !== $f['size']) {
			$wrong[] = sprintf('Nextcloud records %s bytes', $row['recordedSize'] ?? 'no size');
		}
		if ($row['served']['size'] !== $f['size'] || $row['served']['sha256'] !== $f['sha256']) {
			$wrong[] = sprintf('WebDAV GET serves %d bytes, sha256 %s', $row['served']['size'], $row['served']['sha256']);
		}
		$bucketWrong = $s3 !== null && ($row['bucket'] === null || $row['bucket']['size'] !== $f['size'] || $row['bucket']['sha256'] !== $f['sha256']);
		if ($bucketWrong) {
			$wrong[] = $row['bucket'] === null
				? sprintf('the bucket has no object urn:oid:%d', $row['fileId'])
				: sprintf('its object urn:oid:%d in the bucket holds %d bytes, sha256 %s', $row['fileId'], $row['bucket']['size'], $row['bucket']['sha256']);
		}
		if ($wrong !== []) {
			$problems[] = sprintf('%s (file id %d): uploaded %d bytes, sha256 %s; %s%s', $f['path'], $row['fileId'], $f['size'], $f['sha256'], implode('; ', $wrong),
				$s3 !== null && !$bucketWrong ? sprintf(' (its object urn:oid:%d in the bucket holds the uploaded bytes)', $row['fileId']) : '');
		}
	}
	if ($problems !== []) {
		throw new \RuntimeException("Nextcloud itself holds a wrong file after the upload, before Mirror copied anything (Nextcloud lost it, not Mirror):\n  "
			. implode("\n  ", $problems));
	}
	return $rows;
}

// ================================================================ listener overhead

/**
 * N sequential PUTs of the same size with the app disabled and N with it enabled (a target configured, the
 * queue left alone), in PAIRS blocks that alternate disabled/enabled in the order D E, E D, D E, ... so
 * that the load of a shared machine drifting over the minutes falls on both sides alike. Each block starts
 * with a few warm-up uploads that are not counted.
 *
 * @return array<string,mixed>
 */
function listenerOverhead(Instance $nc, Client $client, array $cfg, int $targetId): array {
	$pairs = max(1, $cfg['pairs']);
	$perBlock = max(1, intdiv($cfg['uploads'] + $pairs - 1, $pairs));
	$size = $cfg['uploadKB'] * 1024;
	$warmup = 5;
	$state = 'enabled';
	$blocks = [];
	$all = ['disabled' => [], 'enabled' => []];
	$pairResults = [];
	for ($p = 1; $p <= $pairs; $p++) {
		$order = $p % 2 === 1 ? ['disabled', 'enabled'] : ['enabled', 'disabled'];
		$pair = ['pair' => $p, 'order' => implode(',', $order)];
		foreach ($order as $want) {
			if ($want !== $state) {
				$nc->mustOcc(['app:' . ($want === 'enabled' ? 'enable' : 'disable'), 'mirror']);
				$state = $want;
			}
			$before = $state === 'enabled' ? targetStatus($nc, $targetId)['pending'] : null;
			$ms = timedUploads($client, sprintf('Listener/pair-%02d-%s', $p, $state), $perBlock, $size, $warmup);
			$block = ['pair' => $p, 'app' => $state] + stats($ms);
			if ($state === 'enabled') {
				$block['queued'] = targetStatus($nc, $targetId)['pending'] - $before;
				if ($block['queued'] < $perBlock) {
					throw new \RuntimeException("The listener queued {$block['queued']} items for $perBlock uploads + $warmup warm-ups");
				}
			}
			$blocks[] = $block;
			$pair[$state] = $block;
			$all[$state] = array_merge($all[$state], $ms);
			say(sprintf('listener pair %d, app %-8s: %d uploads, mean %.1f ms, median %.1f ms%s', $p, $state, $perBlock,
				$block['meanMs'], $block['medianMs'], isset($block['queued']) ? ", {$block['queued']} items queued" : ''));
		}
		$pair['meanDiffMs'] = round($pair['enabled']['meanMs'] - $pair['disabled']['meanMs'], 2);
		$pair['medianDiffMs'] = round($pair['enabled']['medianMs'] - $pair['disabled']['medianMs'], 2);
		$pairResults[] = $pair;
	}
	if ($state !== 'enabled') {
		$nc->mustOcc(['app:enable', 'mirror']);
	}
	$disabled = stats($all['disabled']);
	$enabled = stats($all['enabled']);
	$medianDiffs = array_column($pairResults, 'medianDiffMs');
	sort($medianDiffs);
	return [
		'uploadsPerBlock' => $perBlock,
		'pairs' => $pairs,
		'uploadBytes' => $size,
		'warmupPerBlock' => $warmup,
		'blocks' => $blocks,
		'pairResults' => array_map(static fn (array $x) => [
			'pair' => $x['pair'], 'order' => $x['order'], 'meanDiffMs' => $x['meanDiffMs'], 'medianDiffMs' => $x['medianDiffMs'],
		], $pairResults),
		'disabled' => $disabled,
		'enabled' => $enabled,
		'meanDiffMs' => round($enabled['meanMs'] - $disabled['meanMs'], 2),
		'medianDiffMs' => round($enabled['medianMs'] - $disabled['medianMs'], 2),
		'medianDiffPercent' => round(100 * ($enabled['medianMs'] - $disabled['medianMs']) / max(1e-6, $disabled['medianMs']), 1),
		'pairMedianDiffMs' => ['median' => stats($medianDiffs)['medianMs'], 'min' => $medianDiffs[0], 'max' => $medianDiffs[count($medianDiffs) - 1]],
	];
}

/** @return list<float> milliseconds per counted upload */
function timedUploads(Client $client, string $folder, int $n, int $size, int $warmup): array {
	$client->mkdirs($folder);
	$times = [];
	for ($i = -$warmup; $i < $n; $i++) {
		$name = $i < 0 ? sprintf('warmup-%02d.jpg', -$i) : sprintf('IMG_%05d.jpg', $i);
		$ms = $client->put($folder . '/' . $name, random_bytes($size), time());
		if ($i >= 0) {
			$times[] = $ms;
		}
	}
	return $times;
}

// ================================================================ uploads

/**
 * Uploads the way Nextcloud's clients do: with an app password (what the login flow of the phone and
 * desktop apps hands them), keeping the session cookie the server sets, over reused connections.
 * Plain PUTs (sequential or over a few parallel connections, curl_multi) and chunked upload v2.
 */
final class Client {
	/** @var list<\CurlHandle> */
	private array $handles = [];

	public function __construct(
		private Instance $nc,
		private string $uid,
		private string $appPassword,
	) {
	}

	/** Creates an app password for UID with `occ user:auth-tokens:add`. */
	public static function forUser(Instance $nc, string $uid): self {
		$r = $nc->occ(['user:auth-tokens:add', $uid], [], $nc->password($uid) . "\n");
		if (!$r->ok() || !preg_match('/^([A-Za-z0-9]{40,})$/m', $r->stdout, $m)) {
			throw new \RuntimeException("Could not create an app password:\n" . $r->describe());
		}
		return new self($nc, $uid, $m[1]);
	}

	public function filesUrl(string $path): string {
		return $this->nc->dav()->filesUrl($this->uid, $path);
	}

	private function handle(int $i = 0): \CurlHandle {
		if (!isset($this->handles[$i])) {
			$ch = curl_init();
			curl_setopt($ch, CURLOPT_COOKIEFILE, ''); // the cookie engine, in memory
			$this->handles[$i] = $ch;
		}
		return $this->handles[$i];
	}

	/**
	 * @param array<string,string> $headers
	 * @return array<int,mixed>
	 */
	private function options(string $method, string $url, array $headers = [], ?string $body = null): array {
		$headers += ['Expect' => ''];
		$options = [
			CURLOPT_URL => $url,
			CURLOPT_CUSTOMREQUEST => $method,
			CURLOPT_USERPWD => $this->uid . ':' . $this->appPassword,
			CURLOPT_HTTPAUTH => CURLAUTH_BASIC,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT => 900,
			CURLOPT_HTTPHEADER => array_map(static fn ($k, $v) => "$k: $v", array_keys($headers), $headers),
		];
		// A request without a body (MKCOL, MOVE) goes without one, as Nextcloud's clients send it: an empty
		// body would be sent as "Content-Length: 0", and Nextcloud 32 takes the MOVE's Content-Length for the
		// assembled file's size on object storage, so a chunked upload was recorded (and served) as 0 bytes.
		// A reused handle forgets an earlier request's body (HTTPGET resets it; the method is set again after).
		if ($body === null) {
			$options = [CURLOPT_HTTPGET => true] + $options;
		} else {
			$options[CURLOPT_POSTFIELDS] = $body;
		}
		return $options;
	}

	/** @param array<string,string> $headers */
	private function request(string $method, string $url, array $headers = [], ?string $body = null, int ...$expected): void {
		$ch = $this->handle();
		curl_setopt_array($ch, $this->options($method, $url, $headers, $body));
		$out = curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		if ($out === false || !in_array($code, $expected, true)) {
			throw new \RuntimeException("$method $url: HTTP $code " . curl_error($ch) . ' ' . substr((string)$out, 0, 500));
		}
	}

	/** PUT; returns the milliseconds it took. */
	public function put(string $path, string $body, int $mtime): float {
		$t = hrtime(true);
		$this->request('PUT', $this->filesUrl($path), ['Content-Type' => 'application/octet-stream', 'X-OC-MTime' => (string)$mtime], $body, 201, 204);
		return (hrtime(true) - $t) / 1e6;
	}

	/**
	 * GET, the bytes counted and hashed as they arrive (a large file is never held in memory).
	 *
	 * @return array{size:int,sha256:string}
	 */
	public function download(string $path): array {
		$hash = hash_init('sha256');
		$size = 0;
		$ch = curl_init();
		curl_setopt_array($ch, [
			CURLOPT_URL => $this->filesUrl($path),
			CURLOPT_USERPWD => $this->uid . ':' . $this->appPassword,
			CURLOPT_HTTPAUTH => CURLAUTH_BASIC,
			CURLOPT_TIMEOUT => 900,
			CURLOPT_WRITEFUNCTION => static function ($ch, string $data) use ($hash, &$size): int {
				hash_update($hash, $data);
				$size += strlen($data);
				return strlen($data);
			},
		]);
		$ok = curl_exec($ch);
		$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
		$error = curl_error($ch);
		curl_close($ch);
		if ($ok === false || $code !== 200) {
			throw new \RuntimeException("GET $path: HTTP $code $error");
		}
		return ['size' => $size, 'sha256' => hash_final($hash)];
	}

	public function mkdirs(string $path): void {
		$current = '';
		foreach (explode('/', trim($path, '/')) as $segment) {
			$current = ltrim($current . '/' . $segment, '/');
			$this->request('MKCOL', $this->filesUrl($current), [], null, 201, 405); // 405: exists already
		}
	}

	/** Chunked upload v2: MKCOL an upload folder, PUT numbered chunks, MOVE .file onto the destination. */
	public function chunkedUpload(string $path, string $localFile, int $chunkSize, int $mtime): void {
		$destination = $this->filesUrl($path);
		$size = filesize($localFile);
		$uploadUrl = $this->nc->url() . '/remote.php/dav/uploads/' . rawurlencode($this->uid) . '/bench-' . bin2hex(random_bytes(8));
		$common = ['Destination' => $destination, 'OC-Total-Length' => (string)$size];
		$this->request('MKCOL', $uploadUrl, $common, null, 201);
		$h = fopen($localFile, 'rb');
		try {
			for ($chunk = 1, $offset = 0; $offset < $size; $chunk++, $offset += $chunkSize) {
				$this->request('PUT', sprintf('%s/%05d', $uploadUrl, $chunk), $common + ['Content-Type' => 'application/octet-stream'],
					(string)stream_get_contents($h, $chunkSize, $offset), 201, 204);
			}
		} finally {
			fclose($h);
		}
		$this->request('MOVE', $uploadUrl . '/.file', $common + ['X-OC-MTime' => (string)$mtime], null, 201, 204);
	}

	/**
	 * Uploads many small files with plain PUTs over PARALLEL connections (curl_multi), like a phone's
	 * auto-upload catching up. A request that fails with a server error is retried (SQLite may be busy).
	 *
	 * @param list<array{path:string,local:string,mtime:int}> $files
	 * @return int retries needed
	 */
	public function putMany(array $files, int $parallel): int {
		$folders = [];
		foreach ($files as $f) {
			$folders[dirname($f['path'])] = true;
		}
		foreach (array_keys($folders) as $folder) {
			$this->mkdirs($folder);
		}
		$mh = curl_multi_init();
		$queue = array_map(static fn (array $f) => $f + ['attempt' => 0], $files);
		$free = range(0, $parallel - 1);
		$running = [];
		$retries = 0;
		try {
			while ($queue !== [] || $running !== []) {
				while ($queue !== [] && $free !== []) {
					$job = array_shift($queue);
					$slot = array_pop($free);
					$ch = $this->handle($slot);
					curl_setopt_array($ch, $this->options('PUT', $this->filesUrl($job['path']),
						['Content-Type' => 'application/octet-stream', 'X-OC-MTime' => (string)$job['mtime']], file_get_contents($job['local'])));
					curl_multi_add_handle($mh, $ch);
					$running[$slot] = $job;
				}
				curl_multi_exec($mh, $active);
				if (curl_multi_select($mh, 0.5) === -1) {
					usleep(1000);
				}
				curl_multi_exec($mh, $active);
				while (($info = curl_multi_info_read($mh)) !== false) {
					$ch = $info['handle'];
					$slot = array_search($ch, $this->handles, true);
					$job = $running[$slot];
					unset($running[$slot]);
					$free[] = $slot;
					$code = curl_getinfo($ch, CURLINFO_HTTP_CODE);
					$body = (string)curl_multi_getcontent($ch);
					$error = curl_error($ch);
					curl_multi_remove_handle($mh, $ch);
					if ($code === 201 || $code === 204) {
						continue;
					}
					if ($job['attempt'] < 3 && ($code === 0 || $code >= 500 || $code === 423)) {
						$job['attempt']++;
						$retries++;
						$queue[] = $job;
						continue;
					}
					throw new \RuntimeException("PUT {$job['path']}: HTTP $code $error " . substr($body, 0, 500));
				}
			}
		} finally {
			curl_multi_close($mh);
		}
		return $retries;
	}
}

// ================================================================ mirror:process and status

/** @return array{seconds:float,done:int,failed:int,runs:int,errors:list<string>} */
function processQueue(Instance $nc): array {
	$t = microtime(true);
	$done = 0;
	$failed = 0;
	$errors = [];
	$runs = 0;
	$workers = 1;
	do {
		$r = $nc->occ(['mirror:process', '--time-limit=3600', '--output=json'], workerEnv(), null, 7200);
		if (!$r->ok()) {
			throw new \RuntimeException("mirror:process failed:\n" . $r->describe());
		}
		$j = $r->json();
		$done += $j['done'];
		$failed += $j['failed'];
		$workers = max($workers, (int)($j['workers'] ?? 1));
		$errors = array_merge($errors, $j['errors'] ?? []);
		$runs++;
	} while (($j['timedOut'] ?? false) && $runs < 50);
	return ['seconds' => microtime(true) - $t, 'done' => $done, 'failed' => $failed, 'runs' => $runs, 'errors' => $errors, 'workers' => $workers];
}

/** @return array<string,mixed> the target's row of mirror:status */
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

// ================================================================ numbers

function measure(int $files, int $bytes, float $seconds): array {
	$seconds = max($seconds, 1e-6);
	return [
		'files' => $files,
		'bytes' => $bytes,
		'seconds' => round($seconds, 3),
		'filesPerSecond' => round($files / $seconds, 1),
		'mbPerSecond' => round($bytes / MIB / $seconds, 1),
	];
}

function line(array $m): string {
	return sprintf('%d files, %s in %.2f s: %.1f files/s, %.1f MiB/s', $m['files'], fmtBytes($m['bytes']), $m['seconds'], $m['filesPerSecond'], $m['mbPerSecond']);
}

/** @param list<float> $ms */
function stats(array $ms): array {
	sort($ms);
	$n = count($ms);
	$mean = array_sum($ms) / max(1, $n);
	$var = $n > 1 ? array_sum(array_map(static fn (float $x) => ($x - $mean) ** 2, $ms)) / ($n - 1) : 0.0;
	$pct = static fn (float $p) => $n === 0 ? 0.0 : $ms[min($n - 1, (int)floor($p * ($n - 1) + 0.5))];
	$median = $n === 0 ? 0.0 : ($n % 2 ? $ms[intdiv($n, 2)] : ($ms[$n / 2 - 1] + $ms[$n / 2]) / 2);
	return [
		'n' => $n,
		'meanMs' => round($mean, 2),
		'medianMs' => round($median, 2),
		'p10Ms' => round($pct(0.10), 2),
		'p90Ms' => round($pct(0.90), 2),
		'stdevMs' => round(sqrt($var), 2),
	];
}

// ================================================================ report

function report(array $r): void {
	$m = $r['machine'];
	$p = $r['parameters'];
	echo "\n";
	echo str_repeat('=', 100) . "\n";
	printf("Mirror benchmark, %s run of %s\n", $r['mode'], $r['startedAt']);
	printf("Machine : %d CPUs (%s), %s RAM, load %s at start / %s at end (shared machine: numbers are noisy)\n",
		$m['nproc'], $m['cpu'], fmtBytes($m['memBytes']), $m['loadBefore'], $m['loadAfter']);
	printf("Disk    : %s (%s, %s), %s free; source, Nextcloud data, mirror and copies all on it; page cache warm\n",
		$m['disk']['device'], $m['disk']['fstype'], $m['disk']['kind'], fmtBytes($m['disk']['freeBytes']));
	printf("Software: Nextcloud %s (%s, no memcache, php -S with 4 workers, OPcache %s), PHP %s, %s, %s\n",
		$m['nextcloud'], ['sqlite' => 'SQLite', 'pgsql' => 'PostgreSQL', 'mysql' => 'MariaDB'][$p['database'] ?? 'sqlite'] ?? $p['database'], $p['opcache'] ? 'on' : 'off', $m['php'], $m['rsync'], $m['cp']);
	if (($p['storage'] ?? 'local') === 's3') {
		echo "Storage : object storage as primary storage (a private s3rver on 127.0.0.1, the same disk); rsync and cp copy the data set's own folder\n";
	}
	echo "Clients : app password + session cookie, like the phone and desktop apps\n";
	printf("App     : mirror at %s\n", $m['app']);
	printf("Data set: %d photos of %d-%d KB (%s), %d x %d MiB (%s); random bytes\n",
		$p['photos'], $p['photoMinKB'], $p['photoMaxKB'], fmtBytes($r['copy']['photos']['mirror']['bytes'] ?? 0),
		$p['large'], $p['largeMB'], fmtBytes($r['copy']['large']['mirror']['bytes'] ?? 0));
	foreach ($r['upload'] as $class => $u) {
		printf("Upload  : %-6s %s (%s%s)\n", $class, line($u), $u['how'], $u['retries'] ? ", {$u['retries']} retries" : '');
	}
	echo "\n";
	printf("%-7s %-22s %7s %10s %9s %9s %9s   %s\n", 'class', 'copy', 'files', 'MiB', 'seconds', 'files/s', 'MiB/s', 'mirror time / this');
	echo str_repeat('-', 100) . "\n";
	foreach (['photos', 'large', 'total'] as $class) {
		if (!isset($r['copy'][$class])) {
			continue;
		}
		$rows = [
			['mirror:process', $r['copy'][$class]['mirror'], ''],
			['rsync -a', $r['copy'][$class]['rsync'], sprintf('%.2fx', $r['ratios'][$class]['mirror/rsync'])],
			['cp -a', $r['copy'][$class]['cp'], sprintf('%.2fx', $r['ratios'][$class]['mirror/cp'])],
			['rsync -a, then sync', $r['copy'][$class]['rsync']['withSync'], sprintf('%.2fx', $r['ratios'][$class]['mirror/rsync+sync'])],
			['cp -a, then sync', $r['copy'][$class]['cp']['withSync'], sprintf('%.2fx', $r['ratios'][$class]['mirror/cp+sync'])],
			['rsync -a --fsync', $r['copy'][$class]['rsync-fsync'], sprintf('%.2fx', $r['ratios'][$class]['mirror/rsync-fsync'])],
		];
		foreach ($rows as [$name, $x, $ratio]) {
			printf("%-7s %-22s %7d %10.1f %9.2f %9.1f %9.1f   %s\n", $class, $name, $x['files'], $x['bytes'] / MIB, $x['seconds'], $x['filesPerSecond'], $x['mbPerSecond'], $ratio);
		}
		echo str_repeat('-', 100) . "\n";
	}
	printf("mirror:process includes starting occ (an empty run takes %.2f s); its copies are durable (synced per batch: one syncfs on ext4, XFS, Btrfs, F2FS, tmpfs, else an fdatasync per file) and hashed.\n", $r['mirrorEmptyRunSeconds']);
	printf("Verified: mirror %s; rsync %s; cp %s; rsync --fsync %s\n", verdict($r['verify']['mirror']), verdict($r['verify']['rsync']), verdict($r['verify']['cp']), verdict($r['verify']['rsync-fsync']));

	$l = $r['listener'];
	echo "\n";
	printf("Listener overhead: %d x %d sequential PUTs of %d KB with the app disabled and as many enabled, in %d blocks of %d\n",
		$l['pairs'], $l['uploadsPerBlock'], $l['uploadBytes'] / 1024, 2 * $l['pairs'], $l['uploadsPerBlock']);
	printf("(alternating D E, E D, ...; %d warm-ups per block not counted; ms per upload as the client sees it)\n", $l['warmupPerBlock']);
	printf("%-7s %-9s %9s %9s %9s %9s %9s %8s\n", 'pair', 'app', 'mean ms', 'median', 'p10', 'p90', 'stdev', 'queued');
	foreach ($l['blocks'] as $x) {
		printf("%-7d %-9s %9.2f %9.2f %9.2f %9.2f %9.2f %8s\n", $x['pair'], $x['app'], $x['meanMs'], $x['medianMs'], $x['p10Ms'], $x['p90Ms'], $x['stdevMs'], $x['queued'] ?? '-');
	}
	foreach (['disabled', 'enabled'] as $state) {
		$x = $l[$state];
		printf("%-7s %-9s %9.2f %9.2f %9.2f %9.2f %9.2f\n", 'all', $state, $x['meanMs'], $x['medianMs'], $x['p10Ms'], $x['p90Ms'], $x['stdevMs']);
	}
	printf("Added by the app (all enabled - all disabled): %+.2f ms mean, %+.2f ms median per upload (%+.1f %% of the median)\n",
		$l['meanDiffMs'], $l['medianDiffMs'], $l['medianDiffPercent']);
	printf("Per pair, enabled - disabled median: %s ms; their median %+.2f ms (the spread is the noise)\n",
		implode(', ', array_map(static fn (array $x) => sprintf('%+.1f', $x['medianDiffMs']), $l['pairResults'])), $l['pairMedianDiffMs']['median']);
	echo str_repeat('=', 100) . "\n";
}

// ================================================================ machine, helpers

function machine(string $dir): array {
	$cpu = '?';
	if (preg_match('/^model name\s*:\s*(.+)$/m', (string)@file_get_contents('/proc/cpuinfo'), $mm)) {
		$cpu = trim($mm[1]);
	}
	$mem = 0;
	if (preg_match('/^MemTotal:\s+(\d+) kB/m', (string)@file_get_contents('/proc/meminfo'), $mm)) {
		$mem = (int)$mm[1] * 1024;
	}
	$fs = Proc::run(['findmnt', '-n', '-o', 'SOURCE,FSTYPE', '-T', $dir]);
	[$device, $fstype] = array_pad(preg_split('/\s+/', trim($fs->stdout)) ?: [], 2, '?');
	$kind = '?';
	$block = preg_replace('#^/dev/#', '', (string)$device);
	$sys = '/sys/class/block/' . $block;
	if (is_file($sys . '/partition')) {
		$sys = dirname((string)realpath($sys));
	}
	if (is_readable($sys . '/queue/rotational')) {
		$kind = trim((string)file_get_contents($sys . '/queue/rotational')) === '1' ? 'reports rotational' : 'reports non-rotational';
		if (str_starts_with($block, 'vd')) {
			$kind = 'virtio disk, ' . $kind;
		}
	}
	return [
		'nproc' => (int)trim(Proc::run(['nproc'])->stdout),
		'cpu' => $cpu,
		'memBytes' => $mem,
		'disk' => ['device' => $device, 'fstype' => $fstype, 'kind' => $kind, 'freeBytes' => (int)disk_free_space($dir)],
		'php' => PHP_VERSION,
		'rsync' => 'rsync ' . (preg_match('/version\s+(\S+)/', Proc::run(['rsync', '--version'])->stdout, $mm) ? $mm[1] : '?'),
		'cp' => 'cp ' . (preg_match('/^cp \(GNU coreutils\) (\S+)/', Proc::run(['cp', '--version'])->stdout, $mm) ? 'GNU coreutils ' . $mm[1] : '?'),
		'app' => appRevision(),
		'loadBefore' => loadavg(),
	];
}

