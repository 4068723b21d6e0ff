<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Restore in the Files sidebar (issue #12): users bring back an earlier version, the mirror's copy
 * or a folder's deleted files of their own files through the OCS API the Mirror tab calls, on a real
 * server; anyone else's file or trash entry does not exist for them.
 */
final class SidebarRestoreTest extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/**
	 * @return list<array<string, mixed>> the history's entries of one kind on one target
	 */
	private function history(string $uid, int $fileId, string $kind, array $target): array {
		$answer = $this->ocs($uid, 'GET', '/files/' . $fileId . '/history');
		$this->assertSame(200, $answer['status'], json_encode($answer));
		// other tests' targets may still be enabled: this one's
		return array_values(array_filter($answer['data'][$kind], static fn (array $e): bool => $e['targetId'] === (int)$target['id']));
	}

	public function testAnEarlierVersionComesBackNextToTheCurrentFileAndOnlyForItsOwner(): void {
		$alice = $this->user('sidebar-alice');
		$bob = $this->user('sidebar-bob');
		$target = $this->newTarget('sidebar-version');
		$this->dav()->mkcol($alice, 'Photos');
		$this->dav()->put($alice, 'Photos/photo.jpg', $original = "\xFF\xD8\xFF" . random_bytes(6000), 1_700_000_000);
		$this->dav()->put($bob, 'mine.txt', 'bob\'s own');
		$this->processOk();
		$this->dav()->put($alice, 'Photos/photo.jpg', $edited = "\xFF\xD8\xFF" . random_bytes(6100), 1_750_000_000);
		$this->processOk(); // the original goes to the drive's trash

		$fileId = $this->dav()->fileId($alice, 'Photos/photo.jpg');
		$versions = $this->history($alice, $fileId, 'versions', $target);
		$this->assertCount(1, $versions, json_encode($versions));
		$trashId = $versions[0]['id'];
		$this->assertTrue($this->ocs($alice, 'GET', '/files/' . $fileId . '/history')['data']['restorable']);
		$this->assertIsInt($trashId);

		// nobody else restores it, not even bob, who sees it through a share; and no one borrows alice's version for their own file
		$this->dav()->shareWithUser($alice, 'Photos', $bob);
		$this->dav()->acceptPendingShares($bob);
		$shared = $this->ocs($bob, 'GET', '/files/' . $fileId . '/history');
		$this->assertSame([200, false], [$shared['status'], $shared['data']['restorable'] ?? null], 'bob sees the versions of the shared file, but may not restore');
		$this->assertSame(404, $this->ocs($bob, 'POST', '/files/' . $fileId . '/restore', ['trashId' => $trashId])['status'], 'alice\'s file, shared with bob, is not his to restore');
		$this->assertSame(404, $this->ocs($bob, 'POST', '/files/' . $fileId . '/restore', ['targetId' => (int)$target['id']])['status']);
		$bobsFile = $this->dav()->fileId($bob, 'mine.txt');
		$this->assertSame(404, $this->ocs($bob, 'POST', '/files/' . $bobsFile . '/restore', ['trashId' => $trashId])['status'], 'alice\'s version is not one of bob\'s file');
		$this->assertSame(404, $this->ocs($alice, 'POST', '/files/' . $fileId . '/restore', ['trashId' => $trashId + 100000])['status'], 'no such version');
		$this->assertSame(400, $this->ocs($alice, 'POST', '/files/' . $fileId . '/restore', [])['status'], 'neither a version nor a drive');
		$this->assertSame(400, $this->ocs($alice, 'POST', '/files/' . $fileId . '/restore', ['trashId' => 'x'])['status']);
		$this->assertSame(1, count(glob($this->sourcePath($alice, 'Photos') . '/*') ?: []), 'nothing written by the refused requests');

		$done = $this->ocs($alice, 'POST', '/files/' . $fileId . '/restore', ['trashId' => $trashId]);
		$this->assertSame(200, $done['status'], json_encode($done));
		$this->assertSame([1, 0, 0, 0], [$done['data']['restored'], $done['data']['skipped'], $done['data']['mismatched'], $done['data']['failed']], json_encode($done));
		$restored = $done['data']['files'][0];
		$this->assertSame(['Photos/photo.jpg', 'Photos/photo (restored).jpg', 'restored'], [$restored['path'], $restored['to'], $restored['result']]);
		$this->assertSame($this->dav()->fileId($alice, 'Photos/photo (restored).jpg'), $restored['fileId']);
		$this->assertSame($original, $this->dav()->get($alice, 'Photos/photo (restored).jpg'), 'the original bytes');
		$this->assertSame(1_700_000_000, $this->nextcloudMtime($alice, 'Photos/photo (restored).jpg'), 'and its modification time');
		$this->assertSame($edited, $this->dav()->get($alice, 'Photos/photo.jpg'), 'the current file is untouched');
		$this->assertSame($fileId, $this->dav()->fileId($alice, 'Photos/photo.jpg'));
		$this->assertStringNotContainsString($target['path'], json_encode($done), 'never a path on the server');

		// asked again: the same bytes are there already, nothing new
		$again = $this->ocs($alice, 'POST', '/files/' . $fileId . '/restore', ['trashId' => $trashId]);
		$this->assertSame([200, 0, 1, 'already_there'], [$again['status'], $again['data']['restored'], $again['data']['skipped'], $again['data']['files'][0]['reason']], json_encode($again));
		$this->assertFileDoesNotExist($this->sourcePath($alice, 'Photos/photo (restored 2).jpg'));

		$this->processOk();
		$this->assertMirrored($target, $alice, 'Photos/photo (restored).jpg');
	}

	public function testTheMirrorCopyComesBackWhenNextcloudsCopyDiffersAndAFailedChecksumIsAClearError(): void {
		$uid = $this->user('sidebar-copy');
		$target = $this->newTarget('sidebar-copy');
		$this->dav()->put($uid, 'letter.txt', 'the good letter', 1_710_000_000);
		$this->processOk();
		$this->dav()->put($uid, 'letter.txt', 'encrypted garbage!'); // damaged, the worker has not run yet
		$fileId = $this->dav()->fileId($uid, 'letter.txt');

		$status = $this->ocs($uid, 'GET', '/files/' . $fileId);
		$onTarget = array_values(array_filter($status['data']['targets'], static fn (array $t): bool => $t['id'] === (int)$target['id']))[0];
		$this->assertFalse($onTarget['current'], 'the tab knows the copy differs: it offers "Restore the mirror copy"');

		$done = $this->ocs($uid, 'POST', '/files/' . $fileId . '/restore', ['targetId' => (int)$target['id']]);
		$this->assertSame(200, $done['status'], json_encode($done));
		$this->assertSame('letter (restored).txt', $done['data']['files'][0]['to']);
		$this->assertSame('the good letter', $this->dav()->get($uid, 'letter (restored).txt'));
		$this->assertSame('encrypted garbage!', $this->dav()->get($uid, 'letter.txt'), 'never over the current file');
		$this->assertSame(1_710_000_000, $this->nextcloudMtime($uid, 'letter (restored).txt'));
		$this->assertSame(404, $this->ocs($uid, 'POST', '/files/' . $fileId . '/restore', ['targetId' => (int)$target['id'] + 1000])['status'], 'no such drive');

		// bit rot on the drive: refused with a clear message, nothing written
		file_put_contents($this->mirrorPath($target, $uid, 'letter.txt'), 'THE GOOD LETTER');
		$this->dav()->delete($uid, 'letter (restored).txt');
		$rotten = $this->ocs($uid, 'POST', '/files/' . $fileId . '/restore', ['targetId' => (int)$target['id']]);
		$this->assertSame(409, $rotten['status'], json_encode($rotten));
		$this->assertStringContainsString('does not match the checksum', $rotten['data']['message']);
		$this->assertStringNotContainsString($target['path'], json_encode($rotten));
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'letter (restored).txt'), 'never a silent bad restore');
	}

	public function testAFoldersDeletedFilesComeBackByteIdenticalAndAreCopiedAgainByTheWorker(): void {
		$uid = $this->user('sidebar-folder');
		$other = $this->user('sidebar-other');
		$target = $this->newTarget('sidebar-folder');
		$this->dav()->mkdirs($uid, 'Holiday/Day 1');
		$files = [];
		foreach (['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'Day 1/e.jpg'] as $i => $name) {
			$files['Holiday/' . $name] = random_bytes(2000 + $i);
			$this->dav()->put($uid, 'Holiday/' . $name, $files['Holiday/' . $name], 1_720_000_000 + $i);
		}
		$this->dav()->put($uid, 'Holiday/kept.jpg', 'still here');
		$this->processOk();
		foreach (array_keys($files) as $path) {
			$this->dav()->delete($uid, $path);
		}
		$this->occOk(['trashbin:cleanup', $uid]); // gone from Nextcloud's trash bin too
		$this->processOk();
		$inodes = [];
		foreach (array_keys($files) as $path) {
			$this->assertFileDoesNotExist($this->sourcePath($uid, $path));
			$copies = $this->trashCopies($target, $uid, $path);
			$this->assertCount(1, $copies, $path);
			$inodes[$path] = self::inode(reset($copies));
		}

		$folderId = $this->dav()->fileId($uid, 'Holiday');
		$preview = $this->history($uid, $folderId, 'deleted', $target);
		$this->assertEqualsCanonicalizing(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'Day 1/e.jpg'], array_column($preview, 'path'), 'the preview lists what would come back');
		$this->assertSame(404, $this->ocs($other, 'POST', '/files/' . $folderId . '/restore-deleted', [])['status'], 'someone else\'s folder');
		$this->dav()->mkcol($other, 'Mine');
		$this->assertSame(404, $this->ocs($other, 'POST', '/files/' . $this->dav()->fileId($other, 'Mine') . '/restore-deleted', ['ids' => [$preview[0]['id']]])['status'],
			'someone else\'s deleted file');
		$this->assertSame(400, $this->ocs($uid, 'POST', '/files/' . $folderId . '/restore-deleted', ['ids' => 'all'])['status']);
		$this->assertSame(404, $this->ocs($uid, 'POST', '/files/' . $this->dav()->fileId($uid, 'Holiday/Day 1') . '/restore-deleted', ['ids' => array_column($preview, 'id')])['status'],
			'a.jpg was not deleted from "Day 1"');

		// one chosen, then all that are left
		$one = array_values(array_filter($preview, static fn (array $e): bool => $e['path'] === 'a.jpg'))[0];
		$first = $this->ocs($uid, 'POST', '/files/' . $folderId . '/restore-deleted', ['ids' => [$one['id']]]);
		$this->assertSame([200, 1], [$first['status'], $first['data']['restored']], json_encode($first));
		$this->assertSame($files['Holiday/a.jpg'], $this->dav()->get($uid, 'Holiday/a.jpg'));
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'Holiday/b.jpg'), 'only the one chosen');

		$rest = $this->ocs($uid, 'POST', '/files/' . $folderId . '/restore-deleted');
		$this->assertSame(200, $rest['status'], json_encode($rest));
		$this->assertSame([4, 0, 0, 0, false], [$rest['data']['restored'], $rest['data']['skipped'], $rest['data']['mismatched'], $rest['data']['failed'], $rest['data']['more']], json_encode($rest));
		foreach ($files as $path => $bytes) {
			$this->assertSame($bytes, $this->dav()->get($uid, $path), $path . ' comes back byte-identical');
			$this->assertSame($this->dav()->fileId($uid, $path), self::restoredFileId([...$first['data']['files'], ...$rest['data']['files']], $path), $path);
		}
		$this->assertSame(1_720_000_004, $this->nextcloudMtime($uid, 'Holiday/Day 1/e.jpg'));
		$this->assertSame('still here', $this->dav()->get($uid, 'Holiday/kept.jpg'));
		$this->assertSame([], $this->history($uid, $folderId, 'deleted', $target), 'nothing left to restore');

		$this->processOk();
		foreach (array_keys($files) as $path) {
			$this->assertMirrored($target, $uid, $path);
			// a web request writes nothing to the drive (not race-free there): the copy stays in the drive's
			// trash, and the worker copies the restored file as a new one (admin and occ restores put it back)
			$this->assertNotSame($inodes[$path], self::inode($this->mirrorPath($target, $uid, $path)), $path . ': copied again by the worker, not moved by the web request');
			$this->assertSame([$inodes[$path]], array_map(self::inode(...), array_values($this->trashCopies($target, $uid, $path))), $path . ': its copy in the drive\'s trash is left as it was');
		}
		$status = $this->ocs($uid, 'GET', '/files/' . $folderId);
		$onTarget = array_values(array_filter($status['data']['folder']['targets'], static fn (array $t): bool => $t['id'] === (int)$target['id']))[0];
		$this->assertSame([6, 0, 0], [$onTarget['replicated'], $onTarget['pending'], $onTarget['failed']], json_encode($onTarget));
	}

	public function testSomeoneAFolderIsSharedWithSeesItsHistoryFromTheShareOn(): void {
		$alice = $this->user('sidebar-owner');
		$bob = $this->user('sidebar-sharee');
		$target = $this->newTarget('sidebar-shared');
		$this->dav()->mkcol($alice, 'Family');
		foreach (['before.jpg', 'after.jpg', 'kept.jpg'] as $name) {
			$this->dav()->put($alice, 'Family/' . $name, random_bytes(3000), 1_730_000_000);
		}
		$this->processOk();
		$this->dav()->put($alice, 'Family/kept.jpg', random_bytes(3100)); // an earlier version of kept.jpg, before the share
		$this->dav()->delete($alice, 'Family/before.jpg'); // deleted before the share: never shared
		$this->processOk();
		sleep(1); // a share's time is in seconds: made in a later second than what was trashed before it
		$this->dav()->shareWithUser($alice, 'Family', $bob);
		$this->dav()->acceptPendingShares($bob);
		sleep(1);
		$this->dav()->delete($alice, 'Family/after.jpg');
		$this->processOk();

		$folderId = $this->dav()->fileId($alice, 'Family');
		$this->assertEqualsCanonicalizing(['before.jpg', 'after.jpg'], array_column($this->history($alice, $folderId, 'deleted', $target), 'path'), 'the owner sees both');
		$this->assertSame(['after.jpg'], array_column($this->history($bob, $folderId, 'deleted', $target), 'path'), 'bob sees what was deleted since it was shared with him');
		$kept = $this->dav()->fileId($alice, 'Family/kept.jpg');
		$this->assertCount(1, $this->history($alice, $kept, 'versions', $target));
		$this->assertSame([], $this->history($bob, $kept, 'versions', $target), 'nor an earlier version from before the share');

		$this->dav()->put($alice, 'Family/kept.jpg', random_bytes(3200)); // a version made after the share
		$this->processOk();
		$this->assertCount(2, $this->history($alice, $kept, 'versions', $target));
		$this->assertCount(1, $this->history($bob, $kept, 'versions', $target), 'a version from after the share is shown');
		$this->assertSame(404, $this->ocs($bob, 'POST', '/files/' . $folderId . '/restore-deleted')['status'], 'and only the owner restores');
	}

	/**
	 * @param list<array{path: string, fileId: int|null}> $files
	 */
	private static function restoredFileId(array $files, string $path): ?int {
		foreach ($files as $file) {
			if ($file['path'] === $path) {
				return $file['fileId'];
			}
		}
		return null;
	}
}
