<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Source\External;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\External\ExternalRoots;
use OCP\Files\File;
use OCP\Files\Mount\IMountPoint;
use OCP\Files\Storage\ISharedStorage;
use OCP\Files\Storage\IStorage;
use OCP\Share\IShare;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

final class ExternalMountsTest extends TestCase {
	private ExternalMounts $mounts;
	private ExternalStorage $disk;

	protected function setUp(): void {
		$this->disk = new ExternalStorage(3, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::SHARED, 1);
		$directory = $this->createMock(ExternalStorageDirectory::class);
		$directory->method('byId')->willReturnCallback(fn (int $id): ?ExternalStorage => $id === 3 ? $this->disk : null);
		$this->mounts = new ExternalMounts($directory, $this->createMock(ExternalApplicable::class));
	}

	private function file(string $provider, ?int $mountId, IStorage $storage): File&MockObject {
		$mount = $this->createMock(IMountPoint::class);
		$mount->method('getMountProvider')->willReturn($provider);
		$mount->method('getMountId')->willReturn($mountId);
		$file = $this->createMock(File::class);
		$file->method('getMountPoint')->willReturn($mount);
		$file->method('getStorage')->willReturn($storage);
		return $file;
	}

	public function testAFileOnTheUsersOwnMountIsOnItsStorage(): void {
		$local = $this->createMock(IStorage::class);
		$local->method('instanceOfStorage')->willReturn(false);
		$own = $this->file(ExternalRoots::PROVIDER, 3, $local);
		$this->assertSame($this->disk, $this->mounts->storageBehind($own));
		$this->assertFalse($this->mounts->throughShare($own));
		$this->assertSame('carol', $this->mounts->seenAs($own, 'carol'), 'her own mount: her view of the storage');
	}

	public function testAFileSeenThroughAShareIsOnTheStorageOfTheSharedNodeAskedOncePerShare(): void {
		$source = $this->file(ExternalRoots::PROVIDER, 3, $this->createMock(IStorage::class)); // the folder dad shared, on his mount
		$share = $this->createMock(IShare::class);
		$share->method('getShareOwner')->willReturn('dad');
		$share->method('getNodeId')->willReturn(42);
		$share->expects($this->once())->method('getNode')->willReturn($source);
		$storage = $this->createMock(ISharedStorage::class);
		$storage->method('instanceOfStorage')->willReturnCallback(static fn (string $class): bool => $class === ISharedStorage::class);
		$storage->method('getShare')->willReturn($share);
		$first = $this->file('OCA\Files_Sharing\MountProvider', 7, $storage);
		$second = $this->file('OCA\Files_Sharing\MountProvider', 7, $storage);

		$this->assertNull($this->mounts->storageOf($first), 'not a mount of the storage');
		$this->assertSame($this->disk, $this->mounts->storageBehind($first));
		$this->assertSame($this->disk, $this->mounts->storageBehind($second));
		$this->assertTrue($this->mounts->throughShare($first));
		$this->assertSame('dad', $this->mounts->seenAs($first, 'carol'), 'through dad\'s share: dad\'s view of the storage, so his copy');
	}

	public function testWhoseCopyAUserSeesIsTheSharersInUsersModeAndTheStoragesWhenMirroredOnce(): void {
		$share = $this->createMock(IShare::class);
		$share->method('getShareOwner')->willReturn('dad');
		$storage = $this->createMock(ISharedStorage::class);
		$storage->method('instanceOfStorage')->willReturnCallback(static fn (string $class): bool => $class === ISharedStorage::class);
		$storage->method('getShare')->willReturn($share);
		$throughShare = $this->file('OCA\Files_Sharing\MountProvider', 7, $storage);
		$local = $this->createMock(IStorage::class);
		$local->method('instanceOfStorage')->willReturn(false);
		$own = $this->file(ExternalRoots::PROVIDER, 3, $local);
		$applicable = $this->createMock(ExternalApplicable::class);
		$applicable->method('isMirroredFor')->willReturnCallback(static fn (ExternalStorage $s, string $uid): bool => $s->mode === ExternalStorage::USERS && in_array($uid, ['dad', 'mum'], true));
		$mounts = new ExternalMounts($this->createMock(ExternalStorageDirectory::class), $applicable);
		$users = new ExternalStorage(4, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::USERS, 2);

		$this->assertSame('dad', $mounts->whoseCopy($users, $throughShare, 'carol'), 'through dad\'s share: dad\'s copy, though carol has none');
		$this->assertSame('mum', $mounts->whoseCopy($users, $own, 'mum'), 'her own mount: her copy');
		$this->assertNull($mounts->whoseCopy($users, $own, 'carol'), 'not mirrored for her');
		$this->assertSame('Disk (external storage)', $mounts->whoseCopy($this->disk, $throughShare, 'carol'), 'mirrored once: the storage\'s copy');
		$off = new ExternalStorage(5, 'Old', 'local', 'Old (external storage)', ExternalStorage::OFF, 1);
		$this->assertNull($mounts->whoseCopy($off, $own, 'mum'));
	}

	public function testAShareOfAHomeFolderIsOnNoExternalStorage(): void {
		$share = $this->createMock(IShare::class);
		$share->method('getNode')->willReturn($this->file('OC\Files\Mount\LocalHomeMountProvider', 1, $this->createMock(IStorage::class)));
		$storage = $this->createMock(ISharedStorage::class);
		$storage->method('instanceOfStorage')->willReturn(true);
		$storage->method('getShare')->willReturn($share);
		$this->assertNull($this->mounts->storageBehind($this->file('OCA\Files_Sharing\MountProvider', 7, $storage)));
	}
}
