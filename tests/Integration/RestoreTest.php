<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Restore (issue "Restore"): files come back from the mirror drive into Nextcloud through its Files
 * API, checked against their recorded sha256, on a real server.
 */
final class RestoreTest extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	private function restore(array $args): array {
		$r = $this->occ(['mirror:restore', '--output=json', ...$args]);
		$json = $r->json();
		$this->assertIsArray($json, $r->describe());
		return $json + ['exitCode' => $r->exitCode];
	}

	public function testADeletedFolderWhoseNextcloudTrashWasEmptiedComesBackFromTheMirrorTrash(): void {
		$uid = $this->user('forgetful');
		$target = $this->newTarget('restore-trash');
		$this->dav()->mkdirs($uid, 'Photos/2025');
		$this->dav()->put($uid, 'Photos/2025/a.jpg', $a = random_bytes(3000), 1_700_000_000);
		$this->dav()->put($uid, 'Photos/2025/b.jpg', $b = random_bytes(5000), 1_700_000_100);
		$this->processOk();
		$this->dav()->delete($uid, 'Photos/2025');
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'Photos/2025/a.jpg'));

		$day = 'trash:' . date('Y-m-d');
		$dry = $this->restore(['--user=' . $uid, '--path=Photos/2025', '--from-version=' . $day, '--target=' . $target['id'], '--dry-run']);
		$this->assertSame(2, $dry['restored']);
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'Photos/2025/a.jpg'), 'a dry run writes nothing');

		$done = $this->restore(['--user=' . $uid, '--path=Photos/2025', '--from-version=' . $day, '--target=' . $target['id']]);
		$this->assertSame([2, 0, 0, 0, 0], [$done['restored'], $done['skipped'], $done['mismatched'], $done['failed'], $done['exitCode']], json_encode($done));
		$this->assertSame($a, $this->dav()->get($uid, 'Photos/2025/a.jpg'));
		$this->assertSame($b, $this->dav()->get($uid, 'Photos/2025/b.jpg'));
		$this->assertSame(1_700_000_100, $this->nextcloudMtime($uid, 'Photos/2025/b.jpg'), 'the modification time comes back too');

		// their copies left the trash for their places in the mirror: recorded there, not copied again
		$inode = self::inode($this->mirrorPath($target, $uid, 'Photos/2025/a.jpg'));
		$this->assertSame([], $this->trashCopies($target, $uid, 'Photos/2025/a.jpg'));
		$again = $this->restore(['--user=' . $uid, '--path=Photos/2025', '--from-version=' . $day, '--target=' . $target['id']]);
		$this->assertSame([0, 0, 0], [$again['restored'], $again['skipped'], $again['exitCode']], 'run again, it writes nothing twice');
		$this->processOk();
		$this->assertSame($inode, self::inode($this->mirrorPath($target, $uid, 'Photos/2025/a.jpg')));
		$this->assertUserMirrored($target, $uid);
	}

	public function testAFileOfTheMirrorTrashMovedAsideForADatedFolderIsStillListedAndRestoredByteForByte(): void {
		$uid = $this->user('aside');
		$target = $this->newTarget('restore-aside');
		$this->dav()->put($uid, 'Photos', $file = random_bytes(2500), 1_700_000_000); // a file called Photos
		$this->processOk();
		$this->dav()->delete($uid, 'Photos');
		$this->processOk();
		$day = date('Y-m-d');
		$trash = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . $day;
		$this->assertSame(hash('sha256', $file), hash_file('sha256', $trash . '/Photos'));

		// the same day, a folder Photos whose file is deleted: the dated folder <day>/Photos/ must take the name
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->dav()->mkdirs($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/a.jpg', $a = random_bytes(1800));
		$this->dav()->put($uid, 'Photos/b.jpg', random_bytes(1900));
		$this->processOk();
		$this->dav()->delete($uid, 'Photos/a.jpg');
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		clearstatcache();
		$this->assertSame(hash('sha256', $a), hash_file('sha256', $trash . '/Photos/a.jpg'));
		$this->assertSame(hash('sha256', $file), hash_file('sha256', $trash . '/Photos (2)'), 'the file moved aside');

		// its record names its new place: listed there, and restored from there
		$listed = $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json();
		$this->assertEqualsCanonicalizing([$day . '/Photos (2)', $day . '/Photos/a.jpg'], array_column($listed, 'trashPath'), json_encode($listed));
		$done = $this->restore(['--user=' . $uid, '--path=Photos', '--from-version=trash:' . $day, '--target=' . $target['id']]);
		$this->assertSame([2, 0, 0, 0], [$done['restored'], $done['mismatched'], $done['failed'], $done['exitCode']], json_encode($done));
		$this->assertSame($file, $this->dav()->get($uid, 'Photos (restored)'), 'the file, beside the folder that took its name, byte for byte');
		$this->assertSame($a, $this->dav()->get($uid, 'Photos/a.jpg'));
	}

	public function testPhotosOverwrittenInNextcloudGetTheirMirrorCopyBackWhichIsNotCopiedAgain(): void {
		$uid = $this->user('overwritten');
		$target = $this->newTarget('restore-latest');
		$this->dav()->put($uid, 'a.jpg', $a = "\xFF\xD8\xFF" . random_bytes(4000));
		$this->dav()->put($uid, 'b.jpg', $b = "\xFF\xD8\xFF" . random_bytes(4000));
		$this->processOk();
		$inode = self::inode($this->mirrorPath($target, $uid, 'a.jpg'));
		$this->dav()->put($uid, 'a.jpg', random_bytes(4003)); // damaged before the worker ran

		$done = $this->restore(['--user=' . $uid, '--overwrite', '--target=' . $target['id']]);
		$this->assertSame([1, 1], [$done['restored'], $done['skipped']], json_encode($done));
		$this->assertSame($a, $this->dav()->get($uid, 'a.jpg'));
		$this->assertSame($b, $this->dav()->get($uid, 'b.jpg'));

		$this->processOk();
		$this->assertSame($inode, self::inode($this->mirrorPath($target, $uid, 'a.jpg')), 'byte-identical on the mirror: recorded, not copied back');
		$this->assertSame([], $this->trashCopies($target, $uid, 'a.jpg'));
	}

	public function testByDefaultADifferentFileIsNeverOverwritten(): void {
		$uid = $this->user('careful');
		$target = $this->newTarget('restore-beside');
		$this->dav()->put($uid, 'letter.txt', 'the one on the mirror');
		$this->processOk();
		$this->dav()->put($uid, 'letter.txt', 'edited since');

		$done = $this->restore(['--user=' . $uid, '--target=' . $target['id']]);
		$this->assertSame(1, $done['restored'], json_encode($done));
		$this->assertSame('edited since', $this->dav()->get($uid, 'letter.txt'));
		$this->assertSame('the one on the mirror', $this->dav()->get($uid, 'letter (restored).txt'));
	}

	public function testACopyThatFailsItsChecksumIsReportedAndNotRestored(): void {
		$uid = $this->user('rotten');
		$target = $this->newTarget('restore-rot');
		$this->dav()->put($uid, 'good.txt', 'fine');
		$this->dav()->put($uid, 'bad.txt', 'original bytes');
		$this->processOk();
		file_put_contents($this->mirrorPath($target, $uid, 'bad.txt'), 'ORIGINAL BYTES'); // bit rot, same size
		$this->dav()->delete($uid, 'bad.txt');
		$this->dav()->delete($uid, 'good.txt');

		$done = $this->restore(['--user=' . $uid, '--target=' . $target['id']]);
		$this->assertSame([1, 1, 1], [$done['restored'], $done['mismatched'], $done['exitCode']], json_encode($done));
		$this->assertSame('fine', $this->dav()->get($uid, 'good.txt'));
		$this->assertFileDoesNotExist($this->sourcePath($uid, 'bad.txt'), 'never restored without saying so');
	}

	public function testEveryUserComesBackAfterTheDataDriveDied(): void {
		$alice = $this->user('drive-alice');
		$bob = $this->user('drive-bob');
		$target = $this->newTarget('restore-all');
		$this->dav()->mkdirs($alice, 'Photos');
		$this->dav()->put($alice, 'Photos/x.jpg', $x = random_bytes(7000));
		$this->dav()->put($bob, 'notes.txt', 'bob\'s notes');
		$this->processOk();
		// the data drive died: the files are gone, Nextcloud's file cache learns it from a scan
		foreach ([$alice, $bob] as $uid) {
			exec('rm -rf ' . escapeshellarg(self::nc()->userFilesDir($uid)) . '/*');
			$this->occOk(['files:scan', $uid]);
		}
		$this->assertFileDoesNotExist($this->sourcePath($alice, 'Photos/x.jpg'));

		$done = $this->restore(['--all-users', '--target=' . $target['id']]);
		$this->assertSame(0, $done['mismatched'] + $done['failed'], json_encode($done));
		$this->assertGreaterThanOrEqual(2, $done['restored']);
		$this->assertSame($x, $this->dav()->get($alice, 'Photos/x.jpg'));
		$this->assertSame('bob\'s notes', $this->dav()->get($bob, 'notes.txt'));
	}

	public function testTheDriveDescribesItselfAndIsEnoughWhenTheDatabaseIsLost(): void {
		$uid = $this->user('described');
		$target = $this->newTarget('manifest');
		$this->dav()->mkdirs($uid, 'Photos/2026');
		$files = ['Photos/2026/a.jpg' => random_bytes(3000), 'Photos/2026/b c.jpg' => random_bytes(100), 'notes.txt' => 'hello'];
		foreach ($files as $path => $bytes) {
			$this->dav()->put($uid, $path, $bytes, 1_750_000_000);
		}
		$this->processOk();

		// anyone with the drive checks it with sha256sum, on any computer
		$manifest = $target['path'] . '/.mirror-manifest/' . $uid . '.sha256';
		$this->assertFileExists($manifest);
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($manifest) . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$this->assertCount(3, array_filter($out, static fn (string $l): bool => str_ends_with($l, ': OK')));
		// the database is lost (its records), and so are the files in Nextcloud
		self::nc()->execute('DELETE FROM oc_mirror_replicas WHERE target_id = ?', [(int)$target['id']]);
		exec('rm -rf ' . escapeshellarg(self::nc()->userFilesDir($uid)) . '/*');
		$this->occOk(['files:scan', $uid]);

		$done = $this->restore(['--user=' . $uid, '--from-drive', '--target=' . $target['id']]);
		$this->assertSame(3, $done['restored'], json_encode($done));
		foreach ($files as $path => $bytes) {
			$this->assertSame($bytes, $this->dav()->get($uid, $path));
		}

		// a name planted in the manifest by a stranger is never used (and the manifest is no longer vouched for)
		$index = $target['path'] . '/.mirror-manifest/' . $uid . '.json';
		file_put_contents($index, preg_replace('/\n/', "\n\"..\/..\/..\/escape.txt\":{\"size\":1,\"mtime\":1,\"sha256\":\"" . str_repeat('a', 64) . "\"},\n", (string)file_get_contents($index), 1));
		$r = $this->occ(['mirror:restore', '--user=' . $uid, '--from-drive', '--target=' . $target['id'], '--dry-run', '--output=json']);
		$again = $r->json();
		$this->assertSame([3, 0, 'mismatch'], [$again['restored'], $again['failed'], $again['unverified'][0]['why'] ?? null], $r->describe());
		$this->assertFileDoesNotExist(dirname(self::nc()->userFilesDir($uid)) . '/escape.txt');
		$this->assertSame([], array_filter($again['files'], static fn (array $f): bool => str_contains($f['path'], 'escape')), 'the planted entry is not even looked at: ".." is refused when the manifest is read');
	}

	public function testTheManifestFollowsRenamesAndDeletionsAndACorruptCopyIsNamedBySha256sumAndVerify(): void {
		$uid = $this->user('checked');
		$target = $this->newTarget('checked');
		$this->dav()->mkdirs($uid, 'Photos/2025');
		foreach (['Photos/2025/a.jpg', 'Photos/2025/b.jpg', 'Photos/2025/c.jpg', 'notes.txt', 'old.txt'] as $path) {
			$this->dav()->put($uid, $path, random_bytes(2000) . $path, 1_750_000_000);
		}
		$this->processOk();
		// a second run with a rename, a folder rename, a deletion and a new upload
		$this->dav()->move($uid, 'notes.txt', 'Notes renamed.txt')->expect(201, 204);
		$this->dav()->move($uid, 'Photos/2025', 'Photos/Summer 2025')->expect(201, 204);
		$this->dav()->delete($uid, 'old.txt')->expect(204);
		$this->dav()->put($uid, 'Photos/new.jpg', random_bytes(5000), 1_750_000_100);
		$this->processOk();

		$manifest = $target['path'] . '/.mirror-manifest/' . $uid . '.sha256';
		$check = function () use ($target, $uid, $manifest): array {
			// a separate process, as on a family computer reading the NFS export
			exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($manifest) . ' 2>/dev/null', $out, $rc);
			return [$rc, $out];
		};
		[$rc, $out] = $check();
		$this->assertSame(0, $rc, implode("\n", $out));
		sort($out);
		$this->assertSame([
			'Notes renamed.txt: OK', 'Photos/Summer 2025/a.jpg: OK', 'Photos/Summer 2025/b.jpg: OK',
			'Photos/Summer 2025/c.jpg: OK', 'Photos/new.jpg: OK',
		], $out, 'the manifest lists the files as they are now: renamed, moved, the deleted one gone');
		$index = json_decode((string)file_get_contents($target['path'] . '/.mirror-manifest/' . $uid . '.json'), true);
		$keys = array_map('strval', array_keys($index));
		sort($keys);
		$this->assertSame(['', '..', 'Notes renamed.txt', 'Photos/Summer 2025/a.jpg', 'Photos/Summer 2025/b.jpg', 'Photos/Summer 2025/c.jpg', 'Photos/new.jpg'], $keys, 'the header, the signature and the files');

		// bit rot (or a stranger) changes one copy on the drive, keeping its size and time
		$rotten = $this->mirrorPath($target, $uid, 'Photos/Summer 2025/b.jpg');
		$mtime = filemtime($rotten);
		$bytes = (string)file_get_contents($rotten);
		$bytes[100] = $bytes[100] === 'x' ? 'y' : 'x';
		file_put_contents($rotten, $bytes);
		touch($rotten, $mtime);

		[$rc, $out] = $check();
		$this->assertNotSame(0, $rc);
		$this->assertSame(['Photos/Summer 2025/b.jpg: FAILED'], array_values(array_filter($out, static fn (string $l): bool => !str_ends_with($l, ': OK'))));
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertNotSame(0, $verify->exitCode, $verify->describe());
		$this->assertStringContainsString('Photos/Summer 2025/b.jpg', $verify->stdout, 'verify names the same file');
		$this->assertStringContainsString('1 different', $verify->stdout);
	}
}
