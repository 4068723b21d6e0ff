<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Queue\QueueItem;
use OCP\Files\FileInfo;
use OCP\Files\IHomeStorage;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\MockObject\MockObject;

/**
 * Records and file infos for the file status tests.
 *
 * @psalm-require-extends \PHPUnit\Framework\TestCase
 */
trait Fixtures {
	protected static function target(int $id, string $name, bool $enabled = true, string $path = '/mnt/usb'): Target {
		$target = new Target();
		$target->setId($id);
		$target->setName($name);
		$target->setPath($path);
		$target->setEnabled($enabled);
		$target->resetUpdatedFields();
		return $target;
	}

	protected static function replica(int $fileId, int $targetId, string $etag, int $size = 100, int $at = 1_700_000_000): Replica {
		$replica = new Replica();
		$replica->setFileId($fileId);
		$replica->setTargetId($targetId);
		$replica->setUserId('alice');
		$replica->setPath('Photos/' . $fileId . '.jpg');
		$replica->setEtag($etag);
		$replica->setSize($size);
		$replica->setChecksum(str_repeat('ab', 32));
		$replica->setReplicatedAt($at);
		return $replica;
	}

	protected static function item(int $fileId, int $targetId, ?string $error = null, string $kind = QueueItem::KIND_FILE): QueueItem {
		$item = new QueueItem();
		$item->setFileId($fileId);
		$item->setTargetId($targetId);
		$item->setUserId('alice');
		$item->setKind($kind);
		$item->setLastError($error);
		$item->setErrorCode($error === null ? null : 'permission');
		$item->setAttempts($error === null ? 0 : 2);
		$item->setNextAttemptAt(1_700_000_600);
		$item->setCreatedAt(1_700_000_000);
		return $item;
	}

	/**
	 * A file or folder as Nextcloud describes it: in a home storage below files/ (the owner's own
	 * file) or elsewhere (a share, a group folder, an external storage).
	 */
	protected function fileInfo(int $id, string $etag, bool $home = true, string $type = FileInfo::TYPE_FILE): FileInfo&MockObject {
		$storage = $this->createMock(IStorage::class);
		$storage->method('instanceOfStorage')->willReturnCallback(static fn (string $class): bool => $home && $class === IHomeStorage::class);
		$info = $this->createMock(FileInfo::class);
		$info->method('getId')->willReturn($id);
		$info->method('getEtag')->willReturn($etag);
		$info->method('getType')->willReturn($type);
		$info->method('getStorage')->willReturn($storage);
		$info->method('getInternalPath')->willReturn($home ? 'files/Photos/' . $id . '.jpg' : 'Photos/' . $id . '.jpg');
		return $info;
	}
}
