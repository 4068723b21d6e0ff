<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Every way a file gets into Nextcloud ends up on the mirror (issue items 2, 3, 5).
 */
final class UploadPathsTest extends IntegrationTestCase {
	public function testPlainPutIsMirroredWithSameBytesMtimeAndModes(): void {
		$uid = $this->user('put');
		$target = $this->newTarget('put');
		$this->dav()->mkdirs($uid, 'Docs/2024');
		$this->dav()->put($uid, 'Docs/2024/letter.txt', "Dear family,\n");
		$this->dav()->put($uid, 'top.txt', str_repeat('x', 100_000));

		$this->processOk();

		$this->assertMirrored($target, $uid, 'Docs/2024/letter.txt');
		$this->assertMirrored($target, $uid, 'top.txt');
		foreach (['', 'Docs', 'Docs/2024'] as $dir) {
			$this->assertSame('0755', sprintf('%04o', fileperms($this->mirrorPath($target, $uid, $dir)) & 0777), "mode of mirrored folder '$dir'");
		}
		$this->assertUserMirrored($target, $uid);
		$this->assertNoTempFiles($target);

		$status = $this->userStatus($uid, (int)$target['id']);
		$this->assertNotNull($status, 'mirror:status lists the user on the target');
		$this->assertSame(2, $status['files']);
		$this->assertSame(2, $status['replicated']);
		$this->assertSame(0, $status['pending']);
		$this->assertSame(0, $status['failed']);
		$this->assertSame(100_000 + 13, $status['bytes']);
		$this->assertNotNull($status['lastReplicatedAt']);
	}

	public function testPutWithClientMtimeKeepsThatMtimeOnTheMirror(): void {
		$uid = $this->user('mtime');
		$target = $this->newTarget('mtime');
		$mtime = 1_262_347_200; // 2010-01-01 12:00 UTC, a photo taken long ago
		$r = $this->dav()->put($uid, 'IMG_0001.jpg', random_bytes(50_000), $mtime);
		$this->assertSame('accepted', $r->header('X-OC-MTime'));

		$this->processOk();

		$this->assertMirrored($target, $uid, 'IMG_0001.jpg');
		clearstatcache();
		$this->assertSame($mtime, filemtime($this->mirrorPath($target, $uid, 'IMG_0001.jpg')));
	}

	public function testChunkedUploadV2IsMirroredAsOneFile(): void {
		$uid = $this->user('chunked');
		$target = $this->newTarget('chunked');
		$local = self::makeFile($this->scratchDir('chunked') . '/video.mp4', 12 * 1024 * 1024 + 123);
		$this->dav()->mkcol($uid, 'Videos');
		$chunks = $this->dav()->chunkedUpload($uid, 'Videos/video.mp4', $local, 5 * 1024 * 1024, 1_600_000_000);
		$this->assertSame(3, $chunks);

		$this->processOk();

		$this->assertMirrored($target, $uid, 'Videos/video.mp4');
		$this->assertSame(hash_file('sha256', $local), hash_file('sha256', $this->mirrorPath($target, $uid, 'Videos/video.mp4')));
		clearstatcache();
		$this->assertSame(1_600_000_000, filemtime($this->mirrorPath($target, $uid, 'Videos/video.mp4')));
		// Only the assembled file: nothing of the upload folder (chunks) is mirrored.
		$this->assertSame(['Videos/video.mp4'], $this->mirrorFiles($target, $uid));
		$this->assertNoTempFiles($target);
	}

	public function testDesktopClientBulkUploadAndChunkedUploadAreMirrored(): void {
		$uid = $this->user('desktop');
		$target = $this->newTarget('desktop');
		$local = $this->scratchDir('desktop');
		for ($i = 1; $i <= 60; $i++) {
			$dir = $local . '/Camera/' . sprintf('2024-%02d', 1 + $i % 3);
			if (!is_dir($dir)) {
				mkdir($dir, 0755, true);
			}
			file_put_contents($dir . sprintf('/IMG_%04d.jpg', $i), random_bytes(2_000 + $i * 97));
			touch($dir . sprintf('/IMG_%04d.jpg', $i), 1_700_000_000 + $i * 60);
		}
		self::makeFile($local . '/Camera/VID_0001.mp4', 12 * 1024 * 1024);
		touch($local . '/Camera/VID_0001.mp4', 1_700_100_000);
		$this->dav()->mkcol($uid, 'InstantUpload');
		$logBefore = strlen(self::nc()->serverLog());

		// Chunk size 5 MB: the 12 MB video goes through chunked upload (default threshold is 100 MB),
		// the photos through bulk upload (one POST for many files).
		// On SQLite, the client's parallel requests sometimes meet "database is locked" in Nextcloud's own login
		// code (HTTP 503 for one request): like the real client, sync again (blacklist wait shortened).
		$env = ['OWNCLOUD_CHUNK_SIZE' => (string)(5 * 1024 * 1024), 'OWNCLOUD_BLACKLIST_TIME_MIN' => '1', 'OWNCLOUD_BLACKLIST_TIME_MAX' => '1'];
		for ($attempt = 1; $attempt <= 3; $attempt++) {
			$sync = self::nc()->nextcloudcmd($uid, $local, '/InstantUpload', $env);
			if ($sync->ok()) {
				break;
			}
			fwrite(STDERR, "\nnote: nextcloudcmd sync $attempt failed (exit {$sync->exitCode}): "
				. implode(' | ', array_slice(preg_grep('/Server replied \W*[45]\d\d/', explode("\n", $sync->stderr)) ?: ['?'], 0, 2)) . "\n");
			sleep(2);
		}
		$this->assertSame(0, $sync->exitCode, $sync->describe());
		$requests = substr(self::nc()->serverLog(), $logBefore);
		$this->assertMatchesRegularExpression('#POST /remote\.php/dav/bulk#', $requests, 'nextcloudcmd should have used bulk upload');
		$this->assertMatchesRegularExpression('#MOVE /remote\.php/dav/uploads/' . $uid . '/#', $requests, 'nextcloudcmd should have used chunked upload');
		$this->assertCount(61, $this->sourceFiles($uid, 'InstantUpload'));

		$this->processOk();

		$this->assertUserMirrored($target, $uid);
		clearstatcache();
		$this->assertSame(1_700_100_000, filemtime($this->mirrorPath($target, $uid, 'InstantUpload/Camera/VID_0001.mp4')), 'client mtime kept');
		$this->assertSame(1_700_000_060, filemtime($this->mirrorPath($target, $uid, 'InstantUpload/Camera/2024-02/IMG_0001.jpg')), 'client mtime kept');
		$this->assertNoTempFiles($target);
	}

