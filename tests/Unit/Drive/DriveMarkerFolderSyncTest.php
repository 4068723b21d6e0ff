<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveMarker;
use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\TestCase;

/**
 * The marker is renamed into the drive's root and made durable with the root's fsync: a drive whose
 * writeback fails must not be taken on with a marker a replug may lose (the drive would then look
 * unplugged, or another drive's marker would come back).
 */
class DriveMarkerFolderSyncTest extends TestCase {
	use FolderSyncFixture;

	/** @var list<string> the folders synced */
	private array $synced = [];

	private function marker(bool $syncWorks): DriveMarker {
		$this->build(function (string $dir) use ($syncWorks): bool {
			$this->synced[] = $dir;
			return $syncWorks;
		});
		$target = new Target();
		$target->setUuid('u-1');
		$target->setPath($this->root);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1800000000);
		return new DriveMarker($target, 'instance', $time, $this->guard, $this->io, $this->temporary, $this->folderSync);
	}

	private function assertWriteBack(DriveMarker $marker): void {
		try {
			$marker->write();
			$this->fail('a failed sync of the root is a write error');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::WRITE_BACK, $e->errorCode, $e->getMessage());
		}
	}

	public function testTheMarkerIsMadeDurableWithTheRootsFsync(): void {
		$this->marker(true)->write();

		$this->assertSame([$this->root], $this->synced);
		$this->assertSame('u-1', json_decode((string)file_get_contents($this->root . '/' . Drive::MARKER), true)['uuid']);
	}

	public function testANewMarkerWhoseRootSyncFailsIsAWriteErrorAndIsRemoved(): void {
		$this->assertWriteBack($this->marker(false));

		$this->assertSame([$this->root], $this->synced);
		$this->assertFileDoesNotExist($this->root . '/' . Drive::MARKER, 'not taken on with a marker a replug may lose');
		$this->assertSame([], glob($this->root . '/.mirror-*.part') ?: [], 'no temporary file left');
	}

	public function testAReplacedMarkerWhoseRootSyncFailsIsAWriteError(): void {
		file_put_contents($this->root . '/' . Drive::MARKER, '{"uuid": "old"}');
		$this->assertWriteBack($this->marker(false));

		$this->assertSame([$this->root], $this->synced);
		$this->assertSame('u-1', json_decode((string)file_get_contents($this->root . '/' . Drive::MARKER), true)['uuid'],
			'the old marker\'s bytes are gone: the new one stays (a replug may bring either back)');
	}
}
