<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Source\GroupFolders;

use OCA\Mirror\Source\GroupFolders\MemberAccess;
use OCP\Files\File;
use OCP\Files\Folder;
use OCP\Files\Storage\ISharedStorage;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

final class MemberAccessTest extends TestCase {
	private function node(bool $throughShare): File&MockObject {
		$storage = $this->createMock($throughShare ? ISharedStorage::class : IStorage::class);
		$storage->method('instanceOfStorage')->willReturnCallback(static fn (string $class): bool => $throughShare && $class === ISharedStorage::class);
		$node = $this->createMock(File::class);
		$node->method('getId')->willReturn(42);
		$node->method('getStorage')->willReturn($storage);
		return $node;
	}

	public function testAMemberWhoIsGivenAShareTooIsSeenThroughTheirOwnMount(): void {
		$share = $this->node(true);
		$mount = $this->node(false);
		$userFolder = $this->createMock(Folder::class);
		$userFolder->method('getById')->with(42)->willReturn([$share, $mount]);

		$this->assertSame($mount, MemberAccess::ownViewFirst($userFolder, $share));
	}

	public function testARecipientWhoIsNoMemberIsSeenThroughTheShare(): void {
		$share = $this->node(true);
		$userFolder = $this->createMock(Folder::class);
		$userFolder->method('getById')->willReturn([$share]);

		$this->assertSame($share, MemberAccess::ownViewFirst($userFolder, $share));
	}

	public function testANodeSeenThroughTheUsersOwnMountIsKeptWithoutALookup(): void {
		$mount = $this->node(false);
		$userFolder = $this->createMock(Folder::class);
		$userFolder->expects($this->never())->method('getById');

		$this->assertSame($mount, MemberAccess::ownViewFirst($userFolder, $mount));
	}
}
