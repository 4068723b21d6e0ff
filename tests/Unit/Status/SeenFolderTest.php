<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Status\SeenFolder;
use OCP\Files\File;
use OCP\Files\Mount\IMountPoint;
use PHPUnit\Framework\TestCase;

final class SeenFolderTest extends TestCase {
	private function seen(string $folder, string $mountPoint, string $internal, string $ownerPath): array {
		$mount = $this->createMock(IMountPoint::class);
		$mount->method('getMountPoint')->willReturn($mountPoint);
		$node = $this->createMock(File::class);
		$node->method('getMountPoint')->willReturn($mount);
		$node->method('getInternalPath')->willReturn($internal);
		return SeenFolder::of(new Exclusion(Exclusion::NOMIRROR, $folder), 'bob', $node, $ownerPath)->toArray();
	}

	public function testAStorageMirroredOnceIsNamedAtItsMountPoint(): void {
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Disk/Photos/Cache'], $this->seen('Photos/Cache', '/bob/files/Disk/', 'Photos/Cache/a.jpg', 'Photos/Cache/a.jpg'));
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Disk'], $this->seen('', '/bob/files/Disk/', 'a.jpg', 'a.jpg'), 'its top folder is the mount point');
	}

	public function testAStorageMirroredAsPartOfTheUsersFilesKeepsTheirPath(): void {
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Disk/Cache'], $this->seen('Disk/Cache', '/bob/files/Disk/', 'Cache/a.jpg', 'Disk/Cache/a.jpg'));
	}

	public function testARecipientSeesTheFolderAtTheSharesNameAndNothingAboveIt(): void {
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Holiday/Cache'], $this->seen('Photos/Holiday/Cache', '/bob/files/Holiday/', 'Cache/a.jpg', 'Photos/Holiday/Cache/a.jpg'));
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Holiday'], $this->seen('Photos/Holiday', '/bob/files/Holiday/', '', 'Photos/Holiday'));
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Photos'], $this->seen('Photos', '/bob/files/Holiday/', 'Cache/a.jpg', 'Photos/Holiday/Cache/a.jpg'), 'above the share: as it was');
	}

	public function testOwnFilesAndOtherReasonsAreUnchanged(): void {
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Photos/Cache'], $this->seen('Photos/Cache', '/bob/', 'files/Photos/Cache/a.jpg', 'Photos/Cache/a.jpg'));
		$node = $this->createMock(File::class);
		$this->assertSame(['reason' => 'pattern', 'detail' => '*.tmp'], SeenFolder::of(new Exclusion(Exclusion::PATTERN, '*.tmp'), 'bob', $node, 'a.tmp')->toArray());
	}
}
