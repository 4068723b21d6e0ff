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
 * reconcile moves them to the mirror trash.
 */
final class ExternalStorageTest extends IntegrationTestCase {
	private const OWNER = 'Disk (external storage)';

	private ?string $mountId = null;
	private string $disk = '';

	protected function setUp(): void {
		parent::setUp();
		$this->occOk(['app:enable', 'files_external']);
		$this->disk = $this->scratchDir('disk');
		$created = $this->occOk(['files_external:create', '/Disk', 'local', 'null::null', '-c', 'datadir=' . $this->disk]);
		$this->assertSame(1, preg_match('/id (\d+)/', $created->stdout, $m), $created->describe());
		$this->mountId = $m[1];
	}

	protected function tearDown(): void {
		if ($this->mountId !== null) {
			$this->occ(['mirror:external:set', $this->mountId, 'off']);
			$this->occ(['files_external:delete', '--yes', $this->mountId]);
		}
		$this->occ(['app:disable', 'files_external']);
		parent::tearDown();
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function api(string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', 'admin',
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'],
			$body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/** @return array<string, mixed> this test's storage in occ mirror:external:list --output=json */
	private function listed(): array {
		foreach ($this->occOk(['mirror:external:list', '--output=json'])->json() as $row) {
			if ((string)$row['id'] === $this->mountId) {
				return $row;
			}
		}
		$this->fail('mirror:external:list does not list storage ' . $this->mountId);
	}

	/** Every file of the storage's folder is on the drive under the storage's owner, byte for byte, with its mtime, and nothing else. */
	private function assertDiskMirrored(array $target): void {
		clearstatcache();
		$files = self::filesBelow($this->disk);
		$this->assertNotSame([], $files);
		$this->assertSame($files, $this->mirrorFiles($target, self::OWNER), 'the drive holds the storage\'s files, and only them');
		foreach ($files as $file) {
			$source = $this->disk . '/' . $file;
			$copy = $this->mirrorPath($target, self::OWNER, $file);
			$this->assertSame(hash_file('sha256', $source), hash_file('sha256', $copy), "content of $file");
			$this->assertSame(filemtime($source), filemtime($copy), "mtime of $file");
		}
	}

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
		$users = $this->occ(['mirror:external:set', $this->mountId, 'users']);
		$this->assertSame(1, $users->exitCode, $users->describe());
		$this->assertStringContainsString('not available yet', $users->stdout . $users->stderr);
		$bad = $this->occ(['mirror:external:set', $this->mountId, 'sometimes']);
		$this->assertSame(1, $bad->exitCode, $bad->describe());
		$this->assertStringContainsString('The mode must be off or shared.', $bad->stdout . $bad->stderr);
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
		$this->assertDiskMirrored($target);
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
		$this->assertDiskMirrored($target);
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
		$refused = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'users']);
		$this->assertSame(400, $refused['status'], json_encode($refused));
		$this->assertSame('mode_unavailable', $refused['data']['code']);
		$this->assertSame(404, $this->api('PUT', '/external/99999', ['mode' => 'shared'])['status']);
		$listed = array_values(array_filter($this->api('GET', '/external')['data'], fn (array $s): bool => (string)$s['id'] === $this->mountId));
		$this->assertSame('off', $listed[0]['mode'] ?? null, json_encode($listed));
		$on = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'shared']);
		$this->assertSame(200, $on['status'], json_encode($on));
		$this->assertSame(['mode' => 'shared', 'owner' => self::OWNER], array_intersect_key($on['data'], array_flip(['mode', 'owner'])));
		$this->processOk();
		$this->assertDiskMirrored($target);
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
}
