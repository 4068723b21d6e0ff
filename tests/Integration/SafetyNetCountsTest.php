<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * The ransomware tripwire's counts and holds (issue "The safety net"), the part of the safety net that lives in
 * SQL: changes counted per user and drive within the hour (oc_mirror_tripwire_counts, added to by concurrent
 * statements), a hold for every drive, a release that starts the counts again, a removed drive's and a deleted
 * user's counts that go, the tripwire switched off for a while. In the SQL selection of `make test`
 * (Makefile: db_selection), on SQLite, MariaDB and PostgreSQL; the rest of the safety net (trash, the space
 * guard, the 300-photo ransomware drill) is SafetyNetTest, on SQLite.
 */
final class SafetyNetCountsTest extends IntegrationTestCase {
	use SafetyNetHelpers;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'notifications']);
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
}
