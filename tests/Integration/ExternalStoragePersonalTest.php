<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A personal external storage (issue #20): one a user adds for themselves (files_external's type 2, applicable to
 * that user only). Users may add only the backends the admin allows them, and Local is never one of them
 * (files_external's Local backend: VISIBILITY_ADMIN), but `occ files_external:create --user` adds it as that user's
 * personal storage, mounted by files_external like one they added (PersonalMount): here, a Local one at /Disk.
 * Off by default; `users` copies it under the user's folder at Disk/…, `shared` once under "Disk (external storage)",
 * off again moves the copies to the mirror trash at the reconcile.
 */
final class ExternalStoragePersonalTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	/** Each test makes its own personal storages. */
	protected static function mountsDiskForEveryone(): bool {
		return false;
	}

	private function personalStorage(string $uid, string $folder): string {
		$created = $this->occOk(['files_external:create', '--user=' . $uid, '/Disk', 'local', 'null::null', '-c', 'datadir=' . $folder]);
		$this->assertSame(1, preg_match('/id (\d+)/', $created->stdout, $m), $created->describe());
		$listed = $this->occOk(['files_external:list', '--all', '--output=json'])->json();
		$this->assertSame([['applicable_users' => [$uid], 'type' => 'personal']], array_values(array_map(static fn (array $s): array => array_intersect_key($s, ['type' => 1, 'applicable_users' => 1]),
			array_filter($listed, static fn (array $s): bool => (string)$s['mount_id'] === $m[1]))), json_encode($listed));
		return $m[1];
	}

	public function testAPersonalLocalStorageIsMirroredOffUsersAndShared(): void {
		$dad = $this->user('personaldad');
		$disk = $this->scratchDir('personal');
		$this->mountId = $this->personalStorage($dad, $disk);
		$target = $this->newTarget('external-personal');
		$this->dav()->mkdirs($dad, 'Disk/Photos');
		$this->dav()->put($dad, 'Disk/Photos/a.jpg', "\xFF\xD8\xFF" . random_bytes(3000));
		$this->dav()->put($dad, 'own.txt', 'in his home');
		$this->assertSame(['Photos/a.jpg'], self::filesBelow($disk), 'the upload is on the personal storage');
		$this->processOk();
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $dad), 'off by default');
		$this->assertSame(['mode' => 'off', 'mountedFor' => 1], array_intersect_key($this->listed($this->mountId), array_flip(['mode', 'mountedFor'])));

		// users: part of dad's files, uploads by their events, files written behind Nextcloud's back by the reconcile
		$this->occOk(['mirror:external:set', $this->mountId, 'users']);
		$this->processOk();
		$this->assertSame(['Disk/Photos/a.jpg', 'own.txt'], $this->mirrorFiles($target, $dad));
		$this->dav()->put($dad, 'Disk/live.txt', 'uploaded');
		file_put_contents($disk . '/behind.txt', 'written behind Nextcloud\'s back');
		$this->processOk();
		$this->assertSame(['Disk/Photos/a.jpg', 'Disk/live.txt', 'own.txt'], $this->mirrorFiles($target, $dad));
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame(['Disk/Photos/a.jpg', 'Disk/behind.txt', 'Disk/live.txt', 'own.txt'], $this->mirrorFiles($target, $dad));
		$this->assertSame(hash_file('sha256', $disk . '/Photos/a.jpg'), hash_file('sha256', $this->mirrorPath($target, $dad, 'Disk/Photos/a.jpg')));
		$status = $this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/live.txt'));
		$this->assertSame(['inScope' => true, 'state' => 'replicated'], array_intersect_key($status['data'], array_flip(['inScope', 'state'])), json_encode($status));

		// shared: once under its own owner, dad's copies to his mirror trash as they are copied there
		$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$this->processOk();
		$this->assertSame(['Photos/a.jpg', 'behind.txt', 'live.txt'], $this->mirrorFiles($target, 'Disk (external storage)'));
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $dad));
		$this->assertCount(1, $this->trashCopies($target, $dad, 'Disk/live.txt'));
		$status = $this->ocs($dad, 'GET', '/files/' . $this->dav()->fileId($dad, 'Disk/live.txt'));
		$this->assertSame(['inScope' => true, 'state' => 'replicated'], array_intersect_key($status['data'], array_flip(['inScope', 'state'])), json_encode($status));

		// off: nothing moves at once; the copies go to the mirror trash at the reconcile
		$this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$this->processOk();
		$this->assertSame(['Photos/a.jpg', 'behind.txt', 'live.txt'], $this->mirrorFiles($target, 'Disk (external storage)'));
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame([], $this->mirrorFiles($target, 'Disk (external storage)'));
		$this->assertCount(1, $this->trashCopies($target, 'Disk (external storage)', 'live.txt'));
		$this->assertSame(['Photos/a.jpg', 'behind.txt', 'live.txt'], self::filesBelow($disk), 'the storage itself was left alone');
	}

	public function testTwoPersonalStoragesOfTheSameNameAreNotMirroredOnceUnderOneName(): void {
		$dad = $this->user('personaldad2');
		$mum = $this->user('personalmum');
		$this->mountId = $this->personalStorage($dad, $this->scratchDir('dads'));
		$mums = $this->personalStorage($mum, $this->scratchDir('mums'));
		try {
			$target = $this->newTarget('external-personal-names');
			$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
			$this->dav()->put($mum, 'Disk/hers.txt', 'mum\'s own Disk');

			// both would be "Disk (external storage)": refused, with the other storage named, by occ and the API
			$taken = $this->occ(['mirror:external:set', $mums, 'shared']);
			$this->assertSame(1, $taken->exitCode, $taken->describe());
			$this->assertStringContainsString('External storage ' . $this->mountId . ' is already mirrored once under the name "Disk"', $taken->stdout . $taken->stderr);
			$refused = $this->ocs('admin', 'PUT', '/external/' . $mums, ['mode' => 'shared']);
			$this->assertSame([400, 'mount_point_taken'], [$refused['status'], $refused['data']['code'] ?? null], json_encode($refused));
			$this->assertSame('off', $this->listed($mums)['mode'], 'nothing changed');

			// mirrored in her own folder instead
			$this->occOk(['mirror:external:set', $mums, 'users']);
			$this->processOk();
			$this->assertSame(['Disk/hers.txt'], $this->mirrorFiles($target, $mum));
			$this->assertSame([], $this->mirrorFiles($target, 'Disk (external storage)'), 'dad\'s is empty, and hers is not in it');
		} finally {
			$this->occ(['mirror:external:set', $mums, 'off']);
			$this->occ(['files_external:delete', '--yes', $mums]);
		}
	}
}
