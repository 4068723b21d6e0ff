<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Db;

use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Drive\UserFolderName;
use OCA\Mirror\Source\SourceResolver;
use PHPUnit\Framework\TestCase;

/**
 * An external storage's owner id and its folder on the drive: never a user's, never a group folder's.
 */
class ExternalStorageOwnerTest extends TestCase {
	public function testTheOwnerIdIsTheMountPointWithASuffixNoUserIdCanHave(): void {
		$this->assertSame('Disk (external storage)', ExternalStorageOwner::forMountPoint('/Disk'));
		$this->assertSame('Disk (external storage)', ExternalStorageOwner::forMountPoint('Disk/'));
		$this->assertSame('Disk', ExternalStorageOwner::mountPointOf('Disk (external storage)'));
		$this->assertTrue(ExternalStorageOwner::isExternal('Disk (external storage)'));
		$this->assertSame(1, preg_match('/[^a-zA-Z0-9 _.@\-\']/', 'Disk (external storage)'), 'not a valid user id');
		foreach (['alice', '__external', 'external storage', ' (external storage)', 'Disk (group folder)'] as $other) {
			$this->assertFalse(ExternalStorageOwner::isExternal($other), $other);
			$this->assertNull(ExternalStorageOwner::mountPointOf($other), $other);
		}
		$this->assertFalse(GroupFolderOwner::isGroupFolder('Disk (external storage)'), 'not taken for a group folder');
	}

	public function testAMountPointTooLongForTheRecordsHasNoOwnerId(): void {
		$this->assertSame(64, strlen((string)ExternalStorageOwner::forMountPoint(str_repeat('a', 45))));
		$this->assertNull(ExternalStorageOwner::forMountPoint(str_repeat('a', 46)));
		$this->assertNull(ExternalStorageOwner::forMountPoint('/'));
	}

	public function testTheDriveFolderKeepsLettersAndEncodesWhatAFolderNameCannotHold(): void {
		$this->assertSame('Disk (external storage)', UserFolderName::for('Disk (external storage)'));
		$this->assertSame('Media%2FFilms (external storage)', UserFolderName::for('Media/Films (external storage)'), 'a nested mount point stays one folder');
		$this->assertSame('%2Edata (external storage)', UserFolderName::for('.data (external storage)'));
		$this->assertSame('__external', UserFolderName::for('__external'));
	}

	public function testItsFileCachePathsHaveNoFilesFolderInFront(): void {
		$this->assertSame('', SourceResolver::cachePrefix('Disk (external storage)'));
		$this->assertSame('files/', SourceResolver::cachePrefix('alice'));
		$this->assertSame('files/', SourceResolver::cachePrefix('Family (group folder)'));
	}
}
