<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\S3Server;

/**
 * S3-compatible object storage as Nextcloud's primary storage (issue #25): the users' files live in a bucket
 * (a private s3rver), not in the data folder. Mirror reads them through Nextcloud's file API, so the engine,
 * verify, restore (written back into the bucket), the tripwire and the manifest must work unchanged, byte for byte.
 *
 * Skipped with one line when node or node_modules/s3rver is missing (failed with MIRROR_NO_SKIP).
 */
final class ObjectStorageTest extends IntegrationTestCase {
	private const RUN_RESTORE = 'OCA\\Mirror\\BackgroundJob\\RunRestore';

	protected static function primaryStorage(): string {
		return 's3';
	}

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	private static function s3(): S3Server {
		return self::nc()->s3() ?? throw new \LogicException('the instance has no S3 server');
	}

	/**
	 * sha256 of every object in the bucket.
	 *
	 * @return array<string, string> sha256 => object key
	 */
	private static function bucketHashes(): array {
		$out = [];
		foreach (self::s3()->objects() as $key => $file) {
			$out[(string)hash_file('sha256', $file)] = $key;
		}
		return $out;
	}

	/**
	 * sha256 of every file in the data folder (the log, the database, app data: no user's file, if the bucket
	 * holds them).
	 *
	 * @return array<string, string> sha256 => path
	 */
	private static function dataFolderHashes(): array {
		$out = [];
		$dir = self::nc()->dataDir;
		foreach (self::filesBelow($dir) as $file) {
			$path = $dir . '/' . $file;
			if (is_file($path) && !is_link($path)) {
				$out[(string)hash_file('sha256', $path)] = $file;
			}
		}
		return $out;
	}

	/**
	 * Each file's bytes are in the bucket, and nowhere in the data folder.
	 *
	 * @param array<string, string> $files path => bytes
	 */
	private function assertInTheBucketOnly(string $uid, array $files): void {
		$bucket = self::bucketHashes();
		$data = self::dataFolderHashes();
		foreach ($files as $path => $bytes) {
			$sha = hash('sha256', $bytes);
			$this->assertArrayHasKey($sha, $bucket, "the bytes of $path are an object in the bucket");
			$this->assertStringStartsWith('urn:oid:', $bucket[$sha], "$path is stored under Nextcloud's object key");
			$this->assertArrayNotHasKey($sha, $data, "the bytes of $path are not in the data folder (found: " . ($data[$sha] ?? '') . ')');
		}
		$this->assertSame([], self::filesBelow(self::nc()->userFilesDir($uid)), "the data folder holds no file of $uid");
	}

