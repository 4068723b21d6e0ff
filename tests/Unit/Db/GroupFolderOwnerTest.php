<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Db;

use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Drive\UserFolderName;
use PHPUnit\Framework\TestCase;

/**
 * A group folder's owner id and its folder on the drive: never a user's id, never a user's folder.
 */
class GroupFolderOwnerTest extends TestCase {
	public function testTheOwnerIdIsTheMountPointWithASuffixNoUserIdCanHave(): void {
		$this->assertSame('Family (group folder)', GroupFolderOwner::forMountPoint('Family'));
		$this->assertSame('Family', GroupFolderOwner::mountPointOf('Family (group folder)'));
		$this->assertTrue(GroupFolderOwner::isGroupFolder('Family (group folder)'));
		// Nextcloud's own rule for user ids (OC\User\Manager::validateUserId): no '(' in any of them
		$this->assertSame(1, preg_match('/[^a-zA-Z0-9 _.@\-\']/', 'Family (group folder)'), 'not a valid user id');
		foreach (['alice', '__groupfolders', 'group folder', ''] as $user) {
			$this->assertFalse(GroupFolderOwner::isGroupFolder($user), $user);
			$this->assertNull(GroupFolderOwner::mountPointOf($user), $user);
		}
	}

	public function testAMountPointTooLongForTheRecordsHasNoOwnerId(): void {
		$this->assertSame(64, strlen((string)GroupFolderOwner::forMountPoint(str_repeat('a', 49))));
		$this->assertNull(GroupFolderOwner::forMountPoint(str_repeat('a', 50)));
		$this->assertNull(GroupFolderOwner::forMountPoint(''));
	}

	public function testTheDriveFolderKeepsLettersAndEncodesWhatAFolderNameCannotHold(): void {
		$this->assertSame('Family (group folder)', UserFolderName::for('Family (group folder)'));
		$this->assertSame('Família (group folder)', UserFolderName::for('Família (group folder)'));
		$this->assertSame('Family%2FPhotos (group folder)', UserFolderName::for('Family/Photos (group folder)'), 'a nested mount point stays one folder');
		$this->assertSame('%2Ehidden%3Ax%25 (group folder)', UserFolderName::for('.hidden:x% (group folder)'));
		// and a user whose id looks like it is encoded, not taken for a group folder
		$this->assertSame('__groupfolders', UserFolderName::for('__groupfolders'));
		$this->assertStringNotContainsString('(', UserFolderName::for("o'brien (x"));
	}
}
