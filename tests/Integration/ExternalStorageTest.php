<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * External storages (issue #20), on a real instance with files_external and a "Local" storage: off by
 * default; switched to "shared" it is mirrored once under "<mount point> (external storage)", files uploaded
 * through WebDAV by its events and files written straight into its folder behind Nextcloud's back by the
 * reconcile job, byte for byte; switched off, the storage is left alone and its copies stay until the
 * reconcile moves them to the mirror trash. The Files badge and the sidebar show its files' true state to the
 * users it is mounted for (and 404 to the others); restores write onto it through Nextcloud; a sweep through
 * it trips the tripwire, counted for the storage.
 */
final class ExternalStorageTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	private const OWNER = 'Disk (external storage)';

	public function testASharedStorageIsMirroredOnceWithWhatIsWrittenBehindNextcloudsBack(): void {
		$uid = $this->user('extalice');
		$target = $this->newTarget('external');
		file_put_contents($this->disk . '/before.txt', 'there before the storage was added');
		$this->dav()->mkdirs($uid, 'Disk/Photos');
		$this->dav()->put($uid, 'Disk/Photos/uploaded.jpg', "\xFF\xD8\xFF" . random_bytes(5000));
		$this->dav()->put($uid, 'own.txt', 'alice\'s own file');
		$this->processOk();

		// off by default: not read, not copied, and not in alice's folder either
		$this->assertSame(['mountPoint' => 'Disk', 'backend' => 'local', 'mode' => 'off'], array_intersect_key($this->listed(), array_flip(['mode', 'mountPoint', 'backend'])));
		$this->assertSame([], $this->mirrorFiles($target, self::OWNER));
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $uid));

		// what is refused, with a clear message, and changes nothing
		$bad = $this->occ(['mirror:external:set', $this->mountId, 'sometimes']);
		$this->assertSame(1, $bad->exitCode, $bad->describe());
		$this->assertStringContainsString('The mode must be off, users or shared.', $bad->stdout . $bad->stderr);
		$unknown = $this->occ(['mirror:external:set', '99999', 'shared']);
		$this->assertSame(1, $unknown->exitCode, $unknown->describe());
		$this->assertStringContainsString('There is no external storage "99999"', $unknown->stdout . $unknown->stderr);
		$this->assertSame('off', $this->listed()['mode']);

		// switched on (by its mount point): scanned and copied by the next run of the worker
		$on = $this->occOk(['mirror:external:set', '/Disk', 'shared']);
		$this->assertStringContainsString('mirrored once, as "' . self::OWNER . '"', $on->stdout);
		$this->assertSame(['mode' => 'shared', 'owner' => self::OWNER], array_intersect_key($this->listed(), array_flip(['mode', 'owner'])));
		$this->processOk();
		$this->assertSame(['Photos/uploaded.jpg', 'before.txt'], $this->mirrorFiles($target, self::OWNER));
		$this->assertDiskOnDrive($target, self::OWNER);
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $uid), 'once, under its own owner: not in a user\'s folder');

		// an upload through WebDAV: its event queues it, no reconcile needed
		$this->dav()->put($uid, 'Disk/live.txt', 'uploaded while mirrored');
		$this->processOk();
		$this->assertContains('live.txt', $this->mirrorFiles($target, self::OWNER));

		// behind Nextcloud's back: a new file, a changed one, a deleted one; no event, so nothing happens...
		mkdir($this->disk . '/behind');
		file_put_contents($this->disk . '/behind/new.bin', random_bytes(70000));
		file_put_contents($this->disk . '/before.txt', 'changed behind Nextcloud\'s back');
		touch($this->disk . '/before.txt', time() - 3600);
		unlink($this->disk . '/live.txt');
		$this->processOk();
		$this->assertNotContains('behind/new.bin', $this->mirrorFiles($target, self::OWNER));
		// ...until the reconcile job scans the storage and queues what differs
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertDiskOnDrive($target, self::OWNER);
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'live.txt'), 'deleted behind Nextcloud\'s back: in the mirror trash');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'before.txt'), 'the earlier content, in the mirror trash');
		$this->assertSame(0, $this->occ(['mirror:verify', '--target=' . $target['id']])->exitCode, 'verify finds every copy as recorded');

		// the coverage report counts what is on the drive
		$row = $this->coverageRow();
		$onDrive = $this->mirrorFiles($target, self::OWNER);
		$bytes = array_sum(array_map(fn (string $f): int => (int)filesize($this->mirrorPath($target, self::OWNER, $f)), $onDrive));
		$this->assertTrue($row['covered']);
		$this->assertSame('Disk', $row['name']);
		$this->assertSame(['files' => count($onDrive), 'bytes' => $bytes], $row['total']);
		$this->assertSame(['files' => count($onDrive), 'bytes' => $bytes], $this->onTarget($row, $target)['mirrored']);
		$this->assertSame(['files' => 0, 'bytes' => 0], $this->onTarget($row, $target)['notCopied']);
	}

	/** @return array<string, mixed> this test's storage's row of occ mirror:status --coverage --output=json */
	private function coverageRow(): array {
		$report = $this->occOk(['mirror:status', '--coverage', '--output=json'])->json();
		foreach ($report['rows'] as $row) {
			if ($row['kind'] === 'external' && $row['id'] === $this->mountId) {
				return $row;
			}
		}
		$this->fail('no coverage row for storage ' . $this->mountId . ': ' . json_encode($report));
	}

	/** @return array<string, mixed> the row's counts on this target */
	private function onTarget(array $row, array $target): array {
		foreach ($row['targets'] as $counts) {
			if ($counts['targetId'] === (int)$target['id']) {
				return $counts;
			}
		}
		$this->fail('no counts for target ' . $target['id'] . ': ' . json_encode($row));
	}

	public function testSwitchedOffTheStorageIsLeftAloneAndItsCopiesGoToTheTrashOnlyAtTheReconcile(): void {
		$target = $this->newTarget('external-off');
		file_put_contents($this->disk . '/a.txt', 'first file');
		mkdir($this->disk . '/Sub');
		file_put_contents($this->disk . '/Sub/b.bin', random_bytes(3000));
		// switched on through the admin API, as the admin page does; what it refuses changes nothing
		$refused = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'sometimes']);
		$this->assertSame(400, $refused['status'], json_encode($refused));
		$this->assertSame('mode_invalid', $refused['data']['code']);
		$this->assertSame(404, $this->api('PUT', '/external/99999', ['mode' => 'shared'])['status']);
		$listed = array_values(array_filter($this->api('GET', '/external')['data'], fn (array $s): bool => (string)$s['id'] === $this->mountId));
		$this->assertSame('off', $listed[0]['mode'] ?? null, json_encode($listed));
		$on = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'shared']);
		$this->assertSame(200, $on['status'], json_encode($on));
		$this->assertSame(['mode' => 'shared', 'owner' => self::OWNER], array_intersect_key($on['data'], array_flip(['mode', 'owner'])));
		$this->processOk();
		$this->assertDiskOnDrive($target, self::OWNER);
		$before = array_map(fn (string $f): string => hash_file('sha256', $this->disk . '/' . $f), self::filesBelow($this->disk));

		$off = $this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$this->assertStringContainsString('Nothing is deleted now', $off->stdout);
		file_put_contents($this->disk . '/after.txt', 'written once it was off');
		$this->processOk();
		// nothing moved at once, nothing new copied; the coverage report says what will go
		$this->assertSame(['Sub/b.bin', 'a.txt'], $this->mirrorFiles($target, self::OWNER));
		$row = $this->coverageRow();
		$this->assertFalse($row['covered']);
		$this->assertSame(['files' => 2, 'bytes' => 3010], $this->onTarget($row, $target)['toTrash']);

		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame([], $this->mirrorFiles($target, self::OWNER), 'the copies left the mirror...');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'a.txt'), '...for its trash, where retention applies');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'Sub/b.bin'));
		$this->assertSame([], $this->coverageRow()['targets'], 'nothing of it left on the drive');
		// and the storage itself was left alone
		$this->assertSame(['Sub/b.bin', 'a.txt', 'after.txt'], self::filesBelow($this->disk));
		$this->assertSame($before, array_map(fn (string $f): string => hash_file('sha256', $this->disk . '/' . $f), ['Sub/b.bin', 'a.txt']));
	}

	public function testTheBadgeAndTheSidebarShowTheStoragesFilesToTheUsersItIsMountedFor(): void {
		$carol = $this->user('extcarol');
		$dan = $this->user('extdan');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $carol]); // mounted for carol only
		$target = $this->newTarget('external-sidebar');
		$photo = "\xFF\xD8\xFF\xE0" . random_bytes(4000);
		$this->dav()->put($carol, 'Disk/a.jpg', $photo);
		$this->dav()->mkdirs($carol, 'Disk/Docs');
		$note = 'a note on the storage';
		$this->dav()->put($carol, 'Disk/Docs/n.txt', $note);
		$this->processOk();
		$file = $this->dav()->fileId($carol, 'Disk/a.jpg');
		$docs = $this->dav()->fileId($carol, 'Disk/Docs');
		$this->assertGreaterThan(0, $file);

		// off: left out, in words the sidebar gets as a code; no badge
		$off = $this->ocs($carol, 'GET', '/files/' . $file);
		$this->assertSame(200, $off['status'], json_encode($off));
		$this->assertSame(['inScope' => true, 'state' => 'excluded', 'exclusion' => ['reason' => 'external', 'detail' => 'Disk']],
			array_intersect_key($off['data'], array_flip(['inScope', 'state', 'exclusion'])));
		$this->assertSame(['reason' => 'external', 'detail' => 'Disk'], $this->ocs($carol, 'GET', '/files/' . $docs)['data']['exclusion'] ?? null);
		$this->assertSame([], $this->badges($carol, 'Disk'));
		// dan, for whom it is not mounted, gets what any file he can't see gets
		foreach (['/files/' . $file, '/files/' . $file . '/history', '/files/' . $docs . '/history'] as $path) {
			$this->assertSame(404, $this->ocs($dan, 'GET', $path)['status'], $path);
		}

		// mirrored once: the badge and the sidebar show the storage owner's copies
		$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$this->processOk();
		$this->assertSame(['a.jpg' => 'replicated'], $this->badges($carol, 'Disk'));
		$this->assertSame(['n.txt' => 'replicated'], $this->badges($carol, 'Disk/Docs'));
		$on = $this->ocs($carol, 'GET', '/files/' . $file);
		$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($on['data'], array_flip(['inScope', 'state', 'exclusion'])));
		$this->assertSame([['state' => 'replicated', 'current' => true]], array_map(static fn (array $t): array => ['state' => $t['state'], 'current' => $t['current']], $on['data']['targets']));
		$this->assertSame(['files' => 1, 'replicated' => 1], array_intersect_key($this->ocs($carol, 'GET', '/files/' . $docs)['data']['folder'] ?? [], array_flip(['files', 'replicated'])));
		$this->dav()->put($carol, 'Disk/new.txt', 'not copied yet');
		$this->assertSame(['a.jpg' => 'replicated', 'new.txt' => 'pending'], $this->badges($carol, 'Disk'), 'an upload waiting for the worker');
		$this->assertSame(404, $this->ocs($dan, 'GET', '/files/' . $file)['status']);

		// history: an earlier version, a deleted file, for carol only; she restores the deleted file from the sidebar
		$this->dav()->put($carol, 'Disk/a.jpg', "\xFF\xD8\xFF\xE0" . random_bytes(4100));
		$this->assertSame(204, $this->dav()->delete($carol, 'Disk/Docs/n.txt')->status);
		$this->processOk();
		$versions = $this->ocs($carol, 'GET', '/files/' . $file . '/history');
		$this->assertSame([200, true, 1], [$versions['status'], $versions['data']['restorable'], count($versions['data']['versions'])], json_encode($versions));
		$deleted = $this->ocs($carol, 'GET', '/files/' . $docs . '/history');
		$this->assertSame(['n.txt'], array_column($deleted['data']['deleted'] ?? [], 'path'), json_encode($deleted));
		$this->assertSame(404, $this->ocs($dan, 'GET', '/files/' . $docs . '/history')['status']);
		$this->assertSame(404, $this->ocs($dan, 'POST', '/files/' . $docs . '/restore-deleted', ['ids' => [$deleted['data']['deleted'][0]['id']]])['status']);
		$back = $this->ocs($carol, 'POST', '/files/' . $docs . '/restore-deleted', ['ids' => [$deleted['data']['deleted'][0]['id']]]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], json_encode($back));
		clearstatcache();
		$this->assertSame($note, (string)file_get_contents($this->disk . '/Docs/n.txt'), 'written back onto the storage, byte for byte');
		$this->processOk();
		$this->assertSame(['n.txt' => 'replicated'], $this->badges($carol, 'Disk/Docs'), 'and copied again');

		// written behind Nextcloud's back and found by its scanner, no event: pending until the reconcile copies it
		file_put_contents($this->disk . '/behind.txt', 'no event fired for this');
		$this->occOk(['files:scan', '--path=/' . $carol . '/files/Disk']);
		$this->assertSame('pending', $this->badges($carol, 'Disk')['behind.txt'] ?? null);
		// switched off: no badge at once, though the copies stay on the drive until the reconcile
		$this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$this->assertSame([], $this->badges($carol, 'Disk'));
		$this->assertSame(['Docs/n.txt', 'a.jpg', 'new.txt'], $this->mirrorFiles($target, self::OWNER));
		$this->assertSame(['state' => 'excluded', 'exclusion' => ['reason' => 'external', 'detail' => 'Disk']],
			array_intersect_key($this->ocs($carol, 'GET', '/files/' . $file)['data'], array_flip(['state', 'exclusion'])));
	}

	public function testARestoreWritesBackOntoTheStorageAndASweepThroughItTripsTheTripwire(): void {
		$uid = $this->user('exterin');
		$target = $this->newTarget('external-restore');
		$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$this->dav()->mkdirs($uid, 'Disk/Camera');
		$originals = [];
		for ($i = 1; $i <= 20; $i++) {
			$path = sprintf('Camera/IMG_%04d.jpg', $i);
			$originals[$path] = "\xFF\xD8\xFF\xE0" . random_bytes(2000);
			$this->dav()->put($uid, 'Disk/' . $path, $originals[$path]);
		}
		$this->processOk();
		$this->assertDiskOnDrive($target, self::OWNER);

		// a file deleted from the storage comes back from the mirror trash, through Nextcloud, byte for byte
		$this->assertSame(204, $this->dav()->delete($uid, 'Disk/Camera/IMG_0001.jpg')->status);
		$this->processOk();
		$this->assertFileDoesNotExist($this->disk . '/Camera/IMG_0001.jpg');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'Camera/IMG_0001.jpg'));
		$r = $this->occOk(['mirror:restore', '--user=' . self::OWNER, '--path=Camera/IMG_0001.jpg', '--from-version=trash:' . date('Y-m-d'),
			'--target=' . $target['id'], '--output=json'])->json();
		$this->assertSame([1, 0, 0], [$r['restored'], $r['mismatched'], $r['failed']], json_encode($r));
		clearstatcache();
		$this->assertSame(hash('sha256', $originals['Camera/IMG_0001.jpg']), hash_file('sha256', $this->disk . '/Camera/IMG_0001.jpg'));
		$this->assertNotFalse(array_search('IMG_0001.jpg', array_keys($this->badges($uid, 'Disk/Camera')), true), 'Nextcloud knows the restored file');
		$this->processOk();
		$this->assertDiskOnDrive($target, self::OWNER);

		// malware on a laptop syncing the storage encrypts the photos: held, counted for the storage
		foreach (array_keys($originals) as $path) {
			$this->dav()->put($uid, 'Disk/' . $path, random_bytes(2004));
		}
		$run = $this->processOk(['--output=json'])->json();
		$this->assertSame(20, $run['held'] ?? null, 'every overwrite is held: ' . json_encode($run));
		foreach ($originals as $path => $bytes) {
			$this->assertSame(hash('sha256', $bytes), hash_file('sha256', $this->mirrorPath($target, self::OWNER, $path)), "the original $path stays on the mirror");
		}
		$held = array_column(self::nc()->select('SELECT user_id FROM oc_mirror_tripwire WHERE tripped_at IS NOT NULL'), 'user_id');
		$this->assertContains(self::OWNER, $held, 'held as the storage');
		$this->assertNotContains($uid, $held, 'the user\'s own files are not held');
		$release = $this->occOk(['mirror:tripwire:release', '--user=' . self::OWNER, '--discard', '--output=json'])->json();
		$this->assertTrue($release['released'] ?? false, json_encode($release));
		$this->assertSame([], self::nc()->select('SELECT user_id FROM oc_mirror_tripwire WHERE tripped_at IS NOT NULL AND user_id = ?', [self::OWNER]));
	}
}
