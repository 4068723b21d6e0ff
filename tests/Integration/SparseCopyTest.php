<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * Cheap checks first (issue "Security II"): the mirror drive is a stranger's, and an 8 GiB sparse file
 * planted at a copy (over the NFS export) must not hold a PHP worker while it hashes zeros. The size
 * of the open copy (fstat) is compared with the recorded one before any hash: the sidebar restore,
 * the admin preview and `occ mirror:verify` answer within a second, with the answer a bad checksum
 * gets. Each is timed beside a request of the same server that reads no drive, made right before it
 * (occ: the same command for a user without copies), and may take at most a second more: on this
 * shared 2-core machine, any request can take a second under load.
 */
final class SparseCopyTest extends IntegrationTestCase {
	private const SPARSE = 8 * 1024 ** 3;
	private const LIMIT = 1.0;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	/**
	 * @return array{status: int, data: mixed, seconds: float}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$started = hrtime(true);
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		$seconds = (hrtime(true) - $started) / 1e9;
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null, 'seconds' => $seconds];
	}

	/**
	 * A stranger on the export makes a copy a sparse file of 8 GiB (no block written: it costs nothing).
	 */
	private static function plantSparse(string $file): void {
		$handle = fopen($file, 'r+b');
		self::assertNotFalse($handle, $file);
		self::assertTrue(ftruncate($handle, self::SPARSE));
		fclose($handle);
		clearstatcache();
		self::assertSame(self::SPARSE, filesize($file));
	}

	public function testAnEightGibSparseFileAtACopyIsRefusedWithinASecond(): void {
		$uid = $this->user('sparse-alice');
		$empty = $this->user('sparse-nobody');
		$target = $this->newTarget('sparse');
		$this->dav()->mkcol($uid, 'Old');
		$this->dav()->put($uid, 'photo.jpg', "\xFF\xD8\xFF" . random_bytes(5000), 1_700_000_000);
		$this->dav()->put($uid, 'Old/gone.jpg', random_bytes(4000), 1_700_000_100);
		$this->processOk();
		$this->dav()->delete($uid, 'Old/gone.jpg');
		$this->processOk();
		$trashed = $this->trashCopies($target, $uid, 'Old/gone.jpg');
		$this->assertCount(1, $trashed);
		$day = (string)array_key_first($trashed);

		$this->dav()->put($uid, 'photo.jpg', 'encrypted garbage'); // damaged in Nextcloud, the worker has not run yet
		self::plantSparse($this->mirrorPath($target, $uid, 'photo.jpg'));
		self::plantSparse(reset($trashed));

		// every request first, timed (on the old code each hashed 8 GiB of zeros), then what each answered. Each is
		// timed beside a request that reads no drive (the sidebar's history, the admin's list of restores), right
		// before it: on this shared 2-core machine any request of the server can take a second under load, and
		// what is asserted is what the planted file costs on top of that
		$fileId = $this->dav()->fileId($uid, 'photo.jpg');
		$folderId = $this->dav()->fileId($uid, 'Old');
		$userBaseline = fn (): float => $this->ocs($uid, 'GET', '/files/' . $fileId . '/history')['seconds'];
		$adminBaseline = fn (): float => $this->ocs(Instance::ADMIN, 'GET', '/restores')['seconds'];
		$times = [];
		$base = $userBaseline();
		$copy = $this->ocs($uid, 'POST', '/files/' . $fileId . '/restore', ['targetId' => (int)$target['id']]);
		$times['sidebar: restore the mirror copy'] = [$copy['seconds'], $base];
		$base = $userBaseline();
		$deleted = $this->ocs($uid, 'POST', '/files/' . $folderId . '/restore-deleted');
		$times['sidebar: restore deleted files'] = [$deleted['seconds'], $base];
		$base = $adminBaseline();
		$preview = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => $uid, 'targetId' => (int)$target['id'], 'path' => 'photo.jpg', 'dryRun' => true]);
		$times['admin preview (latest)'] = [$preview['seconds'], $base];
		$base = $adminBaseline();
		$trashPreview = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => $uid, 'targetId' => (int)$target['id'], 'version' => 'trash:' . $day, 'dryRun' => true]);
		$times['admin preview (trash:' . $day . ')'] = [$trashPreview['seconds'], $base];
		// occ mirror:verify, beside the same command for a user with no copies (occ's own start-up)
		$base = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $empty])->seconds;
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$times['occ mirror:verify'] = [$verify->seconds, $base];

		fwrite(STDERR, sprintf("\n  %-36s %10s %10s\n", 'request', 'seconds', 'beside') . implode("\n", array_map(
			static fn (string $what, array $t): string => sprintf('  %-36s %10.3f %10.3f', $what, $t[0], $t[1]), array_keys($times), $times)) . "\n");
		foreach ($times as $what => [$seconds, $beside]) {
			$this->assertLessThan(self::LIMIT, $seconds - $beside, sprintf('%s took %.2f s, %.2f s more than a request that reads no drive', $what, $seconds, $seconds - $beside));
		}

		// the same answers as for a bad checksum, and "different size" where admins read why
		$this->assertSame(409, $copy['status'], json_encode($copy));
		$this->assertStringContainsString('does not match', (string)$copy['data']['message']);
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'photo (restored).jpg'), 'nothing restored');
		$this->assertSame(200, $deleted['status'], json_encode($deleted));
		$this->assertSame([0, 1, 'mismatch'], [$deleted['data']['restored'], $deleted['data']['mismatched'], $deleted['data']['files'][0]['reason']], json_encode($deleted));
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'Old/gone.jpg'));
		$this->assertSame([200, 1], [$preview['status'], $preview['data']['mismatched'] ?? null], json_encode($preview));
		$this->assertStringContainsString('different size: 8589934592 bytes, 5003 recorded', json_encode($preview['data']['files']));
		$this->assertSame([200, 1], [$trashPreview['status'], $trashPreview['data']['mismatched'] ?? null], json_encode($trashPreview));
		$this->assertStringContainsString('different size: 8589934592 bytes, 4000 recorded', json_encode($trashPreview['data']['files']));
		$this->assertSame(1, $verify->exitCode, $verify->describe());
		$this->assertStringContainsString('different size: ' . $this->mirrorPath($target, $uid, 'photo.jpg'), $verify->stdout, $verify->describe());
		$this->assertStringContainsString('1 different', $verify->stdout);

		// verify queued the copy again: the file is copied anew, the planted one kept in the trash (a link, no 8 GiB read)
		$this->processOk();
		$this->assertMirrored($target, $uid, 'photo.jpg');
		$kept = array_map(static fn (string $copy): int => (int)filesize($copy), $this->trashCopies($target, $uid, 'photo.jpg'));
		$this->assertContains(self::SPARSE, $kept, json_encode($kept));
	}
}