	/**
	 * The copy of every file is on the drive with the uploaded bytes and the mtime Nextcloud shows, and Nextcloud
	 * serves the same bytes over WebDAV.
	 *
	 * @param array<string, string> $files path => bytes
	 */
	private function assertCopies(array $target, string $uid, array $files): void {
		foreach ($files as $path => $bytes) {
			$copy = $this->mirrorPath($target, $uid, $path);
			clearstatcache();
			$this->assertFileExists($copy, "$uid/$path is mirrored");
			$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $copy), "the copy of $uid/$path holds the uploaded bytes");
			$this->assertSame(hash('sha256', $bytes), hash('sha256', $this->dav()->get($uid, $path)), "Nextcloud serves $uid/$path from the bucket");
			$this->assertSame($this->nextcloudMtime($uid, $path), filemtime($copy), "the copy of $uid/$path has the mtime Nextcloud shows");
		}
	}

	public function testUploadsAreMirroredByteForByteFromTheBucketAndListedInTheManifest(): void {
		$uid = $this->user('s3-alice');
		$target = $this->newTarget('s3-engine');
		$files = [];
		$this->dav()->mkdirs($uid, 'Photos/2026');
		foreach (['Photos/2026/IMG_0001.jpg' => 300_000, 'Photos/2026/IMG_0002.jpg' => 1_200_000, 'notes.txt' => 40] as $path => $size) {
			$files[$path] = "\xFF\xD8\xFF\xE0" . random_bytes($size);
			$this->dav()->put($uid, $path, $files[$path], 1_765_000_000);
		}
		// a chunked upload, as the web and the phone apps send a large file
		$local = self::makeFile($this->scratchDir('chunked') . '/clip.mp4', 13 * 1024 * 1024 + 17);
		$this->dav()->mkdirs($uid, 'Videos');
		$this->dav()->chunkedUpload($uid, 'Videos/clip.mp4', $local, 5 * 1024 * 1024, 1_765_000_100);
		$files['Videos/clip.mp4'] = (string)file_get_contents($local);
		// the desktop client's sync engine (bulk upload for small files)
		$synced = $this->scratchDir('desktop');
		file_put_contents($synced . '/report.odt', $files['Desktop/report.odt'] = random_bytes(70_000));
		file_put_contents($synced . '/todo.md', $files['Desktop/todo.md'] = "- mirror the bucket\n" . bin2hex(random_bytes(16)));
		$this->dav()->mkcol($uid, 'Desktop');
		$sync = self::nc()->nextcloudcmd($uid, $synced, '/Desktop');
		$this->assertTrue($sync->ok(), $sync->describe());

		$this->processOk();

		$this->assertCopies($target, $uid, $files);
		$expected = array_keys($files);
		sort($expected);
		$this->assertSame($expected, $this->mirrorFiles($target, $uid), 'the mirror holds the user\'s files and nothing else');
		$this->assertInTheBucketOnly($uid, $files);

		// the manifest lists every file with its sha256, checkable with sha256sum on the drive alone
		$manifest = $target['path'] . '/.mirror-manifest/' . $uid . '.sha256';
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($manifest) . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		sort($out);
		$this->assertSame(array_map(static fn (string $p): string => $p . ': OK', $expected), $out);
		$index = json_decode((string)file_get_contents($target['path'] . '/.mirror-manifest/' . $uid . '.json'), true);
		foreach ($files as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), $index[$path]['sha256'] ?? null, "the manifest's index records $path");
		}
	}

	public function testVerifyReadsTheCopiesAndACopyChangedOnTheDriveIsFoundAndCopiedAgainFromTheBucket(): void {
		$uid = $this->user('s3-verify');
		$target = $this->newTarget('s3-verify');
		$files = [];
		foreach (['a.jpg' => 50_000, 'b.jpg' => 80_000, 'c.txt' => 300] as $path => $size) {
			$files[$path] = random_bytes($size);
			$this->dav()->put($uid, $path, $files[$path], 1_765_100_000);
		}
		$this->processOk();
		$clean = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $clean->exitCode, $clean->describe());
		$this->assertStringContainsString('3 good, 0 missing, 0 different', $clean->stdout);

		// the drive changes one copy, keeping its size and time
		$rotten = $this->mirrorPath($target, $uid, 'b.jpg');
		$mtime = filemtime($rotten);
		$bytes = $files['b.jpg'];
		$bytes[1000] = chr(ord($bytes[1000]) ^ 0xFF);
		file_put_contents($rotten, $bytes);
		touch($rotten, $mtime);

		$found = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertNotSame(0, $found->exitCode, $found->describe());
		$this->assertStringContainsString('b.jpg', $found->stdout, 'verify names the changed copy');
		$this->assertStringContainsString('2 good, 0 missing, 1 different', $found->stdout);
		$this->processOk();
		$this->assertCopies($target, $uid, $files);
		$again = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $again->exitCode, 'copied again from the bucket: ' . $again->describe());
	}

	public function testRestoreWritesTheFilesBackIntoTheBucketThroughTheFilesApiWithOccAndTheApi(): void {
		$uid = $this->user('s3-restore');
		$target = $this->newTarget('s3-restore');
		$this->dav()->mkdirs($uid, 'Photos');
		$files = ['Photos/a.jpg' => random_bytes(120_000), 'Photos/b.jpg' => random_bytes(64_000), 'Photos/c.jpg' => random_bytes(9_000)];
		foreach ($files as $path => $bytes) {
			$this->dav()->put($uid, $path, $bytes, 1_765_200_000);
		}
		$this->processOk();
		// deleted, the Nextcloud trash emptied: the photos are only in the mirror's trash now
		foreach (array_keys($files) as $path) {
			$this->dav()->delete($uid, $path)->expect(204);
		}
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$bucket = self::bucketHashes();
		foreach ($files as $path => $bytes) {
			$this->assertArrayNotHasKey(hash('sha256', $bytes), $bucket, "$path is gone from the bucket");
		}
		$day = 'trash:' . date('Y-m-d');

		// occ: a.jpg
		$r = $this->occ(['mirror:restore', '--output=json', '--user=' . $uid, '--path=Photos/a.jpg', '--from-version=' . $day, '--target=' . $target['id']]);
		$done = $r->json();
		$this->assertIsArray($done, $r->describe());
		$this->assertSame([1, 0, 0, 0], [$done['restored'], $done['mismatched'], $done['failed'], $r->exitCode], $r->describe());

		// the admin API (a background job run by cron): b.jpg and c.jpg
		$ask = ['userId' => $uid, 'targetId' => (int)$target['id'], 'path' => 'Photos', 'version' => $day, 'into' => '', 'mode' => 'new'];
		$started = $this->ocs('POST', '/restores', $ask);
		$this->assertSame(202, $started['status'], json_encode($started));
		$this->cron([self::RUN_RESTORE]);
		$job = $this->ocs('GET', '/restores/' . $started['data']['id']);
		$this->assertSame(['done', 2, 0, 0], [$job['data']['state'], $job['data']['restored'], $job['data']['mismatched'], $job['data']['failed']], json_encode($job));

		foreach ($files as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), hash('sha256', $this->dav()->get($uid, $path)), "$path reads back byte for byte over WebDAV");
			$this->assertSame(1_765_200_000, $this->nextcloudMtime($uid, $path), "$path has its modification time back");
		}
		$this->assertInTheBucketOnly($uid, $files);
		// the restored files are Nextcloud's again: the worker records them, nothing is left to do
		$this->processOk();
		$this->assertCopies($target, $uid, $files);
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed'] ?? 0);
	}

	public function testTheTripwireHoldsAMassOverwriteReadFromTheBucket(): void {
		$uid = $this->user('s3-victim');
		$target = $this->newTarget('s3-tripwire');
		$this->dav()->mkcol($uid, 'Camera');
		$originals = [];
		for ($i = 1; $i <= 40; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = "\xFF\xD8\xFF\xE0" . random_bytes(2_000);
			$this->dav()->put($uid, $path, $originals[$path]);
		}
		$this->processOk();
		$this->assertCopies($target, $uid, $originals);

		// malware encrypts every photo through a synced folder: same names, random bytes
		foreach (array_keys($originals) as $path) {
			$this->dav()->put($uid, $path, random_bytes(2_004));
		}
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(40, $run['held'] ?? null, 'every overwrite is held: ' . json_encode($run));
		foreach ($originals as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "the mirror keeps the original $path");
		}
		$this->occOk(['mirror:tripwire:release', '--user=' . $uid, '--discard']);
	}

	/** @return array{status: int, data: mixed} */
	private function ocs(string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}
}
