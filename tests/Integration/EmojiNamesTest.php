<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Names with 4-byte UTF-8 characters (emoji, as phones name albums) are mirrored, recorded and restored under
 * their own names. On MariaDB they need utf8mb4 tables (`mysql.utf8mb4`): a 3-byte `utf8` column refuses them.
 * Names that differ only in case, in an accent or in trailing spaces are different files, and stay apart in the
 * records: Nextcloud's (and so Mirror's) MariaDB tables are `utf8mb4_bin`, case and accent sensitive, but that
 * collation pads, so `path = 'Trip'` also finds `'Trip '` there; Mirror compares paths without padding.
 * Runs on the suite's database (MIRROR_DB); the databases selection (make integration-databases) runs it on
 * MariaDB and PostgreSQL.
 */
final class EmojiNamesTest extends IntegrationTestCase {
	private const FOLDER = '🌻 Garten/2025 🏖️';
	private const PHOTO = self::FOLDER . '/📷 Sommer 🌞.jpg';

	public function testEmojiNamesAreMirroredRecordedAndRestoredFromTheMirrorTrash(): void {
		$uid = $this->user('emoji');
		$target = $this->newTarget('emoji');
		$this->dav()->mkdirs($uid, self::FOLDER);
		$this->dav()->put($uid, self::PHOTO, $photo = "\xFF\xD8\xFF" . random_bytes(6000), 1_720_000_000);
		$this->dav()->put($uid, self::FOLDER . '/𝄞 Noten.txt', $notes = 'la la la');
		$this->processOk();

		$this->assertMirrored($target, $uid, self::PHOTO);
		$this->assertUserMirrored($target, $uid);
		$this->assertSame([['path' => self::PHOTO]], self::nc()->select(
			'SELECT path FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ? AND path LIKE ?', [(int)$target['id'], $uid, '%Sommer%']),
			'the database holds the name as it is, emoji included');

		$this->dav()->delete($uid, '🌻 Garten');
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		$this->assertFileDoesNotExist($this->sourcePath($uid, self::PHOTO));
		$this->assertNotSame([], $this->trashCopies($target, $uid, self::PHOTO), 'the deleted photo waits in the mirror trash');

		$r = $this->occ(['mirror:restore', '--output=json', '--user=' . $uid, '--path=🌻 Garten',
			'--from-version=trash:' . date('Y-m-d'), '--target=' . $target['id']]);
		$done = $r->json();
		$this->assertIsArray($done, $r->describe());
		$this->assertSame([2, 0, 0, 0, 0], [$done['restored'], $done['skipped'], $done['mismatched'], $done['failed'], $r->exitCode], json_encode($done));
		$this->assertSame($photo, $this->dav()->get($uid, self::PHOTO));
		$this->assertSame($notes, $this->dav()->get($uid, self::FOLDER . '/𝄞 Noten.txt'));
		$this->assertSame(1_720_000_000, $this->nextcloudMtime($uid, self::PHOTO));

		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertSame([], $this->trashCopies($target, $uid, self::PHOTO), 'restored: its copy went back from the trash to its place');
	}

