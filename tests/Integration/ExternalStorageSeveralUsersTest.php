<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * The "users" mode of an external storage mounted for SEVERAL users (issue #20, stage 2), on a real instance
 * with files_external and a Local storage at /Disk: it is mirrored once per user it is mounted for, inside
 * each one's folder at the mount's path (<target>/<uid>/Disk/…), byte for byte, whoever uploaded and for files
 * written behind Nextcloud's back (the reconcile of each user); each user's badge and sidebar show their own
 * copy, and someone a file is shared with by one of them sees that user's copy; a rename by one is followed in
 * every user's folder; a file moved out of the mount into one user's
 * home follows that user, the others' copies going to their mirror trash; a deletion by one moves every user's
 * copy to that user's mirror trash, and the file comes back from the sidebar; switched off, the copies stay
 * until the reconcile. Mounted for two users, and for a group.
 */
final class ExternalStorageSeveralUsersTest extends IntegrationTestCase {
	use ExternalStorageCalls;

	public function testAStorageMountedForTwoUsersIsMirroredInsideEachOnesFolder(): void {
		$anna = $this->user('sevanna');
		$ben = $this->user('sevben');
		$this->occOk(['files_external:applicable', $this->mountId, '--add-user', $anna, '--add-user', $ben]);
		$target = $this->newTarget('external-several');
		file_put_contents($this->disk . '/before.txt', 'there before the storage was mirrored');

		$on = $this->api('PUT', '/external/' . $this->mountId, ['mode' => 'users']);
		$this->assertSame(200, $on['status'], json_encode($on));
		$this->assertSame(['mode' => 'users', 'mountedFor' => 2], array_intersect_key($on['data'], array_flip(['mode', 'mountedFor'])));
		$this->assertStringContainsString('in the folder of each user it is mounted for (2 copies)', $this->occOk(['mirror:external:list'])->stdout);

		// an upload by each through WebDAV (their events), and a file written behind Nextcloud's back (the reconcile)
		$this->dav()->mkdirs($anna, 'Disk/Photos');
		$this->dav()->put($anna, 'Disk/Photos/anna.jpg', "\xFF\xD8\xFF" . random_bytes(6000));
		$this->dav()->put($ben, 'Disk/ben.txt', 'uploaded by ben');
		$this->processOk();
		foreach ([$anna, $ben] as $user) {
			$this->assertSame(['Disk/Photos/anna.jpg', 'Disk/before.txt', 'Disk/ben.txt'], $this->mirrorFiles($target, $user), "$user's copies, whoever uploaded");
		}
		file_put_contents($this->disk . '/behind.bin', random_bytes(40000));
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertDiskOnDrive($target, $anna, 'Disk');
		$this->assertDiskOnDrive($target, $ben, 'Disk');
		foreach ([$anna, $ben] as $user) {
			$this->assertSame(0, $this->occ(['mirror:verify', '--user=' . $user, '--target=' . $target['id']])->exitCode, "verify finds every copy of $user's as recorded");
		}

		// the badge and the sidebar: each user's own copy
		foreach ([$anna, $ben] as $user) {
			$this->assertSame(['before.txt' => 'replicated', 'behind.bin' => 'replicated', 'ben.txt' => 'replicated'], $this->badges($user, 'Disk'), $user);
			$status = $this->ocs($user, 'GET', '/files/' . $this->dav()->fileId($user, 'Disk/ben.txt'));
			$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($status['data'], array_flip(['inScope', 'state', 'exclusion'])), json_encode($status));
		}
		// one user's copy behind: only their badge says so
		$this->dropCopyRecord($target, $ben, 'Disk/ben.txt');
		$this->assertSame('replicated', $this->badges($anna, 'Disk')['ben.txt']);
		$this->assertSame('pending', $this->badges($ben, 'Disk')['ben.txt'] ?? null, 'ben has no copy recorded now');
		$this->assertSame('none', $this->ocs($ben, 'GET', '/files/' . $this->dav()->fileId($ben, 'Disk/ben.txt'))['data']['targets'][0]['state']);
		// shared with someone it is not mounted for: the recipient sees the copy of the user who shared it
		$this->occOk(['files_external:option', $this->mountId, 'enable_sharing', 'true']);
		$fromAnna = $this->user('sevcleo');
		$fromBen = $this->user('sevdora');
		$this->dav()->shareWithUser($anna, 'Disk/ben.txt', $fromAnna);
		$this->dav()->shareWithUser($ben, 'Disk/ben.txt', $fromBen);
		foreach ([$fromAnna => 'replicated', $fromBen => 'none'] as $recipient => $state) {
			$this->dav()->acceptPendingShares($recipient);
			$seen = $this->ocs($recipient, 'GET', '/files/' . $this->dav()->fileId($recipient, 'ben.txt'));
			$this->assertSame([200, true, null, $state], [$seen['status'], $seen['data']['inScope'] ?? null, array_key_exists('exclusion', $seen['data']) ? $seen['data']['exclusion'] : 'absent', $seen['data']['targets'][0]['state'] ?? null], "$recipient: " . json_encode($seen));
		}
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame('replicated', $this->badges($ben, 'Disk')['ben.txt'] ?? null, 'copied again by his reconcile');

		// a rename by ben: followed in both folders
		$this->dav()->mkdirs($ben, 'Disk/Album');
		$this->assertContains($this->dav()->move($ben, 'Disk/ben.txt', 'Disk/Album/ben.txt')->status, [201, 204]);
		$this->processOk();
		foreach ([$anna, $ben] as $user) {
			$onDrive = $this->mirrorFiles($target, $user);
			$this->assertContains('Disk/Album/ben.txt', $onDrive, $user);
			$this->assertNotContains('Disk/ben.txt', $onDrive, $user);
			$this->assertSame([], $this->trashCopies($target, $user, 'Disk/ben.txt'), "renamed on the drive for $user, not copied and trashed");
		}

		// moved by anna out of the storage into her home: her copy follows it, ben's goes to his mirror trash
		$this->assertContains($this->dav()->move($anna, 'Disk/Album/ben.txt', 'moved-home.txt')->status, [201, 204]);
		$this->processOk();
		$this->assertContains('moved-home.txt', $this->mirrorFiles($target, $anna));
		$this->assertSame([], array_values(array_filter($this->mirrorFiles($target, $ben), static fn (string $f): bool => str_contains($f, 'ben.txt'))), 'ben no longer holds it');
		$this->assertCount(1, $this->trashCopies($target, $ben, 'Disk/Album/ben.txt'));
		$this->assertSame('uploaded by ben', (string)file_get_contents($this->mirrorPath($target, $anna, 'moved-home.txt')));

		// deleted by anna: one storage, gone for both; each copy goes to its user's mirror trash
		$this->assertSame(204, $this->dav()->delete($anna, 'Disk/Photos/anna.jpg')->status);
		$this->processOk();
		foreach ([$anna, $ben] as $user) {
			$this->assertNotContains('Disk/Photos/anna.jpg', $this->mirrorFiles($target, $user), $user);
			$this->assertCount(1, $this->trashCopies($target, $user, 'Disk/Photos/anna.jpg'), "in $user's mirror trash");
		}
		// anna restores it from the sidebar: back on the storage byte for byte, and copied again for ben
		$photos = $this->dav()->fileId($anna, 'Disk/Photos');
		$deleted = $this->ocs($anna, 'GET', '/files/' . $photos . '/history');
		$this->assertSame(['anna.jpg'], array_column($deleted['data']['deleted'] ?? [], 'path'), json_encode($deleted));
		$back = $this->ocs($anna, 'POST', '/files/' . $photos . '/restore-deleted', ['ids' => [$deleted['data']['deleted'][0]['id']]]);
		$this->assertSame([200, 1], [$back['status'], $back['data']['restored'] ?? null], json_encode($back));
		$this->processOk();
		$this->assertDiskOnDrive($target, $anna, 'Disk');
		$this->assertDiskOnDrive($target, $ben, 'Disk');

		// switched off: the copies stay until the reconcile moves them to each user's mirror trash
		$this->occOk(['mirror:external:set', $this->mountId, 'off']);
		$this->processOk();
		$this->assertDiskOnDrive($target, $ben, 'Disk');
		$this->cron([self::JOB_RECONCILE]);
		$this->processOk();
		$this->assertSame(['moved-home.txt'], $this->mirrorFiles($target, $anna), 'her own file stays');
		$this->assertSame([], $this->mirrorFiles($target, $ben));
		foreach ([$anna, $ben] as $user) {
			$this->assertCount(1, $this->trashCopies($target, $user, 'Disk/before.txt'), $user);
		}
		$this->assertSame(['Photos/anna.jpg', 'before.txt', 'behind.bin'], self::filesBelow($this->disk), 'the storage itself was left alone');
	}

	public function testAStorageMountedForAGroupIsMirroredForEachMember(): void {
		$mum = $this->user('sevmum');
		$kid = $this->user('sevkid');
		$this->occOk(['group:add', 'sevfamily']);
		$this->occOk(['group:adduser', 'sevfamily', $mum]);
		$this->occOk(['group:adduser', 'sevfamily', $kid]);
		$this->occOk(['files_external:applicable', $this->mountId, '--add-group', 'sevfamily']);
		$target = $this->newTarget('external-group');
		mkdir($this->disk . '/Scans');
		file_put_contents($this->disk . '/Scans/letter.pdf', random_bytes(9000));

		$on = $this->occOk(['mirror:external:set', $this->mountId, 'users']);
		$this->assertStringContainsString('(2 copies)', $on->stdout);
		$this->dav()->put($kid, 'Disk/kid.txt', 'uploaded by a member');
		$this->processOk();
		$this->assertDiskOnDrive($target, $mum, 'Disk');
		$this->assertDiskOnDrive($target, $kid, 'Disk');
		$this->assertSame(['kid.txt' => 'replicated'], $this->badges($mum, 'Disk'));
	}

	/** Forgets one user's record of a copy (as if it had never been made), straight in the database. */
	private function dropCopyRecord(array $target, string $user, string $path): void {
		$this->assertSame(1, self::nc()->execute('DELETE FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ? AND path_hash = ?', [(int)$target['id'], $user, md5($path)]));
	}
}
