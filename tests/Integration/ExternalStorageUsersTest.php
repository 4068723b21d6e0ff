<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * The "users" mode of an external storage (issue #20), on a real instance with files_external and a Local
 * storage mounted at /Disk for one user: its files are on the drive inside that user's folder, at the path of
 * the mount in their Files app (<target>/<uid>/Disk/…), uploads through WebDAV by their events and files
 * written behind Nextcloud's back by the reconcile, byte for byte; the badge, the sidebar, the mirror trash
 * and the restore count them as the user's. Switching from "shared" copies the files under the user, each
 * old copy going to the mirror trash as its file is copied; a user the storage is given to later gets his own
 * copies at his comparison; switched off, the user's copies go to their mirror trash only at the reconcile.
 * A storage mounted for several users from the start: ExternalStorageSeveralUsersTest.
 */
final class ExternalStorageUsersTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	private const OWNER = 'Disk (external storage)';

	public function testAStorageMountedForOneUserIsMirroredInsideTheirFolderAtItsPathThere(): void {
		$dad = $this->user('extdad');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $dad]);
		$target = $this->newTarget('external-users');
		file_put_contents($this->disk . '/before.txt', 'there before the storage was added');
		$this->dav()->mkdirs($dad, 'Disk/Photos');
		$this->dav()->put($dad, 'Disk/Photos/uploaded.jpg', "\xFF\xD8\xFF" . random_bytes(5000));
		$this->dav()->put($dad, 'own.txt', 'dad\'s own file');
		$this->processOk();
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $dad), 'off by default');
		$this->assertSame(1, $this->listed()['mountedFor']);

		$on = $this->occOk(['mirror:external:set', '/Disk', 'users']);
		$this->assertStringContainsString('mirrored as part of the files of each user it is mounted for, at its path there (1 copy)', $on->stdout);
		$this->assertSame('users', $this->listed()['mode']);
		$this->assertStringContainsString('in the folder of each user it is mounted for (1 copy)', $this->occOk(['mirror:external:list'])->stdout);
		$this->processOk();
		$this->assertSame(['Disk/Photos/uploaded.jpg', 'Disk/before.txt', 'own.txt'], $this->mirrorFiles($target, $dad));
		$this->assertDiskOnDrive($target, $dad, 'Disk');
		$this->assertSame([], $this->mirrorFiles($target, self::OWNER), 'not once under its own owner');

		// an upload through WebDAV: its event queues it for dad, no reconcile needed
		$this->dav()->put($dad, 'Disk/live.txt', 'uploaded while mirrored');
		$this->processOk();
		$this->assertContains('Disk/live.txt', $this->mirrorFiles($target, $dad));

		// a folder renamed inside the mount, and a file moved into it from dad's home: followed on the drive
		$this->dav()->mkdirs($dad, 'Disk/Album');
		$this->dav()->put($dad, 'Disk/Album/p.jpg', "\xFF\xD8\xFF" . random_bytes(3000));
		$this->dav()->put($dad, 'moved.txt', 'from his home into the storage');
		$this->processOk();
		$this->assertContains('Disk/Album/p.jpg', $this->mirrorFiles($target, $dad));
		$this->assertContains($this->dav()->move($dad, 'Disk/Album', 'Disk/Album 2026')->status, [201, 204]);
		$this->assertContains($this->dav()->move($dad, 'moved.txt', 'Disk/moved.txt')->status, [201, 204]);
		$this->processOk();
		$onDrive = $this->mirrorFiles($target, $dad);
		$this->assertContains('Disk/Album 2026/p.jpg', $onDrive);
		$this->assertNotContains('Disk/Album/p.jpg', $onDrive);
		$this->assertContains('Disk/moved.txt', $onDrive);

		// behind Nextcloud's back: nothing happens until the reconcile scans the storage and compares dad's files
		mkdir($this->disk . '/behind');
		file_put_contents($this->disk . '/behind/new.bin', random_bytes(70000));
		file_put_contents($this->disk . '/before.txt', 'changed behind Nextcloud\'s back');
		touch($this->disk . '/before.txt', time() - 3600);
		$this->processOk();
		$this->assertNotContains('Disk/behind/new.bin', $this->mirrorFiles($target, $dad));
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertDiskOnDrive($target, $dad, 'Disk');
		$this->assertCount(1, $this->trashCopies($target, $dad, 'Disk/before.txt'), 'the earlier content, in dad\'s mirror trash');
		$this->assertSame(['own.txt'], array_values(array_filter($this->mirrorFiles($target, $dad), static fn (string $f): bool => !str_starts_with($f, 'Disk/'))), 'his own files beside it');

		// the badge and the sidebar: on the mirror
		$this->assertSame(['before.txt' => 'replicated', 'live.txt' => 'replicated', 'moved.txt' => 'replicated'], $this->badges($dad, 'Disk'));
		$file = $this->dav()->fileId($dad, 'Disk/live.txt');
		$status = $this->ocs($dad, 'GET', '/files/' . $file);
		$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($status['data'], array_flip(['inScope', 'state', 'exclusion'])), json_encode($status));
		$this->assertSame(['replicated'], array_column($status['data']['targets'], 'state'));

		// deleted: into dad's mirror trash, and back from the sidebar onto the storage, byte for byte
		$this->assertSame(204, $this->dav()->delete($dad, 'Disk/live.txt')->status);
		$this->processOk();
		$this->assertNotContains('Disk/live.txt', $this->mirrorFiles($target, $dad));
		$this->assertCount(1, $this->trashCopies($target, $dad, 'Disk/live.txt'));
		$disk = $this->dav()->fileId($dad, 'Disk');
		$deleted = $this->ocs($dad, 'GET', '/files/' . $disk . '/history');
		$this->assertSame(['live.txt'], array_column($deleted['data']['deleted'] ?? [], 'path'), json_encode($deleted));
		$back = $this->ocs($dad, 'POST', '/files/' . $disk . '/restore-deleted', ['ids' => [$deleted['data']['deleted'][0]['id']]]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], json_encode($back));
		clearstatcache();
		$this->assertSame('uploaded while mirrored', (string)file_get_contents($this->disk . '/live.txt'));
		$this->processOk();
		$this->assertDiskOnDrive($target, $dad, 'Disk');
		$this->assertSame(0, $this->occ(['mirror:verify', '--user=' . $dad, '--target=' . $target['id']])->exitCode, 'verify finds every copy of dad\'s as recorded');

		// back to once for everyone: copied under the storage's owner, dad's copies to his mirror trash as they are
		$shared = $this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$this->assertStringContainsString('Nothing is deleted: each copy made in the previous layout goes to the mirror trash as its file is copied in the new one.', $shared->stdout);
		$this->processOk();
		$this->assertSame(self::filesBelow($this->disk), $this->mirrorFiles($target, self::OWNER));
		$this->assertSame(['own.txt'], $this->mirrorFiles($target, $dad));
		$this->assertCount(1, $this->trashCopies($target, $dad, 'Disk/Photos/uploaded.jpg'));
	}

	public function testSwitchingFromSharedToUsersCopiesUnderTheUserAndTrashesTheOldCopiesNeverDeletesThem(): void {
		$mum = $this->user('extmum');
		$kid = $this->user('extkid');
		$target = $this->newTarget('external-switch');
		file_put_contents($this->disk . '/a.txt', 'first file');
		mkdir($this->disk . '/Sub');
		file_put_contents($this->disk . '/Sub/b.bin', random_bytes(3000));

		// mounted for a group of two
		$this->occOk(['group:add', 'extfamily']);
		$this->occOk(['group:adduser', 'extfamily', $mum]);
		$this->occOk(['group:adduser', 'extfamily', $kid]);
		$this->occOk(['files_external:applicable', $this->mountId, '--add-group', 'extfamily']);
		$this->assertSame(['mode' => 'off', 'mountedFor' => 2], array_intersect_key($this->listed(), array_flip(['mode', 'mountedFor'])));

		// mirrored once first, for the group
		$this->occOk(['mirror:external:set', $this->mountId, 'shared']);
		$this->processOk();
		$this->assertSame(['Sub/b.bin', 'a.txt'], $this->mirrorFiles($target, self::OWNER));

		// mounted for mum alone now, switched to users through the API, as the admin page does
		$this->occOk(['files_external:applicable', $this->mountId, '--remove-group', 'extfamily', '--add-user', $mum]);
		$this->occOk(['group:delete', 'extfamily']);
		$on = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'users']);
		$this->assertSame(200, $on['status'], json_encode($on));
		$this->assertSame(['mode' => 'users', 'mountedFor' => 1], array_intersect_key($on['data'], array_flip(['mode', 'mountedFor'])));
		$this->processOk();
		// the owner of the old layout no longer holds the files: as each file is copied under mum, the copy of
		// the old layout goes to the mirror trash, never away
		$this->assertSame(['Disk/Sub/b.bin', 'Disk/a.txt'], $this->mirrorFiles($target, $mum), 'copied under mum at once');
		$this->assertSame([], $this->mirrorFiles($target, self::OWNER), 'the old copies left the mirror...');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'a.txt'), '...for its trash, where retention applies');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'Sub/b.bin'));
		$this->assertSame([], $this->mirrorFiles($target, $kid));
		$this->assertDiskOnDrive($target, $mum, 'Disk');
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertDiskOnDrive($target, $mum, 'Disk');
		$this->assertCount(1, $this->trashCopies($target, self::OWNER, 'a.txt'), 'the reconcile finds nothing more to move');

		// given to a second user since: his copies come with his comparison (the reconcile), mum's stay as they are
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $kid]);
		$this->assertStringContainsString('in the folder of each user it is mounted for (2 copies)', $this->occOk(['mirror:external:list'])->stdout);
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame(['Disk/Sub/b.bin', 'Disk/a.txt'], $this->mirrorFiles($target, $mum));
		$this->assertDiskOnDrive($target, $kid, 'Disk');
		$this->assertSame([], $this->trashCopies($target, $mum, 'Disk/a.txt'), 'nothing of mum\'s moved');
		$this->occOk(['files_external:applicable', $this->mountId, '--remove-user', $kid]);

		// and back off: nothing moves at once; mum's copies go to her mirror trash at the reconcile
		$off = $this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$this->assertStringContainsString('Nothing is deleted now', $off->stdout);
		$this->processOk();
		$this->assertSame(['Disk/Sub/b.bin', 'Disk/a.txt'], $this->mirrorFiles($target, $mum));
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame([], $this->mirrorFiles($target, $mum));
		$this->assertCount(1, $this->trashCopies($target, $mum, 'Disk/a.txt'));
		$this->assertSame(['Sub/b.bin', 'a.txt'], self::filesBelow($this->disk), 'the storage itself was left alone');
	}
}
