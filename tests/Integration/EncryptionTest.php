<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * Issue #25: server-side encryption (the encryption app, its default module). The data folder holds
 * ciphertext; the mirror holds the plain files (it reads through the Files API, whose wrapper decrypts),
 * verify passes, and restores (occ, the sidebar's API in the web server, the admin's API in cron) write
 * the files back encrypted and readable byte for byte. And the drive's own encryption (dm-crypt), as
 * the admin card shows it, read from this machine's real /proc and /sys.
 */
final class EncryptionTest extends IntegrationTestCase {
	private const RUN_RESTORE = 'OCA\\Mirror\\BackgroundJob\\RunRestore';
	/** What Nextcloud's encryption writes first in every file: a header block of 8 KiB. */
	private const HEADER_START = 'HBEGIN:';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'encryption']);
		self::nc()->mustOcc(['encryption:enable']);
		$status = self::nc()->mustOcc(['encryption:status', '--output=json']);
		$state = json_decode($status->stdout, true);
		if (($state['enabled'] ?? false) !== true || ($state['defaultModule'] ?? '') !== 'OC_DEFAULT_MODULE') {
			throw new \RuntimeException('Server-side encryption is not on: ' . $status->stdout);
		}
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . (str_contains($path, '?') ? '&' : '?') . 'format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/** The file in the data folder is Nextcloud's ciphertext of $plain: its header, not the bytes. */
	private function assertEncryptedOnDisk(string $uid, string $path, string $plain): void {
		$disk = $this->sourcePath($uid, $path);
		$this->assertFileExists($disk);
		$bytes = (string)file_get_contents($disk);
		$this->assertStringStartsWith(self::HEADER_START, $bytes, "$path is encrypted on disk");
		$this->assertStringContainsString('oc_encryption_module:OC_DEFAULT_MODULE', substr($bytes, 0, 8192));
		$this->assertNotSame(hash('sha256', $plain), hash('sha256', $bytes));
		$this->assertGreaterThan(strlen($plain), strlen($bytes), 'ciphertext: the header and a signature per block more');
		if (strlen($plain) >= 64) {
			$this->assertStringNotContainsString(substr($plain, 0, 64), $bytes, 'no plain bytes on disk');
		}
	}

	/** The mirror's copy is the plain file, and WebDAV serves the same plain bytes. */
	private function assertPlainOnMirrorAndDav(array $target, string $uid, string $path, string $plain): void {
		$copy = $this->mirrorPath($target, $uid, $path);
		$this->assertFileExists($copy);
		$this->assertSame(hash('sha256', $plain), hash_file('sha256', $copy), "the mirror holds $path's plain bytes");
		$this->assertSame(hash('sha256', $plain), hash('sha256', $this->dav()->get($uid, $path)), "WebDAV reads $path back");
	}

	public function testTheMirrorHoldsThePlainFilesAndRestoresWriteThemBackEncrypted(): void {
		$uid = $this->user('crypt-alice');
		// a first request logs the user in (basic auth): the encryption app makes the user's keys then
		$this->assertSame(207, $this->dav()->request('PROPFIND', $this->dav()->filesUrl($uid), $uid, ['Depth' => '0'])->status);
		$files = [
			'Photos/a.jpg' => "\xFF\xD8\xFF\xE0" . random_bytes(100_000),   // many encryption blocks (6,126 plain bytes each)
			'Photos/b.jpg' => "\xFF\xD8\xFF\xE0" . random_bytes(20_000),
			'notes.txt' => "a line of plain text, readable by anyone with the drive\n",
			'big.bin' => random_bytes(17 * 1024 * 1024 + 5),                 // over 16 MiB: hashed by the openssl child
			'empty.txt' => '',
		];
		$this->dav()->mkcol($uid, 'Photos');
		foreach ($files as $path => $plain) {
			$this->assertSame(201, $this->dav()->put($uid, $path, $plain, 1_760_000_000)->status, $path);
		}
		foreach ($files as $path => $plain) {
			if ($plain !== '') {
				$this->assertEncryptedOnDisk($uid, $path, $plain);
			}
		}

		$target = $this->newTarget('crypt');
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(0, $run['failed'] ?? null, json_encode($run));
		foreach ($files as $path => $plain) {
			$this->assertPlainOnMirrorAndDav($target, $uid, $path, $plain);
			$this->assertSame(1_760_000_000, filemtime($this->mirrorPath($target, $uid, $path)), "$path keeps its time");
		}
		$this->assertSame(count($files), $this->userStatus($uid, (int)$target['id'])['replicated'] ?? null, 'every file recorded');
		$again = $this->processOk(['--output=json'])->json();
		$this->assertSame(0, $again['done'] ?? null, 'nothing copied twice: the recorded sizes are the plain ones: ' . json_encode($again));

		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid, '--output=json']);
		$this->assertSame(0, $verify->exitCode, $verify->describe());
		// a scan of the data folder (after a backup restore, say) measures the files again
		$this->occOk(['files:scan', $uid]);
		$resync = $this->occ(['mirror:resync', '--user=' . $uid, '--target=' . $target['id'], '--dry-run', '--output=json']);
		$this->assertSame(0, $resync->exitCode, $resync->describe());
		$this->assertSame([0, 0, 0, 0], [$resync->json()['missing'], $resync->json()['changed'], $resync->json()['mirrorMissing'], $resync->json()['mirrorChanged']], 'resync finds nothing different: ' . $resync->stdout);

		// three deletions reach the drive's trash; Nextcloud's own trash bin is emptied
		foreach (['notes.txt', 'Photos/a.jpg', 'Photos/b.jpg'] as $path) {
			$this->assertSame(204, $this->dav()->delete($uid, $path)->status);
		}
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$day = 'trash:' . date('Y-m-d');

		// occ mirror:restore
		$r = $this->occ(['mirror:restore', '--user=' . $uid, '--target=' . $target['id'], '--path=notes.txt', '--from-version=' . $day, '--output=json']);
		$this->assertSame(0, $r->exitCode, $r->describe());
		$this->assertSame([1, 0, 0], [$r->json()['restored'], $r->json()['mismatched'], $r->json()['failed']], $r->stdout);

		// the sidebar's API (the web server writes it)
		$folderId = $this->dav()->fileId($uid, 'Photos');
		$history = $this->ocs($uid, 'GET', '/files/' . $folderId . '/history');
		$this->assertSame(200, $history['status'], json_encode($history));
		$ids = array_column(array_filter($history['data']['deleted'], static fn (array $e): bool => $e['targetId'] === (int)$target['id']), 'id', 'path');
		$this->assertArrayHasKey('a.jpg', $ids, json_encode($history)); // paths inside the folder
		$back = $this->ocs($uid, 'POST', '/files/' . $folderId . '/restore-deleted', ['ids' => [$ids['a.jpg']]]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], json_encode($back));

		// the admin's API (a background job run by cron)
		$started = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => $uid, 'targetId' => (int)$target['id'], 'path' => 'Photos/b.jpg',
			'version' => $day, 'into' => '', 'mode' => 'new']);
		$this->assertSame(202, $started['status'], json_encode($started));
		$this->cron([self::RUN_RESTORE]);
		$done = $this->ocs(Instance::ADMIN, 'GET', '/restores/' . $started['data']['id'])['data'];
		$this->assertSame(['done', 1, 0, 0], [$done['state'], $done['restored'], $done['mismatched'], $done['failed']], json_encode($done));

		foreach (['notes.txt', 'Photos/a.jpg', 'Photos/b.jpg'] as $path) {
			$this->assertEncryptedOnDisk($uid, $path, $files[$path]);
			$this->assertSame($files[$path], $this->dav()->get($uid, $path), "$path restored byte for byte");
			$this->assertSame(1_760_000_000, $this->nextcloudMtime($uid, $path), "$path keeps its time");
		}
		// what came back is the mirror's copy: recorded, nothing to copy again, verify still passes
		$after = $this->processOk(['--output=json'])->json();
		$this->assertSame(0, $after['failed'] ?? null, json_encode($after));
		foreach ($files as $path => $plain) {
			$this->assertPlainOnMirrorAndDav($target, $uid, $path, $plain);
		}
		$this->assertSame(0, $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid])->exitCode);
	}

	/** @return array<string, mixed> the target as the admin API sends it */
	private function apiTarget(int $id): array {
		$r = $this->ocs(Instance::ADMIN, 'GET', '/targets');
		$this->assertSame(200, $r['status'], json_encode($r));
		foreach ($r['data'] as $target) {
			if ($target['id'] === $id) {
				return $target;
			}
		}
		$this->fail("GET targets does not list $id");
	}

	public function testTheDrivesOwnEncryptionIsReadFromTheKernelsTables(): void {
		// the instance's folder: on this machine's root filesystem, a virtio disk without dm-crypt (findmnt says which)
		$onRoot = $this->newTarget('on-root');
		$source = trim(Proc::run(['findmnt', '-n', '-o', 'SOURCE', '--target', $onRoot['path']])->stdout);
		if (!preg_match('#^/dev/(vd|sd|hd|xvd|nvme|mmcblk)[a-z0-9]+$#', $source)) {
			$this->markTestSkipped("the instance is on $source, not on a plain disk: the expected answer is not known here");
		}
		$this->assertFalse($this->listedTarget((int)$onRoot['id'])['state']['encrypted'], "on $source");
		$this->assertFalse($this->apiTarget((int)$onRoot['id'])['state']['encrypted']);

		// ext4 on a loop device mounted inside it: the longest mount point is the loop device's, a real block device
		$loopMount = $this->freshDir('ext4');
		$this->mounts->ext4(self::nc()->targetsDir . '/ext4-' . bin2hex(random_bytes(3)) . '.img', $loopMount);
		$this->assertMatchesRegularExpression('#^/dev/loop\d+$#', trim(Proc::run(['findmnt', '-n', '-o', 'SOURCE', '--target', $loopMount])->stdout));
		mkdir($loopMount . '/mirror');
		$onLoop = $this->addTarget($loopMount . '/mirror', 'on-loop');
		$this->assertFalse($this->listedTarget((int)$onLoop['id'])['state']['encrypted']);

		// tmpfs: no block device behind it, not known
		$tmpfs = $this->freshDir('tmpfs');
		$this->mounts->tmpfs($tmpfs, '8m');
		$onTmpfs = $this->addTarget($tmpfs, 'on-tmpfs');
		$this->assertNull($this->listedTarget((int)$onTmpfs['id'])['state']['encrypted']);
		$this->assertNull($this->apiTarget((int)$onTmpfs['id'])['state']['encrypted']);

		// occ mirror:target:list's column
		$table = $this->occOk(['mirror:target:list'])->stdout;
		$lines = explode("\n", $table);
		$header = array_map('trim', explode('|', (string)array_values(array_filter($lines, static fn (string $l): bool => str_contains($l, '| ID')))[0]));
		$column = array_search('Encrypted', $header, true);
		$this->assertIsInt($column, $table);
		$cells = [];
		foreach ($lines as $line) {
			$cols = array_map('trim', explode('|', $line));
			foreach (['on-root', 'on-loop', 'on-tmpfs'] as $name) {
				if (($cols[2] ?? null) === $name) {
					$cells[$name] = $cols[$column];
				}
			}
		}
		$this->assertSame(['on-root' => 'no', 'on-loop' => 'no', 'on-tmpfs' => 'unknown'], $cells, $table);

		// unplugged: not known either
		$this->mounts->unmountAll();
		$this->assertNull($this->listedTarget((int)$onTmpfs['id'])['state']['encrypted']);
	}
}
