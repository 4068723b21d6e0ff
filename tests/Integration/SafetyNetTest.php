<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * The safety net (issue "The safety net"): trash retention, the space guard, the trash records, and the
 * ransomware drill, on a real server with real drives (folders, a small tmpfs). The tripwire's counts and holds,
 * which live in SQL, are SafetyNetCountsTest, run on all three databases; this class runs on SQLite in `make test`.
 */
final class SafetyNetTest extends IntegrationTestCase {
	use SafetyNetHelpers;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'notifications']);
	}

	/**
	 * Trash as if a file had been deleted $daysAgo days ago: on the drive, and (unless $recorded is false,
	 * trash from before there were records) in the records.
	 */
	private function trashDay(array $target, string $uid, int $daysAgo, string $name, string $content, bool $recorded = true): string {
		$day = date('Y-m-d', time() - $daysAgo * 86400);
		$dir = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . $day;
		if (!is_dir($dir)) {
			mkdir($dir, 0755, true);
		}
		file_put_contents($dir . '/' . $name, $content);
		if ($recorded) {
			self::nc()->execute('INSERT INTO oc_mirror_trash (target_id, user_id, file_id, path, path_hash, trash_path, day, trashed_at, size, mtime, checksum, reason) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
				[(int)$target['id'], $uid, $name, md5($name), $day . '/' . $name, $day, time() - $daysAgo * 86400, strlen($content), hash('sha256', $content), 'deleted']);
		}
		return $dir;
	}

	public function testTrashOlderThanTheRetentionGoesAndRecentTrashStays(): void {
		$uid = $this->user('keeper');
		$target = $this->newTarget('retention');
		$this->dav()->put($uid, 'doomed.txt', 'deleted today');
		$this->processOk();
		$this->dav()->delete($uid, 'doomed.txt');
		$this->processOk();
		$old = $this->trashDay($target, $uid, 100, 'old.jpg', 'from a hundred days ago', false);
		$recent = $this->trashDay($target, $uid, 10, 'recent.jpg', 'from ten days ago', false);
		$list = $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json();
		$this->assertCount(1, $list, 'today\'s deletion is recorded: ' . json_encode($list));
		$this->assertSame(['doomed.txt', 'deleted', 13], [$list[0]['path'], $list[0]['reason'], $list[0]['size']]);
		$this->assertSame(hash('sha256', 'deleted today'), $list[0]['checksum']);

		$dry = $this->occOk(['mirror:trash:prune', '--dry-run', '--target=' . $target['id']]);
		$this->assertStringContainsString(basename($old), $dry->stdout, 'the dry run names what would go');
		$this->assertStringNotContainsString(basename($recent), $dry->stdout);
		$this->assertDirectoryExists($old, 'a dry run changes nothing');

		$this->occOk(['mirror:trash:prune', '--target=' . $target['id']]);
		$this->assertDirectoryDoesNotExist($old, '100 days old: gone (the retention is 90 days)');
		$this->assertFileExists($recent . '/recent.jpg', '10 days old: kept');
		$this->assertCount(1, $this->trashCopies($target, $uid, 'doomed.txt'), 'today\'s trash: kept');
		$this->assertCount(1, $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json());

		// the daily job does the same with a shorter retention
		self::nc()->mustOcc(['config:app:set', 'mirror', 'trash_retention_days', '--value=5']);
		try {
			$this->cron(['OCA\\Mirror\\BackgroundJob\\TrashRetentionJob']);
		} finally {
			self::nc()->occ(['config:app:delete', 'mirror', 'trash_retention_days']);
		}
		$this->assertDirectoryDoesNotExist($recent, '10 days old with a retention of 5: gone');
		$this->assertCount(1, $this->trashCopies($target, $uid, 'doomed.txt'));
	}

	public function testWhenTheDriveIsFullTheOldestTrashGoesFirstAndNoLiveCopy(): void {
		$uid = $this->user('squeezed');
		$mountPoint = $this->freshDir('mnt-guard');
		$this->mounts->tmpfs($mountPoint, '8m');
		$target = $this->addTarget($mountPoint, 'guard');
		$this->dav()->put($uid, 'live.bin', $live = random_bytes(1_000_000));
		$this->processOk();
		// the trash of earlier days fills the drive
		$oldest = $this->trashDay($target, $uid, 3, 'three-days.bin', random_bytes(3_000_000));
		$older = $this->trashDay($target, $uid, 2, 'two-days.bin', random_bytes(3_000_000));
		clearstatcache();
		$this->assertLessThan(1_500_000, disk_free_space($mountPoint));

		$this->dav()->put($uid, 'new-video.mp4', random_bytes(1_500_000));
		$this->processOk();
		$this->processOk(); // the copy that did not fit comes back once there is room

		$this->assertMirrored($target, $uid, 'new-video.mp4');
		$this->assertDirectoryDoesNotExist($oldest, 'the oldest trash went first');
		$this->assertFileExists($older . '/two-days.bin', 'and only as much as needed');
		$this->assertSame(hash('sha256', $live), hash_file('sha256', $this->mirrorPath($target, $uid, 'live.bin')), 'no live copy is deleted to make room');
	}

	public function testAFileThatCanNeverFitLeavesTheTrashAlone(): void {
		$uid = $this->user('toobig');
		$mountPoint = $this->freshDir('mnt-never');
		$this->mounts->tmpfs($mountPoint, '2m');
		$target = $this->addTarget($mountPoint, 'never');
		$kept = $this->trashDay($target, $uid, 1, 'earlier.txt', 'an earlier version');
		$this->dav()->put($uid, 'video.mp4', random_bytes(3_000_000));
		$this->processOk();
		$this->processOk();
		$this->assertSame(1, $this->targetStatus((int)$target['id'])['failed'], 'it waits as "full"');
		$this->assertFileExists($kept . '/earlier.txt', 'pruning could never make room for it: the trash stays');
	}

	public function testRansomwareDrill(): void {
		$uid = $this->user('victim');
		// the camera roll was there before the drive: put in the data folder and scanned (300 WebDAV uploads took
		// 300 s of CI), then copied by the new target's first run; what the drill is about, the overwrites, comes
		// through WebDAV as a synced folder sends it
		$camera = $this->sourcePath($uid, 'Camera');
		mkdir($camera, 0755, true);
		$originals = [];
		for ($i = 1; $i <= 300; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = self::photo();
			file_put_contents($this->sourcePath($uid, $path), $originals[$path]);
		}
		$this->occOk(['files:scan', $uid]);
		$target = $this->newTarget('drill');
		$this->processOk();
		$this->assertCount(300, $this->mirrorFiles($target, $uid, 'Camera'));
		$this->assertUserMirrored($target, $uid);

		// malware encrypts every photo through the synced folder: same names, random bytes
		foreach (array_keys($originals) as $path) {
			$this->dav()->put($uid, $path, random_bytes(2_004));
		}
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(300, $run['held'] ?? null, 'every overwrite is held: ' . json_encode($run));

		foreach ($originals as $path => $bytes) {
			$copies = [$this->mirrorPath($target, $uid, $path), ...array_values($this->trashCopies($target, $uid, $path))];
			$good = array_filter($copies, static fn (string $f): bool => is_file($f) && hash_file('sha256', $f) === hash('sha256', $bytes));
			$this->assertNotEmpty($good, "the original $path is still on the mirror or in its trash");
		}
		$this->assertSame(300, count(array_filter(array_keys($originals), fn (string $p): bool => hash_file('sha256', $this->mirrorPath($target, $uid, $p)) === hash('sha256', $originals[$p]))),
			'no overwrite was applied: the tripwire tripped at the first photo that no longer looked like one');

		// new files still go through
		$this->dav()->put($uid, 'Camera/new-after.jpg', $fresh = self::photo());
		$this->processOk();
		$this->assertSame(hash('sha256', $fresh), hash_file('sha256', $this->mirrorPath($target, $uid, 'Camera/new-after.jpg')));

		// the admins are told
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$mine = array_values(array_filter(json_decode($r->body, true)['ocs']['data'] ?? [], static fn (array $n): bool => $n['app'] === 'mirror' && str_contains($n['subject'], $uid)));
		$this->assertCount(1, $mine, $r->body);
		$this->assertStringContainsString('holds the changes of ' . $uid, $mine[0]['subject']);

		$report = $this->ocs(Instance::ADMIN, 'GET', '/tripwire');
		$this->assertSame(200, $report['status']);
		$this->assertSame([[$uid, 'signature', 300]], array_map(static fn (array $h): array => [$h['userId'], $h['reason'], $h['heldChanges']], $report['data']['held']));
		$this->assertSame(403, $this->ocs($uid, 'GET', '/tripwire')['status'], 'admins only');

		// an admin looks and drops the held changes: the mirror keeps the originals
		$release = $this->occOk(['mirror:tripwire:release', '--user=' . $uid, '--discard', '--output=json'])->json();
		$this->assertSame(['released' => true, 'changes' => 300, 'discarded' => true], $release);
		$this->processOk();
		foreach ($originals as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "$path still holds the original");
		}
		$this->forgetTarget((int)$target['id']);
	}

	public function testTheOwnerSeesEarlierVersionsAndDeletedFilesButNoPathOnTheServer(): void {
		$uid = $this->user('historian');
		$other = $this->user('stranger');
		$target = $this->newTarget('history');
		$this->dav()->mkcol($uid, 'Docs');
		$this->dav()->put($uid, 'Docs/letter.txt', 'first draft');
		$this->dav()->put($uid, 'Docs/old-notes.txt', 'notes');
		$this->processOk();
		$this->dav()->put($uid, 'Docs/letter.txt', 'second draft');
		$this->dav()->delete($uid, 'Docs/old-notes.txt');
		$this->processOk();

		$file = $this->ocs($uid, 'GET', '/files/' . $this->dav()->fileId($uid, 'Docs/letter.txt') . '/history');
		$this->assertSame(200, $file['status']);
		// other tests' targets may still be enabled: this one's versions
		$file['data']['versions'] = array_values(array_filter($file['data']['versions'], static fn (array $v): bool => $v['targetId'] === (int)$target['id']));
		$this->assertCount(1, $file['data']['versions'], json_encode($file));
		$this->assertSame(['overwritten', 11, 'history'], [$file['data']['versions'][0]['reason'], $file['data']['versions'][0]['size'], $file['data']['versions'][0]['targetName']]);
		$this->assertStringNotContainsString($target['path'], json_encode($file), 'never a path on the server');

		$folderId = $this->dav()->fileId($uid, 'Docs');
		$folder = $this->ocs($uid, 'GET', '/files/' . $folderId . '/history');
		$mine = array_values(array_filter($folder['data']['deleted'], static fn (array $d): bool => $d['targetId'] === (int)$target['id']));
		$this->assertSame([['old-notes.txt', 'deleted', 5]], array_map(static fn (array $d): array => [$d['path'], $d['reason'], $d['size']], $mine));
		$this->assertSame(404, $this->ocs($other, 'GET', '/files/' . $folderId . '/history')['status'], 'someone else\'s folder does not exist for them');
		$this->forgetTarget((int)$target['id']);
	}
}
