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
 * Offline drives (issue #13, rotating targets): drives plugged in now and then. Two tmpfs "drives" take turns
 * at one mount point (bind-mounted there: unmounting the bind is unplugging, the drive keeps its content),
 * each its own offline-drive target; Nextcloud's cron, `occ mirror:process`, the notifications app's OCS API
 * and Mirror's health API are what is looked at.
 */
final class OfflineDriveTest extends IntegrationTestCase {
	private const JOB_OFFLINE_DRIVES = 'OCA\\Mirror\\BackgroundJob\\OfflineDriveCheck';
	private const JOB_HEALTH = 'OCA\\Mirror\\BackgroundJob\\HealthCheck';
	private const SAFE = 'is up to date; safe to unplug';

	/** @var list<int> offline-drive targets this test added itself */
	private array $ownTargets = [];

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'notifications']);
		// no grace at all: an ordinary target that is missing would be an alarm at the first check
		self::nc()->mustOcc(['config:app:set', 'mirror', 'health_offline_grace_minutes', '--value=0']);
	}

	protected function tearDown(): void {
		foreach ($this->ownTargets as $id) {
			self::nc()->occ(['mirror:target:remove', (string)$id]);
		}
		foreach (['health_conditions', 'health_offline_seen', 'health_notified'] as $key) {
			self::nc()->occ(['config:app:delete', 'mirror', $key]);
		}
		self::nc()->execute("DELETE FROM oc_notifications WHERE app = 'mirror'");
		parent::tearDown();
	}

	public function testTwoDrivesInTurnAtOneMountPointEachCatchUpWhenPluggedInAndRestWithoutAlarm(): void {
		$uid = $this->user('rotation');
		$dav = $this->dav();
		$dav->mkdirs($uid, 'Photos/2026');
		$dav->put($uid, 'Photos/2026/first.jpg', random_bytes(3000));
		$dav->put($uid, 'notes.txt', 'before any drive');
		$dav->put($uid, 'Photos/old.jpg', 'an old photo');

		$home = $this->freshDir('drive-home');
		$away = $this->freshDir('drive-away');
		$this->mounts->tmpfs($home, '32m');
		$this->mounts->tmpfs($away, '32m');
		$mountPoint = $this->freshDir('mnt-rotation');

		// before any drive is plugged in: the bare mount point is on the server's own disk, never a drive
		$bare = $this->occ(['mirror:target:add', $mountPoint, '--name=Too early', '--offline-drive']);
		$this->assertSame(1, $bare->exitCode, $bare->describe());
		$this->assertStringContainsString('Nothing is mounted at ' . $mountPoint, $bare->output());
		$this->assertFileDoesNotExist($mountPoint . '/.nextcloud-mirror');

		// the home drive: added as an ordinary target, then marked with the occ command
		$this->mounts->bind($home, $mountPoint);
		$a = $this->addTarget($mountPoint, 'Home drive');
		$this->occOk(['mirror:target:offline-drive', (string)$a['id'], 'on']);
		$this->assertTrue($this->listedTarget((int)$a['id'])['offlineDrive']);
		$this->catchUp('process');
		$this->mounts->unmount($mountPoint);
		$this->offlineDriveCheck();

		// the away drive: another target at the same mount point, only because both are offline drives
		$this->mounts->bind($away, $mountPoint);
		$refused = $this->occ(['mirror:target:add', $mountPoint, '--name=Not an offline drive']);
		$this->assertSame(1, $refused->exitCode, 'an ordinary target cannot share the mount point: ' . $refused->describe());
		$b = $this->addOfflineDrive($mountPoint, 'Away drive');
		$this->assertTrue($b['offlineDrive']);
		$this->catchUp('process');
		$this->mounts->unmount($mountPoint);
		$this->offlineDriveCheck();

		$drives = [[$a, $home, 'cron'], [$b, $away, 'process']];
		$renamed = 'notes.txt';
		for ($cycle = 1; $cycle <= 3; $cycle++) {
			foreach ($drives as $turn => [$target, $folder, $how]) {
				// changes while the drive rests: uploads, an overwrite, a rename, a deletion
				$dav->put($uid, "Photos/2026/cycle-$cycle-$turn.jpg", random_bytes(2000 + $cycle));
				$dav->put($uid, 'Photos/2026/first.jpg', random_bytes(1000 + $cycle * 10 + $turn));
				$next = "notes-$cycle-$turn.txt";
				$dav->move($uid, $renamed, $next)->expect(201, 204);
				$renamed = $next;
				if ($cycle === 2 && $turn === 0) {
					$dav->delete($uid, 'Photos/old.jpg')->expect(204);
				}
				$this->assertSame(0, $this->queueRows((int)$target['id']), "cycle $cycle: nothing is queued for a resting drive");

				$this->mounts->bind($folder, $mountPoint);
				$this->catchUp($how);
				$this->assertUserMirrored($mountPoint, $uid);
				$this->assertNoTempFiles($mountPoint);
				$this->assertSame(0, $this->queueRows((int)$target['id']), "cycle $cycle: caught up, nothing left");
				if ($cycle >= 2) {
					$this->assertNotSame([], $this->trashCopies($mountPoint, $uid, 'Photos/old.jpg'), 'the deletion while it rested went to its trash');
				}
				$safe = $this->safeToUnplug();
				$this->assertSame([$target['name']], $safe, "cycle $cycle: one 'safe to unplug' notification, for the drive plugged in");
				$this->assertSame('offline drive, up to date: safe to unplug', $this->stateWords((int)$target['id']));

				// the other drive rests while another one's marker is at its mount point: no alarm
				$this->health();
				$this->assertSame([], $this->offlineConditions(), "cycle $cycle: the other drive rests while this one is plugged in");

				$this->mounts->unmount($mountPoint);
				$this->offlineDriveCheck();
				$this->health();
				$this->assertSame([], $this->offlineConditions(), "cycle $cycle: both drives rest, no alarm");
				$this->assertSame([], $this->safeToUnplug(), 'unplugged: the notification has done its job and goes');
				$this->assertStringStartsWith('offline drive, resting: last complete copy today', $this->stateWords((int)$target['id']));
			}
		}
	}

	/**
	 * While the drive rests, N changes leave no queue row for it (an ordinary target gets one per file): the queue
	 * stays at 0 whatever N is, so 2,000 changes show the bound as well as 10,000 did, and the catch-up still copies
	 * and lists every one of them, across the engine's batches as before (the queue's chunks of 500, the worker's
	 * of 50; on SQLite the file cache is read in one go either way). Making a change through the Files API costs
	 * 50 to 90 ms of Nextcloud's own work (activity, versions, file cache; Mirror's listener ~2 %), so 10,000 took
	 * 900 s, a third of CI's pool. MIRROR_IT_LONG_REST_CHANGES=10000 measures the catch-up at the README's scale.
	 */
	public function testALongRestKeepsTheQueueBoundedAndCatchesUpWhenTheDriveComesBack(): void {
		$changes = (int)(getenv('MIRROR_IT_LONG_REST_CHANGES') ?: 2000);
		$uid = $this->user('longrest');
		$drive = $this->freshDir('drive-longrest');
		$this->mounts->tmpfs($drive, '256m');
		$mountPoint = $this->freshDir('mnt-longrest');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addOfflineDrive($mountPoint, 'Long rest');
		$id = (int)$target['id'];
		$this->dav()->mkdirs($uid, 'Camera');
		$this->dav()->put($uid, 'Camera/kept.jpg', 'from before the rest');
		$this->catchUp('process');
		$this->assertSame([$target['name']], $this->safeToUnplug());
		$this->mounts->unmount($mountPoint);
		$this->offlineDriveCheck();

		$started = microtime(true);
		$this->changeMany($uid, 'Camera', $changes);
		$uploadSeconds = microtime(true) - $started;
		$restRows = $this->queueRows($id);
		$this->health();
		$this->assertSame([], $this->offlineConditions(), 'a long rest is no alarm');

		$this->mounts->bind($drive, $mountPoint);
		$started = microtime(true);
		$r = $this->processOk();
		$catchUpSeconds = microtime(true) - $started;
		fwrite(STDERR, sprintf("\n[long rest] %d changes while the drive rested (made in %.1f s): %d queue rows for it during the rest; catch-up (occ mirror:process: compare, copy %d files, manifests, sync) %.1f s\n",
			$changes, $uploadSeconds, $restRows, $changes, $catchUpSeconds));
		$this->assertSame(0, $restRows, 'no queue row per change while the drive rests');
		$this->assertStringContainsString('Offline drive ' . $id . ': up to date, safe to unplug', $r->stdout, $r->describe());
		$this->assertSame($changes + 1, count($this->mirrorFiles($mountPoint, $uid)));
		$this->assertUserMirrored($mountPoint, $uid, '', false, null);
		$this->assertSame([$target['name']], $this->safeToUnplug());
		$manifest = $this->manifestOf($mountPoint, $uid);
		$this->assertSame($changes + 1, $manifest, 'the manifest lists every file');
	}

	public function testTheWatcherNoticesAPluggedInDriveWithinSecondsAndSaysWhenItIsSafeToUnplug(): void {
		$uid = $this->user('watched');
		$drive = $this->freshDir('drive-watched');
		$mountPoint = $this->freshDir('mnt-watched');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addOfflineDrive($mountPoint, 'Watched');
		$this->catchUp('process');
		$this->mounts->unmount($mountPoint);
		$this->offlineDriveCheck();
		$this->dav()->put($uid, 'while-away.jpg', random_bytes(5000));

		$watch = self::nc()->occStart(['mirror:process', '--watch']);
		try {
			$deadline = microtime(true) + 60;
			while (!str_contains($watch->peekStdout(), 'Watching') && $watch->isRunning() && microtime(true) < $deadline) {
				usleep(50_000);
			}
			$this->mounts->bind($drive, $mountPoint);
			$plugged = microtime(true);
			while (microtime(true) - $plugged < 60 && $this->safeToUnplug() === []) {
				usleep(250_000);
			}
			$seconds = microtime(true) - $plugged;
			fwrite(STDERR, sprintf("\n[--watch] plugged in to 'safe to unplug': %.1f s\n", $seconds));
			$this->assertSame([$target['name']], $this->safeToUnplug(), "the watcher caught it up:\n" . $watch->peekStdout());
			$this->assertLessThan(30.0, $seconds, 'within seconds, not at the next cron run');
			$this->assertStringContainsString('offline drive ' . $target['id'] . ': plugged in, catching up', $watch->peekStdout());
			$this->assertUserMirrored($mountPoint, $uid);

			$this->mounts->unmount($mountPoint);
			$unplugged = microtime(true);
			while (microtime(true) - $unplugged < 30 && !str_contains($watch->peekStdout(), 'unplugged, resting')) {
				usleep(250_000);
			}
			$this->assertStringContainsString('offline drive ' . $target['id'] . ': unplugged, resting', $watch->peekStdout());
		} finally {
			$watch->kill(SIGTERM);
		}
		$this->assertSame(0, $watch->wait(60)->exitCode);
	}

	public function testADriveLeftOutForLongerThanTheSetDaysBringsAReminder(): void {
		$uid = $this->user('forgotten');
		$this->dav()->put($uid, 'a.jpg', 'a photo');
		$drive = $this->freshDir('drive-forgotten');
		$mountPoint = $this->freshDir('mnt-forgotten');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addOfflineDrive($mountPoint, 'Forgotten');
		$this->catchUp('process');
		$this->mounts->unmount($mountPoint);
		$this->offlineDriveCheck();
		$this->health();
		$this->assertSame([], $this->mirrorNotifications(), 'rested a moment: nothing to say');

		// its last complete copy was 31 days ago (the default reminder: 30 days)
		self::nc()->execute('UPDATE oc_mirror_targets SET last_complete_at = ? WHERE id = ?', [time() - 31 * 86400, (int)$target['id']]);
		$this->health();
		$subjects = array_column($this->mirrorNotifications(), 'subject');
		$this->assertSame(['Offline drive "Forgotten" has had no complete copy for 31 days'], $subjects);
		$this->assertSame([], $this->offlineConditions(), 'a reminder, not an alarm');

		self::nc()->mustOcc(['config:app:set', 'mirror', 'offline_reminder_days', '--value=60']);
		try {
			$this->health();
			$this->assertSame([], $this->mirrorNotifications(), 'a longer setting: the reminder goes');
		} finally {
			self::nc()->occ(['config:app:delete', 'mirror', 'offline_reminder_days']);
		}
	}

	// ------------------------------------------------------------------ helpers

	private function addOfflineDrive(string $path, string $name): array {
		$r = $this->occ(['mirror:target:add', $path, '--name=' . $name, '--offline-drive', '--output=json']);
		$this->assertSame(0, $r->exitCode, $r->describe());
		$target = $r->json();
		$this->ownTargets[] = (int)$target['id'];
		return $target;
	}

	/** A drive was plugged in: cron's job (then cron's copying), or `occ mirror:process` alone. */
	private function catchUp(string $how): void {
		if ($how === 'process') {
			$r = $this->processOk();
			$this->assertStringContainsString('up to date, safe to unplug', $r->stdout, $r->describe());
			return;
		}
		// the job sees the marker and queues the catch-up; the next cron run copies, and the job finds it done
		$this->cron([self::JOB_OFFLINE_DRIVES]);
		$this->cron([self::JOB_PROCESS, self::JOB_OFFLINE_DRIVES]);
		$this->cron([self::JOB_PROCESS, self::JOB_OFFLINE_DRIVES]);
	}

	private function offlineDriveCheck(): void {
		$this->cron([self::JOB_OFFLINE_DRIVES]);
	}

	private function health(): void {
		$this->cron([self::JOB_HEALTH]);
	}

	/**
	 * Queue rows of a target, any kind or state. (A statement that changes nothing and reports how many
	 * rows it matched: Instance::execute() returns the affected row count.)
	 */
	private function queueRows(int $targetId): int {
		return self::nc()->execute('UPDATE oc_mirror_queue SET attempts = attempts WHERE target_id = ?', [$targetId]);
	}

	/** @return list<array<string, mixed>> Mirror's notifications of the admin (the notifications app's OCS API) */
	private function mirrorNotifications(): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		return array_values(array_filter(json_decode($r->body, true)['ocs']['data'] ?? [], static fn (array $n): bool => $n['app'] === 'mirror'));
	}

	/** @return list<string> the drives Mirror's notifications call safe to unplug (for the admin) */
	private function safeToUnplug(): array {
		$names = [];
		foreach ($this->mirrorNotifications() as $n) {
			if (preg_match('/^Offline drive (.+) ' . preg_quote(self::SAFE, '/') . '$/', (string)$n['subject'], $m) === 1) {
				$names[] = $m[1];
			}
		}
		return $names;
	}

	/** @return list<array<string, mixed>> offline conditions in Mirror's health report (the admin page's API) */
	private function offlineConditions(): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/health?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		$conditions = json_decode($r->body, true)['ocs']['data']['conditions'] ?? null;
		$this->assertIsArray($conditions, $r->body);
		return array_values(array_filter($conditions, static fn (array $c): bool => $c['type'] === 'offline'));
	}

	/** The state column of `occ mirror:target:list` for one target. */
	private function stateWords(int $id): string {
		$r = $this->occOk(['mirror:target:list']);
		$state = null; // the column headed "State" (the table gained a Server column before it)
		foreach (explode("\n", $r->stdout) as $line) {
			$cells = array_map('trim', explode('|', $line));
			if ($state === null && in_array('State', $cells, true)) {
				$state = array_search('State', $cells, true);
			} elseif ($state !== null && ($cells[1] ?? '') === (string)$id) {
				return $cells[$state] ?? '';
			}
		}
		$this->fail("target $id not listed:\n" . $r->stdout);
	}

	/**
	 * COUNT changes (new files) through Nextcloud's Files API in one process: the events an upload fires,
	 * without the half second each WebDAV request to the test server takes (see bin/file-batch.php).
	 */
	private function changeMany(string $uid, string $folder, int $count): void {
		$r = Proc::run([PHP_BINARY, '-f', __DIR__ . '/bin/file-batch.php', '--', self::nc()->root, $uid, $folder, (string)$count, 'create', 'rest-%05d.txt'],
			self::nc()->env(), self::nc()->root, null, 3600.0);
		$this->assertSame(0, $r->exitCode, $r->describe());
	}

	/** How many files the user's manifest on the drive lists: its sha256sum list, or its shards' (format 3, over 2,000 files). */
	private function manifestOf(string $root, string $uid): int {
		$single = $root . '/.mirror-manifest/' . $uid . '.sha256';
		$files = is_file($single) ? [$single] : (glob($root . '/.mirror-manifest/' . $uid . '.shards/*.sha256') ?: []);
		$this->assertNotSame([], $files, 'a manifest for ' . $uid . ' is on the drive');
		$lines = 0;
		foreach ($files as $file) {
			$lines += count(array_filter(explode("\n", (string)file_get_contents($file)), static fn (string $l): bool => $l !== '' && !str_starts_with($l, '#')));
		}
		return $lines;
	}
}
