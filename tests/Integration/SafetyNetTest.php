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
 * ransomware tripwire, on a real server with real drives (folders, a small tmpfs).
 */
final class SafetyNetTest extends IntegrationTestCase {
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

	/**
	 * @return string a JPEG-looking photo: the signature, then noise
	 */
	private static function photo(): string {
		return "\xFF\xD8\xFF\xE0" . random_bytes(2_000);
	}

	public function testRansomwareDrill(): void {
		$uid = $this->user('victim');
		$target = $this->newTarget('drill');
		$this->dav()->mkcol($uid, 'Camera');
		$originals = [];
		for ($i = 1; $i <= 300; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = self::photo();
			$this->dav()->put($uid, $path, $originals[$path]);
		}
		$this->processOk();
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

	public function testALegitimateBulkMoveGoesThroughWithTheTripwireOffForThatUser(): void {
		$uid = $this->user('mover');
		$dir = $this->sourcePath($uid, 'Old');
		mkdir($dir, 0755, true);
		for ($i = 0; $i < 1000; $i++) {
			file_put_contents(sprintf('%s/doc-%04d.txt', $dir, $i), "document $i");
		}
		$this->occOk(['files:scan', $uid]);
		$target = $this->newTarget('bulk');
		$this->processOk();
		$this->assertCount(1000, $this->mirrorFiles($target, $uid, 'Old'));

		$this->occOk(['mirror:tripwire:disable', '--user=' . $uid, '--hours=2']);
		$this->dav()->mkcol($uid, 'Archive');
		$this->assertSame(201, $this->dav()->move($uid, 'Old', 'Archive/2026')->status);
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(0, $run['held'] ?? null);
		$this->assertCount(1000, $this->mirrorFiles($target, $uid, 'Archive/2026'));
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $uid, 'Old'));
		$this->forgetTarget((int)$target['id']);
	}

	public function testAFamilyTidyingUpWithThreeDrivesIsNotTakenForRansomware(): void {
		$uid = $this->user('tidy');
		$targets = [$this->newTarget('usb'), $this->newTarget('offline-a'), $this->newTarget('offline-b')];
		$this->dav()->mkcol($uid, 'Album');
		foreach (['Album/1.jpg', 'Album/2.jpg', 'Album/3.jpg', 'beach.jpg', 'blurry.jpg'] as $path) {
			$this->dav()->put($uid, $path, self::photo());
		}
		$this->processOk();
		foreach ($targets as $target) {
			$this->assertUserMirrored($target, $uid);
		}

		// within the hour, every one of the 5 files is renamed, moved or deleted: 7 changes for each
		// drive (the album's 3 files, 2 moved in, 1 renamed, 1 deleted); counted for all three drives
		// together that made 21, over the minimum of 20 and the 20 % of 5 files: a false alarm
		$this->assertSame(201, $this->dav()->move($uid, 'Album', 'Summer 2026')->status);
		$this->processOk();
		$this->assertSame(201, $this->dav()->move($uid, 'beach.jpg', 'Summer 2026/beach.jpg')->status);
		$this->assertSame(201, $this->dav()->move($uid, 'blurry.jpg', 'Summer 2026/blurry.jpg')->status);
		$this->processOk();
		$this->assertSame(201, $this->dav()->move($uid, 'Summer 2026/beach.jpg', 'Summer 2026/At the beach.jpg')->status);
		$this->assertSame(204, $this->dav()->delete($uid, 'Summer 2026/blurry.jpg')->status);
		$run = $this->processOk(['--output=json'])->json();

		$this->assertSame(0, $run['held'] ?? null, 'nothing is held: ' . json_encode($run));
		$this->assertSame([], $this->ocs(Instance::ADMIN, 'GET', '/tripwire')['data']['held'], 'no user is held');
		foreach ($targets as $target) {
			$this->assertUserMirrored($target, $uid);
			$this->assertSame(['1.jpg', '2.jpg', '3.jpg', 'At the beach.jpg'], $this->mirrorFiles($target, $uid, 'Summer 2026'));
			$this->assertCount(1, $this->trashCopies($target, $uid, 'Summer 2026/blurry.jpg'), 'the deletion went to the drive\'s trash');
		}
		// other tests' drives may still be enabled: they copied and counted too, each on its own
		$counted = array_column(self::nc()->select('SELECT target_id, changes FROM oc_mirror_tripwire_counts WHERE user_id = ?', [$uid]), 'changes', 'target_id');
		foreach ($targets as $target) {
			$this->assertSame(7, (int)($counted[$target['id']] ?? -1), 'each drive counted each change once: ' . json_encode($counted));
		}
		$this->assertSame([7], array_values(array_unique(array_map('intval', $counted))), json_encode($counted));

		// a removed drive's counts go with it; a deleted user's go with them
		$this->occOk(['mirror:target:remove', (string)$targets[0]['id']]);
		$this->forgetTarget((int)$targets[0]['id']);
		$left = array_map('intval', array_column(self::nc()->select('SELECT target_id FROM oc_mirror_tripwire_counts WHERE user_id = ?', [$uid]), 'target_id'));
		$expected = array_values(array_diff(array_map('intval', array_keys($counted)), [(int)$targets[0]['id']]));
		sort($left);
		sort($expected);
		$this->assertSame($expected, $left);
		$this->assertTrue(self::nc()->deleteUser($uid)->ok());
		$this->assertSame([], self::nc()->select('SELECT id FROM oc_mirror_tripwire_counts WHERE user_id = ?', [$uid]));
	}

	public function testATripOnOneDriveHoldsTheUserOnEveryDrive(): void {
		$uid = $this->user('encrypted');
		$targets = [$this->newTarget('home-usb'), $this->newTarget('rotating')];
		$this->dav()->mkcol($uid, 'Camera');
		$originals = [];
		for ($i = 1; $i <= 10; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = self::photo();
			$this->dav()->put($uid, $path, $originals[$path]);
		}
		$this->processOk();

		foreach (array_keys($originals) as $path) {
			$this->dav()->put($uid, $path, random_bytes(2_004));
		}
		$run = $this->processOk(['--output=json'])->json();
		$this->assertGreaterThanOrEqual(20, $run['held'] ?? null, 'each drive holds its own copy of each overwrite: ' . json_encode($run));
		foreach ($targets as $target) {
			foreach ($originals as $path => $bytes) {
				$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "$path is not overwritten on target " . $target['id']);
			}
		}
		$report = $this->ocs(Instance::ADMIN, 'GET', '/tripwire');
		$this->assertSame([[$uid, 'signature', 10]], array_map(static fn (array $h): array => [$h['userId'], $h['reason'], $h['heldChanges']], $report['data']['held']),
			'10 changes wait, however many drives hold them');

		$release = $this->occOk(['mirror:tripwire:release', '--user=' . $uid, '--discard', '--output=json'])->json();
		$this->assertSame(['released' => true, 'changes' => 10, 'discarded' => true], $release);
		$this->processOk();
		foreach ($targets as $target) {
			foreach ($originals as $path => $bytes) {
				$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "$path keeps the original on target " . $target['id']);
			}
		}
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
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