	public function testNamesThatDifferOnlyInCaseAccentOrTrailingSpacesAreKeptApart(): void {
		$uid = $this->user('twins');
		$target = $this->newTarget('twins');
		$this->dav()->mkdirs($uid, 'Twins/Trip');
		$this->dav()->mkdirs($uid, 'Twins/Old');
		$this->dav()->mkdirs($uid, 'Twins/Keep');
		$content = [];
		// a folder, and beside it a file named as the folder plus a space: a padding collation takes one for the
		// other; and a '.nomirror ' that is not the marker
		foreach (['Twins/Photo.jpg', 'Twins/photo.jpg', 'Twins/café.txt', 'Twins/cafe.txt', 'Twins/Trip/day 1.jpg', 'Twins/Trip ',
			'Twins/Old/list.txt', 'Twins/Old ', 'Twins/Old  ', 'Twins/Keep/.nomirror ', 'Twins/Keep/photo.jpg'] as $i => $path) {
			$this->dav()->put($uid, $path, $content[$path] = "file $i: $path " . random_bytes(200), 1_700_000_000 + $i)->expect(201);
		}
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertRecordsAreTheFiles($target, $uid);
		$this->occOk(['mirror:resync', '--user=' . $uid]); // compares every file, with the exclusions of the whole user
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertRecordsAreTheFiles($target, $uid);
		$this->assertSame([], $this->trashRecords($target, $uid), 'nothing was taken for excluded');

		// the folder moved and the other deleted, one of the case twins deleted: the files beside them stay as they are
		$this->dav()->move($uid, 'Twins/Trip', 'Twins/Journey')->expect(201);
		$this->dav()->delete($uid, 'Twins/Old')->expect(204);
		$this->dav()->delete($uid, 'Twins/photo.jpg')->expect(204);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertRecordsAreTheFiles($target, $uid);
		$this->assertSame(['Twins/Old/list.txt', 'Twins/photo.jpg'], $this->trashRecords($target, $uid), 'only what was deleted is recorded in the mirror trash');
		$this->assertNotSame([], $this->trashCopies($target, $uid, 'Twins/photo.jpg'));
		$this->assertSame([], $this->trashCopies($target, $uid, 'Twins/Photo.jpg'), 'the case twin stays in place');

		// the files beside the deleted folder deleted too: restoring the folder brings back the folder's file only
		$this->dav()->delete($uid, 'Twins/Old ')->expect(204);
		$this->dav()->delete($uid, 'Twins/Old  ')->expect(204);
		$this->processOk();
		$this->assertSame(['Twins/Old ', 'Twins/Old  ', 'Twins/Old/list.txt', 'Twins/photo.jpg'], $this->trashRecords($target, $uid));
		$r = $this->occ(['mirror:restore', '--output=json', '--user=' . $uid, '--path=Twins/Old',
			'--from-version=trash:' . date('Y-m-d'), '--target=' . $target['id']]);
		$done = $r->json();
		$this->assertIsArray($done, $r->describe());
		$this->assertSame([1, 0, 0, 0, 0], [$done['restored'], $done['skipped'], $done['mismatched'], $done['failed'], $r->exitCode], json_encode($done));
		$this->assertSame($content['Twins/Old/list.txt'], $this->dav()->get($uid, 'Twins/Old/list.txt'));
		$this->assertSame(['Twins/Journey/day 1.jpg', 'Twins/Keep/.nomirror ', 'Twins/Keep/photo.jpg', 'Twins/Old/list.txt', 'Twins/Photo.jpg', 'Twins/Trip ', 'Twins/cafe.txt', 'Twins/café.txt'], $this->sourceFiles($uid),
			'the files named as the folder plus spaces stay deleted');
		foreach ($this->sourceFiles($uid) as $path) {
			$this->assertSame($content[str_replace('Twins/Journey/', 'Twins/Trip/', $path)], $this->dav()->get($uid, $path), $path);
		}
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertRecordsAreTheFiles($target, $uid);
	}

	/** The target's records of UID are its files in Nextcloud, one each, under their own names. */
	private function assertRecordsAreTheFiles(array $target, string $uid): void {
		$rows = self::nc()->select('SELECT path FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ?', [(int)$target['id'], $uid]);
		$paths = array_column($rows, 'path');
		sort($paths);
		$this->assertSame($this->sourceFiles($uid), $paths, 'one record per file, at its own path');
	}

	/** @return list<string> the paths of UID's entries in the target's mirror trash, sorted */
	private function trashRecords(array $target, string $uid): array {
		$rows = self::nc()->select('SELECT path FROM oc_mirror_trash WHERE target_id = ? AND user_id = ?', [(int)$target['id'], $uid]);
		$paths = array_column($rows, 'path');
		sort($paths);
		return $paths;
	}
}