	public function testSharedFilesAreMirroredOnceUnderTheirOwner(): void {
		$owner = $this->user('sharer');
		$other = $this->user('sharee');
		$target = $this->newTarget('shares');
		$this->dav()->mkcol($owner, 'Family');
		$this->dav()->put($owner, 'Family/recipes.txt', 'pancakes');
		$this->dav()->put($owner, 'budget.ods', 'numbers');
		$this->dav()->shareWithUser($owner, 'Family', $other);
		$this->dav()->shareWithUser($owner, 'budget.ods', $other);
		$this->dav()->acceptPendingShares($other);
		// The recipient adds a file into the shared folder: it belongs to the owner's storage.
		$this->dav()->put($other, 'Family/from-sharee.txt', 'hello from the other user');
		$this->dav()->put($other, 'own.txt', 'mine');

		$this->processOk();

		$this->assertSame(['Family/from-sharee.txt', 'Family/recipes.txt', 'budget.ods'], $this->mirrorFiles($target, $owner));
		$this->assertUserMirrored($target, $owner);
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $other), 'shared files are not mirrored a second time under the recipient');
	}

	public function testOnlyHomeFilesAreMirroredNeverTrashVersionsChunksOrAppdata(): void {
		$uid = $this->user('internals');
		$target = $this->newTarget('internals');
		$this->dav()->put($uid, 'a.txt', 'v1');
		$this->dav()->put($uid, 'a.txt', 'v2 - makes a version');
		$this->dav()->put($uid, 'gone.txt', 'deleted soon');
		$this->dav()->delete($uid, 'gone.txt');
		$local = self::makeFile($this->scratchDir('internals') . '/c.bin', 3 * 1024 * 1024);
		$this->dav()->chunkedUpload($uid, 'c.bin', $local, 1024 * 1024);
		// A photo whose preview Nextcloud generates (stored in appdata, which fires cache events).
		$im = imagecreatetruecolor(400, 300);
		imagefilledrectangle($im, 0, 0, 399, 299, imagecolorallocate($im, 200, 50, 50));
		ob_start();
		imagejpeg($im);
		$this->dav()->put($uid, 'photo.jpg', (string)ob_get_clean());
		$fileId = $this->dav()->fileId($uid, 'photo.jpg');
		$preview = $this->dav()->request('GET', self::nc()->url() . "/index.php/core/preview?fileId=$fileId&x=64&y=64", $uid);
		$this->assertSame(200, $preview->status, 'Nextcloud generated a preview');
		self::nc()->runCron(['OC\\Core\\BackgroundJobs\\GenerateMetadataJob']);

		$this->processOk();

		// On the target: the marker, the users' folders, the mirror trash and the manifests (nothing else).
		foreach (scandir($target['path']) as $entry) {
			if ($entry === '.' || $entry === '..') {
				continue;
			}
			$this->assertTrue($entry === self::MARKER || $entry === self::TRASH || $entry === '.mirror-manifest' || in_array($entry, self::nc()->userIds(), true),
				"unexpected entry '$entry' at the target's root");
		}
		$this->assertSame(['a.txt', 'c.bin', 'photo.jpg'], $this->mirrorFiles($target, $uid));
		$this->assertSame('v2 - makes a version', file_get_contents($this->mirrorPath($target, $uid, 'a.txt')));
		foreach (self::filesBelow($target['path'], true) as $entry) {
			$this->assertDoesNotMatchRegularExpression('#(^|/)(files_versions|files_trashbin|uploads|cache|appdata_[^/]*|preview|thumbnails)(/|$)|\.part$|\.ocTransferId#', $entry,
				'nothing of Nextcloud\'s internals may reach the mirror');
		}
	}
}
