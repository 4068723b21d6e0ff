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
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Source\External\ExternalStorageModes;
use OCA\Mirror\Source\ExternalStorages;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

final class ExternalStorageModesTest extends TestCase {
	/**
	 * @param list<ExternalStorage> $storages
	 */
	private function modes(array $storages): ExternalStorageModes {
		$directory = $this->createMock(ExternalStorageDirectory::class);
		$byId = [];
		foreach ($storages as $storage) {
			$byId[$storage->id] = $storage;
		}
		$directory->method('all')->willReturn($byId);
		$applicable = $this->createMock(ExternalApplicable::class);
		$applicable->method('count')->willReturn(1);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		return new ExternalStorageModes($directory, $this->createMock(ExternalStorages::class), $this->createMock(WorkQueue::class), $applicable, $l);
	}

	private static function disk(int $id, string $mode, int $type = 2): ExternalStorage {
		return new ExternalStorage($id, 'Disk', 'local', 'Disk (external storage)', $mode, $type);
	}

	public function testAStorageIsNotMirroredOnceUnderTheNameAnotherOneIsMirroredUnder(): void {
		$dads = self::disk(1, ExternalStorage::SHARED);
		$mums = self::disk(2, ExternalStorage::OFF);
		$modes = $this->modes([$dads, $mums]);

		$refusal = $modes->refusal($mums, ExternalStorage::SHARED);
		$this->assertSame('mount_point_taken', $refusal['code'] ?? null);
		$this->assertStringContainsString('External storage 1 is already mirrored once under the name "Disk"', $refusal['message']);
		$this->assertNull($modes->refusal($mums, ExternalStorage::USERS), 'in her own folder: no clash');
		$this->assertNull($modes->refusal($dads, ExternalStorage::SHARED), 'itself is no clash');
	}

	public function testTheSameNameIsFreeWhileTheOtherIsNotMirroredOnce(): void {
		$modes = $this->modes([self::disk(1, ExternalStorage::USERS), self::disk(2, ExternalStorage::OFF)]);
		$this->assertNull($modes->refusal(self::disk(2, ExternalStorage::OFF), ExternalStorage::SHARED));
	}
}
