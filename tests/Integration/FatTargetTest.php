<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A FAT-formatted drive (mkfs.vfat image mounted with fusefat), as many USB drives come: a name FAT refuses is a
 * clear per-file error and everything else is mirrored (issue item 7).
 *
 * FAT has no Unix modes (not checked) and keeps times to 2 s (checked with 2 s slack). fusefat also restamps a
 * file's mtime around a rename: after `mv D/.a.part D/a.pdf`, creating another file in D sets a.pdf's mtime to
 * the current time (plain shell commands show it), so the engine has to cope.
 */
final class FatTargetTest extends IntegrationTestCase {
	use DriveListings;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public function testNamesFatRefusesAreMirroredUnderTheirLookAlikes(): void {
		$uid = $this->user('fatuser');
		$mountPoint = $this->freshDir('fat-drive');
		$this->mounts->fat(self::nc()->base . '/images/fat.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat');
		$filesystem = $this->listedTarget((int)$target['id'])['state']['filesystem'] ?? [];
		$this->assertSame(true, $filesystem['encodesNames'] ?? null, json_encode($filesystem));
		// a FAT that takes Unicode names gets look-alikes; fusefat takes neither, and gets %3A
		$lookalike = ($filesystem['encoding'] ?? null) === 'lookalike';

		$this->dav()->mkdirs($uid, 'Docs/Sub');
		$good = ['Docs/report.pdf' => random_bytes(40_000), 'Docs/Sub/notes.txt' => 'fine', 'top.jpg' => random_bytes(20_000)];
		// what FAT refuses, and the name it is kept under on the drive (rclone's look-alikes)
		$encoded = $lookalike ? [
			'Docs/meeting 10:30.txt' => "Docs/meeting 10\u{FF1A}30.txt",
			'Docs/what?.txt' => "Docs/what\u{FF1F}.txt",
			'Docs/Sub/a<b>.txt' => "Docs/Sub/a\u{FF1C}b\u{FF1E}.txt",
			'Party: 2024?.jpg' => "Party\u{FF1A} 2024\u{FF1F}.jpg",
		] : [
			'Docs/meeting 10:30.txt' => 'Docs/meeting 10%3A30.txt',
			'Docs/what?.txt' => 'Docs/what%3F.txt',
			'Docs/Sub/a<b>.txt' => 'Docs/Sub/a%3Cb%3E.txt',
			'Party: 2024?.jpg' => 'Party%3A 2024%3F.jpg',
		];
		foreach ($good + $encoded as $path => $content) {
			$this->dav()->put($uid, $path, isset($encoded[$path]) ? 'content of ' . $path : $content, 1_650_000_001); // odd second: FAT rounds to 2 s
		}

		$run = $this->processOk(['--output=json']);
		$this->assertSame(0, $run->json()['failed'] ?? null, $run->describe());
		foreach (array_keys($good) as $path) {
			$this->assertMirrored($target, $uid, $path, false, 2);
		}
		foreach ($encoded as $path => $onDrive) {
			$this->assertSame('content of ' . $path, file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$path is on the drive as $onDrive");
		}
		$this->assertNoTempFiles($target);
		$this->assertSame(count($good) + count($encoded), $this->userStatus($uid, (int)$target['id'])['replicated']);
		$this->assertSame(0, $this->occ(['mirror:verify', '--target=' . $target['id']])->exitCode, 'verify finds them under their drive names');

		// renames and deletions of such files keep working
		$this->dav()->move($uid, 'Docs/what?.txt', 'Docs/why?.txt');
		$this->dav()->delete($uid, 'Party: 2024?.jpg');
		$this->processOk();
		$this->assertFileExists($this->mirrorPath($target, $uid, $lookalike ? "Docs/why\u{FF1F}.txt" : 'Docs/why%3F.txt'));
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, $encoded['Docs/what?.txt']));
		$this->assertCount(1, $this->trashCopies($target, $uid, $encoded['Party: 2024?.jpg']), 'a deletion goes to the trash under the drive name');
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $uid . '.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, "the manifest names the files as they are on the drive:\n" . implode("\n", $out));
	}

	/**
	 * fusefat ignores case as every FAT does ("A.jpg" opens "a.jpg"), and takes no look-alike: names it
	 * refuses become %XX, a name the drive takes for another's gets " (case 2)". The drive's listings
	 * (scandir: the names as stored) and the bytes behind each name prove that none was lost.
	 */
	public function testReservedNamesAndCaseTwinsAreAllKeptAndComeBack(): void {
		$uid = $this->user('fattwins');
		$mountPoint = $this->freshDir('fat-twins');
		$this->mounts->fat(self::nc()->base . '/images/fat-twins.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-twins');
		$filesystem = $this->listedTarget((int)$target['id'])['state']['filesystem'] ?? [];
		$this->assertSame([true, 'percent'], [$filesystem['caseInsensitive'] ?? null, $filesystem['encoding'] ?? null], json_encode($filesystem));
		$this->assertStringContainsString('case-insensitive', $this->occOk(['mirror:status'])->stdout, 'mirror:status shows it');

		// Nextcloud path => where it must be on the drive (a backslash Nextcloud itself refuses in a name)
		$expected = [
			'Names/colon:.txt' => 'Names/colon%3A.txt',
			'Names/star*.txt' => 'Names/star%2A.txt',
			'Names/question?.txt' => 'Names/question%3F.txt',
			'Names/quote".txt' => 'Names/quote%22.txt',
			'Names/less<.txt' => 'Names/less%3C.txt',
			'Names/more>.txt' => 'Names/more%3E.txt',
			'Names/pipe|.txt' => 'Names/pipe%7C.txt',
			'Names/notes.' => 'Names/notes%2E',
			'Names/draft ' => 'Names/draft%20',
			'Pics/a.jpg' => 'Pics/a.jpg',
			'Pics/A.jpg' => 'Pics/A (case 2).jpg',
			'Pics/c.jpg' => 'Pics/c.jpg',
			'Pics/C.jpg' => 'Pics/C (case 2).jpg',
			'Pics/e.jpg' => 'Pics/e.jpg',
			'Pics/E.jpg' => 'Pics/E (case 2).jpg',
			'Photos/x.jpg' => 'Photos/x.jpg',
			'photos/x.jpg' => 'photos (case 2)/x.jpg',
			'photos/y.jpg' => 'photos (case 2)/y.jpg',
		];
		$this->dav()->mkdirs($uid, 'Names');
		$this->dav()->mkdirs($uid, 'Pics');
		$this->dav()->mkdirs($uid, 'Photos');
		$this->dav()->mkdirs($uid, 'photos');
		$bytes = [];
		foreach (array_keys($expected) as $path) {
			$this->dav()->put($uid, $path, $bytes[$path] = $path . ':' . random_bytes(3000), 1_650_000_000)->expect(201);
		}

		// one run, one batch: the twins are staged side by side before any is in place
		$run = $this->processOk(['--output=json']);
		$this->assertSame(0, $run->json()['failed'] ?? null, $run->describe());
		$this->assertSame(['Names', 'Photos', 'Pics', 'photos (case 2)'], self::entries($this->mirrorPath($target, $uid)));
		$this->assertSame(['A (case 2).jpg', 'C (case 2).jpg', 'E (case 2).jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		foreach ($expected as $path => $onDrive) {
			$this->assertSame($bytes[$path], file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$path is on the drive as $onDrive");
		}
		$this->assertSame(count($expected), $this->userStatus($uid, (int)$target['id'])['replicated']);
		$this->assertNoTempFiles($target);
		$this->assertVerifiedAndListed($target, $uid);

		// the same places on the next comparison: nothing moves, no third name appears
		$this->occOk(['mirror:resync', '--user=' . $uid]);
		$again = $this->processOk(['--output=json']);
		$this->assertSame(0, $again->json()['failed'] ?? null, $again->describe());
		$this->assertSame(['A (case 2).jpg', 'C (case 2).jpg', 'E (case 2).jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		$this->assertSame(['x.jpg', 'y.jpg'], self::entries($this->mirrorPath($target, $uid, 'photos (case 2)')));
		$this->assertSame([], self::entries($target['path'] . '/' . self::TRASH), 'nothing was replaced');

		// a file really named like a suffixed twin: the records say whose that place is, and it gets its own
		$this->dav()->put($uid, 'Pics/A (case 2).jpg', $bytes['Pics/A (case 2).jpg'] = 'literal:' . random_bytes(2000), 1_650_000_000)->expect(201);
		$expected['Pics/A (case 2).jpg'] = 'Pics/A (case 2) (case 2).jpg';
		$this->processOk();
		$this->assertSame(['A (case 2) (case 2).jpg', 'A (case 2).jpg', 'C (case 2).jpg', 'E (case 2).jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		$this->assertSame($bytes['Pics/A.jpg'], file_get_contents($this->mirrorPath($target, $uid, 'Pics/A (case 2).jpg')), 'the twin is not overwritten');
		$this->assertSame($bytes['Pics/A (case 2).jpg'], file_get_contents($this->mirrorPath($target, $uid, 'Pics/A (case 2) (case 2).jpg')));

		// renames: an encoded file, a suffixed twin, a suffixed folder
		$this->dav()->move($uid, 'Names/colon:.txt', 'Names/colon 2:.txt')->expect(201);
		$this->dav()->move($uid, 'Pics/A.jpg', 'Pics/Renamed.jpg')->expect(201);
		$this->dav()->move($uid, 'photos', 'photos-old')->expect(201);
		$this->dav()->move($uid, 'Names/more>.txt', 'Names/MORE>.txt')->expect(201); // the same entry to the drive: renamed in place
		$this->processOk();
		$expected = $this->moved($expected, ['Names/colon:.txt' => ['Names/colon 2:.txt', 'Names/colon 2%3A.txt'], 'Pics/A.jpg' => ['Pics/Renamed.jpg', 'Pics/Renamed.jpg'],
			'Names/more>.txt' => ['Names/MORE>.txt', 'Names/MORE%3E.txt'],
			'photos/x.jpg' => ['photos-old/x.jpg', 'photos-old/x.jpg'], 'photos/y.jpg' => ['photos-old/y.jpg', 'photos-old/y.jpg']], $bytes);
		// fusefat loses a renamed folder's content (see Drive::rename): its files were renamed one by one
		$this->assertSame(['Names', 'Photos', 'Pics', 'photos (case 2)', 'photos-old'], self::entries($this->mirrorPath($target, $uid)));
		$this->assertSame([], self::entries($this->mirrorPath($target, $uid, 'photos (case 2)')));
		$this->assertSame(['x.jpg', 'y.jpg'], self::entries($this->mirrorPath($target, $uid, 'photos-old')));
		$this->assertSame(['MORE%3E.txt', 'colon 2%3A.txt', 'draft%20', 'less%3C.txt', 'notes%2E', 'pipe%7C.txt', 'question%3F.txt', 'quote%22.txt', 'star%2A.txt'],
			self::entries($this->mirrorPath($target, $uid, 'Names')));
		$this->assertSame(['A (case 2) (case 2).jpg', 'C (case 2).jpg', 'E (case 2).jpg', 'Renamed.jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		foreach ($expected as $path => $onDrive) {
			$this->assertSame($bytes[$path], file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$path is on the drive as $onDrive after the renames");
		}
		$this->assertVerifiedAndListed($target, $uid);

		// deletions go to the mirror trash under the drive's names, and come back from there
		$this->dav()->delete($uid, 'Names/star*.txt')->expect(204);
		$this->dav()->delete($uid, 'Pics/C.jpg')->expect(204);
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertSame(['A (case 2) (case 2).jpg', 'E (case 2).jpg', 'Renamed.jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		$day = date('Y-m-d');
		$trash = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . $day;
		$this->assertSame($bytes['Names/star*.txt'], file_get_contents($trash . '/Names/star%2A.txt'));
		$this->assertSame(['C (case 2).jpg'], self::entries($trash . '/Pics'));
		$this->assertSame($bytes['Pics/C.jpg'], file_get_contents($trash . '/Pics/C (case 2).jpg'));
		foreach (['Names/star*.txt', 'Pics/C.jpg'] as $path) {
			$done = $this->restore(['--user=' . $uid, '--path=' . $path, '--from-version=trash:' . $day, '--target=' . $target['id']]);
			$this->assertSame([1, 0, 0], [$done['restored'], $done['failed'], $done['exitCode']], json_encode($done));
			$this->assertSame($bytes[$path], $this->dav()->get($uid, $path), "$path comes back from the mirror trash");
		}
		$this->assertSame($bytes['Pics/c.jpg'], $this->dav()->get($uid, 'Pics/c.jpg'), 'its twin is untouched');

		// lost in Nextcloud before the worker ran: the latest copies, at their recorded places, bring them back
		$this->dav()->delete($uid, 'Names/pipe|.txt')->expect(204);
		$this->dav()->delete($uid, 'Pics/E.jpg')->expect(204);
		foreach (['Names/pipe|.txt', 'Pics/E.jpg'] as $path) {
			$done = $this->restore(['--user=' . $uid, '--path=' . $path, '--target=' . $target['id']]);
			$this->assertSame([1, 0, 0], [$done['restored'], $done['failed'], $done['exitCode']], json_encode($done));
			$this->assertSame($bytes[$path], $this->dav()->get($uid, $path), "$path comes back from its copy on the drive");
		}
		$this->processOk();
		// C.jpg, back from the trash, is a new copy and takes the free suffixed place again; E.jpg, restored
		// from its copy, was recorded at its copy's place and is not copied (no third name)
		$this->assertSame(['A (case 2) (case 2).jpg', 'C (case 2).jpg', 'E (case 2).jpg', 'Renamed.jpg', 'a.jpg', 'c.jpg', 'e.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		foreach ($expected as $path => $onDrive) {
			$this->assertSame($bytes[$path], file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$path is on the drive as $onDrive after the restores");
		}
		$this->assertVerifiedAndListed($target, $uid);

		// the database and the files are lost: the drive's manifest maps each copy back to its Nextcloud name
		$this->assertComeBackFromTheDriveAlone($target, $uid, $expected, $bytes);
	}

	/**
	 * @param array<string, string> $expected
	 * @param array<string, array{0: string, 1: string}> $moves old path => new path, new place on the drive
	 * @param array<string, string> $bytes
	 * @return array<string, string>
	 */
	private function moved(array $expected, array $moves, array &$bytes): array {
		foreach ($moves as $old => [$new, $onDrive]) {
			unset($expected[$old]);
			$expected[$new] = $onDrive;
			$bytes[$new] = $bytes[$old];
		}
		return $expected;
	}

	private function assertVerifiedAndListed(array $target, string $uid): void {
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id']]);
		$this->assertSame(0, $verify->exitCode, $verify->describe());
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $uid . '.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, "the manifest names the files as they are on the drive:\n" . implode("\n", $out));
	}

	/**
	 * fusefat loses a renamed folder's content (see Drive::rename), and moving a folder to the mirror
	 * trash is a rename: a deleted folder's copies reach the trash file by file, bytes and all.
	 */
	public function testADeletedFolderReachesTheTrashWithItsFiles(): void {
		$uid = $this->user('fatdelfolder');
		$mountPoint = $this->freshDir('fat-delfolder');
		$this->mounts->fat(self::nc()->base . '/images/fat-delfolder.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-delfolder');
		$this->dav()->mkdirs($uid, 'Album/Sub');
		$bytes = [];
		foreach (['Album/a.jpg', 'Album/Sub/b.jpg'] as $path) {
			$this->dav()->put($uid, $path, $bytes[$path] = $path . ':' . bin2hex(random_bytes(2500)), 1_650_000_000)->expect(201);
		}
		$this->processOk();
		$this->assertSame($bytes['Album/Sub/b.jpg'], file_get_contents($this->mirrorPath($target, $uid, 'Album/Sub/b.jpg')));

		$this->dav()->delete($uid, 'Album')->expect(204);
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Album'));
		$trash = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . date('Y-m-d');
		foreach ($bytes as $path => $content) {
			$this->assertSame($content, @file_get_contents($trash . '/' . $path), "$path is kept in the mirror trash");
		}
		$this->assertNoTempFiles($target);
	}

	/**
	 * An empty folder "photos" beside "Photos" (whose copies the drive holds as "Photos"): to a drive
	 * that ignores case "photos" opens "Photos", so deleting the empty one must not take the other's copies.
	 */
	public function testDeletingAnEmptyCaseTwinFolderLeavesTheOtherAlone(): void {
		$uid = $this->user('fatemptytwin');
		$mountPoint = $this->freshDir('fat-emptytwin');
		$this->mounts->fat(self::nc()->base . '/images/fat-emptytwin.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-emptytwin');
		$this->dav()->mkdirs($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/x.jpg', $bytes = 'x:' . bin2hex(random_bytes(2500)), 1_650_000_000)->expect(201);
		$this->dav()->mkdirs($uid, 'photos');
		$this->processOk();
		$this->assertSame($bytes, file_get_contents($this->mirrorPath($target, $uid, 'Photos/x.jpg')));

		$this->dav()->delete($uid, 'photos')->expect(204);
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertContains('Photos', self::entries($this->mirrorPath($target, $uid)));
		$this->assertSame($bytes, @file_get_contents($this->mirrorPath($target, $uid, 'Photos/x.jpg')), 'the other folder\'s copy stays where its record says');
		$this->assertSame(1, $this->userStatus($uid, (int)$target['id'])['replicated'] ?? null);
	}

	/**
	 * "a.jpg"'s copy was deleted on the drive, then "A.jpg" took the free name: to the drive "a.jpg" now
	 * opens "A.jpg". Deleting "a.jpg" in Nextcloud must not send "A.jpg"'s copy to the trash.
	 */
	public function testDeletingAFileWhoseCopyIsGoneLeavesItsCaseTwinsCopy(): void {
		$uid = $this->user('fatgonetwin');
		$mountPoint = $this->freshDir('fat-gonetwin');
		$this->mounts->fat(self::nc()->base . '/images/fat-gonetwin.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-gonetwin');
		$this->dav()->mkdirs($uid, 'Pics');
		$this->dav()->put($uid, 'Pics/a.jpg', 'lower:' . bin2hex(random_bytes(2000)), 1_650_000_000)->expect(201);
		$this->processOk();
		$this->assertTrue(unlink($this->mirrorPath($target, $uid, 'Pics/a.jpg')), 'someone deletes the copy on the drive');

		$this->dav()->put($uid, 'Pics/A.jpg', $upper = 'upper:' . bin2hex(random_bytes(3000)), 1_650_000_000)->expect(201);
		$this->processOk();
		$this->assertSame(['A.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')), 'the free name is taken');

		$this->dav()->delete($uid, 'Pics/a.jpg')->expect(204);
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertSame(['A.jpg'], self::entries($this->mirrorPath($target, $uid, 'Pics')));
		$this->assertSame($upper, file_get_contents($this->mirrorPath($target, $uid, 'Pics/A.jpg')), 'A.jpg\'s copy stays');
		$this->assertSame(1, $this->userStatus($uid, (int)$target['id'])['replicated'] ?? null);
	}

	public function testAFileOverFourGigabytesIsRefusedBeforeAByteIsWritten(): void {
		$uid = $this->user('fatbig');
		$mountPoint = $this->freshDir('fat-big');
		$this->mounts->fat(self::nc()->base . '/images/fat-big.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat-big');
		$this->assertSame(4 * 1024 ** 3 - 1, $this->listedTarget((int)$target['id'])['state']['filesystem']['maxFileSize'] ?? null);
		$dir = $this->sourcePath($uid, 'Videos');
		mkdir($dir, 0755, true);
		exec('truncate -s 4300000000 ' . escapeshellarg($dir . '/holiday.mp4')); // sparse: no 4 GB on this disk
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);

		$run = $this->processOk(['--output=json']);
		$this->assertSame(1, $run->json()['failed'] ?? null, $run->describe());
		$this->assertMatchesRegularExpression('/cannot hold a file/', implode("\n", $run->json()['errors']));
		$this->assertNoTempFiles($target);
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Videos/holiday.mp4'));

		// the per-file error the admin page lists says what to do about it
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/failures?format=json&targetId=' . $target['id'], 'admin',
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$failures = json_decode($r->body, true)['ocs']['data']['failures'] ?? [];
		$errors = array_column(array_filter($failures, static fn (array $f): bool => $f['userId'] === $uid), 'error');
		$this->assertCount(1, $errors, $r->body);
		$this->assertStringContainsString('reformat the drive as exFAT or ext4', (string)reset($errors));
		$this->assertStringContainsString('Videos/holiday.mp4', (string)reset($errors), 'and which file');
	}
}
