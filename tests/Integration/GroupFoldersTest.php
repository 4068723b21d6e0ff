<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\GroupFolders;

/**
 * Group folders (the Group folders app, from ../shared/nextcloud/) mirrored at
 * <target>/<mount point> (group folder)/: members' uploads through WebDAV, renames, moves in and out of a
 * member's home, deletions to the mirror trash. One instance for the class; each test its own folder,
 * group and users.
 */
final class GroupFoldersTest extends IntegrationTestCase {
	private const ALL = ['read', 'write', 'delete'];

	private static ?GroupFolders $gf = null;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		if (GroupFolders::archive() === null) {
			self::markTestSkipped('the Group folders archive is not in ../shared/nextcloud/');
		}
		self::$gf = new GroupFolders(self::nc());
		self::$gf->install();
	}

	/**
	 * A group folder with these members (full permissions); its id.
	 *
	 * @param list<string> $members
	 */
	private function family(string $mountPoint, array $members): int {
		$id = self::$gf->create($mountPoint);
		$group = 'g-' . strtolower($mountPoint);
		self::$gf->group($group, $members);
		self::$gf->grant($id, $group, self::ALL);
		return $id;
	}

	/** Where a group folder's file stands on the target. */
	private function gfPath(array $target, string $mountPoint, string $path = ''): string {
		return rtrim($target['path'] . '/' . $mountPoint . ' (group folder)/' . $path, '/');
	}

	/** The file in the group folder's storage (the data directory), as Nextcloud keeps it. */
	private function gfSource(int $id, string $path): string {
		return self::nc()->dataDir . '/__groupfolders/' . $id . '/files/' . $path;
	}

	private function assertGfMirrored(array $target, int $id, string $mountPoint, string $path): void {
		clearstatcache();
		$copy = $this->gfPath($target, $mountPoint, $path);
		$this->assertFileExists($this->gfSource($id, $path), "$mountPoint/$path should be in the group folder");
		$this->assertFileExists($copy, "$mountPoint/$path should be mirrored");
		$this->assertSame(hash_file('sha256', $this->gfSource($id, $path)), hash_file('sha256', $copy), "sha256 of the mirrored $mountPoint/$path");
	}

	public function testUploadsByTwoMembersAreMirrored(): void {
		$alice = $this->user('gf-alice');
		$bob = $this->user('gf-bob');
		$id = $this->family('Family', [$alice, $bob]);
		$target = $this->newTarget('gf-uploads');

		$this->assertSame(201, $this->dav()->put($alice, 'Family/from-alice.jpg', random_bytes(3000))->status);
		$this->dav()->mkdirs($bob, 'Family/Album');
		$this->assertSame(201, $this->dav()->put($bob, 'Family/Album/from-bob.jpg', random_bytes(5000))->status);
		$this->processOk();

		$this->assertGfMirrored($target, $id, 'Family', 'from-alice.jpg');
		$this->assertGfMirrored($target, $id, 'Family', 'Album/from-bob.jpg');
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $alice, 'Family'), 'not under the uploader');
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $bob, 'Family'), 'not under the uploader');
	}
}
