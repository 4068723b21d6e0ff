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
}
