<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * The scheduled check (issue #23): bytes flipped in place on the drive (size and modification time kept,
 * as rot does) are found by the cron job within its interval, copied again from Nextcloud, the admins are
 * told once, and the notification goes once a pass finds nothing; the throttle holds; an offline drive
 * checks part of itself at a visit, only once it is safe to unplug, and the rest at the next visit.
 */
final class ScrubTest extends IntegrationTestCase {
	private const JOB_SCRUB = 'OCA\\Mirror\\BackgroundJob\\Scrub';
	private const JOB_HEALTH = 'OCA\\Mirror\\BackgroundJob\\HealthCheck';
	private const JOB_OFFLINE_DRIVES = 'OCA\\Mirror\\BackgroundJob\\OfflineDriveCheck';

	protected static function deleteUsersAfterEachTest(): bool {
		return true; // each test's target holds its own user's files only
	}

	protected function tearDown(): void {
		foreach (['health_conditions', 'health_offline_seen', 'health_notified', 'health_verify', 'scrub_conflicts',
			'scrub_interval_days', 'scrub_max_mb_per_s', 'scrub_seconds_per_run'] as $key) {
			self::nc()->occ(['config:app:delete', 'mirror', $key]);
		}
		self::nc()->execute("DELETE FROM oc_notifications WHERE app = 'mirror'");
		parent::tearDown();
	}

	private function set(string $key, string $value): void {
		$this->occOk(['config:app:set', 'mirror', $key, '--value=' . $value]);
	}

	/**
	 * A user with $count files of $bytes each, written into Nextcloud's data folder and scanned.
	 *
	 * @return array<string, string> path => sha256
	 */
	private function files(string $uid, int $count, int $bytes): array {
		$dir = self::nc()->userFilesDir($uid) . '/Photos';
		@mkdir($dir, 0755, true);
		$out = [];
		for ($i = 0; $i < $count; $i++) {
			$data = random_bytes($bytes);
			file_put_contents(sprintf('%s/IMG_%04d.jpg', $dir, $i), $data);
			$out[sprintf('Photos/IMG_%04d.jpg', $i)] = hash('sha256', $data);
		}
		$this->occOk(['files:scan', '--path=/' . $uid . '/files']);
		return $out;
	}

	/** @return array<string, mixed> the target's scheduled check, as the targets API gives it */
	private function scrubState(int $id): array {
		return $this->listedTarget($id)['scrub'] ?? [];
	}

	/** @return list<array<string, mixed>> the admin's Mirror notifications about damaged copies (notifications app's OCS API) */
	private function damagedNotifications(): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		$all = json_decode($r->body, true)['ocs']['data'] ?? [];
		return array_values(array_filter($all, static fn (array $n): bool => $n['app'] === 'mirror' && str_contains((string)$n['subject'], 'damaged')));
	}

	/** Flips one byte in the middle of a file in place, keeping its size and modification time. */
	private static function flip(string $file): void {
		$mtime = filemtime($file);
		$h = fopen($file, 'r+b');
		$middle = intdiv((int)filesize($file), 2);
		fseek($h, $middle);
		$byte = fread($h, 1);
		fseek($h, $middle);
		fwrite($h, chr(ord($byte) ^ 0xff));
		fclose($h);
		touch($file, $mtime);
		clearstatcache();
	}

	public function testFlippedBytesAreFoundCopiedAgainAndTheAdminIsToldOnce(): void {
		$uid = $this->user('scrubbed');
		$sources = $this->files($uid, 200, 2048);
		$target = $this->newTarget('scrubbed');
		$id = (int)$target['id'];
		$this->processOk();
		$this->set('scrub_interval_days', '0.0005'); // 43 s instead of 30 days

		$flipped = ['Photos/IMG_0007.jpg', 'Photos/IMG_0100.jpg', 'Photos/IMG_0199.jpg'];
		$stats = [];
		foreach ($flipped as $path) {
			$file = $this->mirrorPath($target, $uid, $path);
			$stats[$path] = [filesize($file), filemtime($file)];
			self::flip($file);
			$this->assertSame($stats[$path], [filesize($file), filemtime($file)], 'size and mtime kept');
			$this->assertNotSame($sources[$path], hash_file('sha256', $file));
		}
		$this->assertSame(0, $this->process(['--output=json'])->json()['done'] ?? null, 'nothing looks changed to the worker');

		// the cron job: the first pass is due at once (never checked), and finds them
		$this->cron([self::JOB_SCRUB]);
		$scrub = $this->scrubState($id);
		$this->assertSame([false, 200 * 2048, 3], [$scrub['running'], $scrub['checkedBytes'], $scrub['checkedBad']], json_encode($scrub));
		$this->assertNotNull($scrub['checkedAt']);
		$queued = self::nc()->select('SELECT file_id FROM oc_mirror_queue WHERE target_id = ?', [$id]);
		$this->assertCount(3, $queued, 'the three damaged copies are queued to be copied again');

		$this->cron([self::JOB_HEALTH]);
		$this->cron([self::JOB_HEALTH]);
		$told = $this->damagedNotifications();
		$this->assertCount(1, $told, 'the admin is told once: ' . json_encode($told));
		$this->assertStringContainsString('The scheduled check found 3 damaged copies', (string)$told[0]['subject']);

		$this->processOk();
		foreach ($flipped as $path) {
			$this->assertSame($sources[$path], hash_file('sha256', $this->mirrorPath($target, $uid, $path)), "$path copied again from Nextcloud");
		}
		$this->assertSame(0, $this->occ(['mirror:verify', '--target=' . $id])->exitCode, 'verify agrees');

		// the next pass (its interval pushed back instead of waited for) finds none: the notification goes
		$this->cron([self::JOB_SCRUB]);
		$this->assertSame(3, $this->scrubState($id)['checkedBad'], 'not due again within the interval');
		self::nc()->execute('UPDATE oc_mirror_targets SET scrub_started_at = scrub_started_at - 3600 WHERE id = ?', [$id]);
		$this->cron([self::JOB_SCRUB]);
		$this->assertSame([200 * 2048, 0], [$this->scrubState($id)['checkedBytes'], $this->scrubState($id)['checkedBad']]);
		$this->cron([self::JOB_HEALTH]);
		$this->assertSame([], $this->damagedNotifications(), 'the notification clears');
	}

	public function testTheThrottleHolds(): void {
		$uid = $this->user('throttled');
		$this->files($uid, 48, 256 * 1024); // 12 MiB
		$target = $this->newTarget('throttled');
		$this->processOk();
		$this->set('scrub_max_mb_per_s', '2');
		$started = microtime(true);
		$r = $this->occOk(['mirror:scrub', '--time-limit=4', '--output=json']);
		$wall = microtime(true) - $started;
		$done = $r->json()['targets'][(string)$target['id']] ?? $r->json()['targets'][(int)$target['id']] ?? null;
		$this->assertIsArray($done, $r->describe());
		$this->assertFalse($done['finished'], 'a share, not all: ' . $r->describe());
		$rate = $done['bytes'] / $done['seconds'];
		fwrite(STDERR, sprintf("\nScrubTest: %d bytes in %.2f s: %.0f bytes/s (limit 2000000), occ took %.2f s\n", $done['bytes'], $done['seconds'], $rate, $wall));
		$this->assertEqualsWithDelta(2_000_000, $rate, 200_000, 'bytes read per second within 10 % of the setting');
		$this->assertGreaterThanOrEqual($done['bytes'] / 2_000_000, $wall, 'the process took at least as long as the rate allows');
	}

	public function testAnOfflineDriveChecksPartAtAVisitOnceSafeToUnplugAndTheRestAtTheNext(): void {
		$uid = $this->user('rotating');
		$this->files($uid, 40, 256 * 1024); // 10 MiB
		$drive = $this->freshDir('scrub-drive');
		$this->mounts->tmpfs($drive, '64m');
		$mountPoint = $this->freshDir('mnt-scrub');
		$this->mounts->bind($drive, $mountPoint);
		$r = $this->occOk(['mirror:target:add', $mountPoint, '--name=Rotating', '--offline-drive', '--output=json']);
		$id = (int)$r->json()['id'];
		$this->set('scrub_max_mb_per_s', '2');
		$this->set('scrub_seconds_per_run', '3'); // about 6 MB at a visit
		try {
			// a visit: the scrub waits until the drive is caught up ("safe to unplug" comes first)
			$this->cron([self::JOB_SCRUB]);
			$this->assertFalse($this->scrubState($id)['running'], 'nothing is checked while the drive catches up');
			$this->assertStringContainsString('up to date, safe to unplug', $this->processOk()->stdout);
			$this->cron([self::JOB_SCRUB]);
			$first = $this->scrubState($id);
			$this->assertTrue($first['running'], json_encode($first));
			$this->assertGreaterThan(0, $first['bytes']);
			$this->assertLessThan(40 * 256 * 1024, $first['bytes'], 'a share at this visit');
			$this->mounts->unmount($mountPoint);
			$this->cron([self::JOB_OFFLINE_DRIVES]);
			$this->cron([self::JOB_SCRUB]);
			$this->assertSame($first['bytes'], $this->scrubState($id)['bytes'], 'nothing is checked while it rests');

			// the next visit: caught up (nothing changed), then the rest
			$this->mounts->bind($drive, $mountPoint);
			$this->assertStringContainsString('up to date, safe to unplug', $this->processOk()->stdout);
			$this->cron([self::JOB_SCRUB]);
			$second = $this->scrubState($id);
			$this->assertSame([false, 40 * 256 * 1024, 0], [$second['running'], $second['checkedBytes'], $second['checkedBad']], json_encode($second));
		} finally {
			$this->occ(['mirror:target:remove', (string)$id]);
		}
	}
}
