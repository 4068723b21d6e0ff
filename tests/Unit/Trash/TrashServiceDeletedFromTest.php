<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Trash;

use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashRetention;
use OCA\Mirror\Trash\TrashService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Storage\IStorage;
use PHPUnit\Framework\TestCase;

/**
 * A folder's deleted files: those still gone from Nextcloud whose copies are in the trash of an
 * enabled drive, newest first, as many as asked for, however many records are left out on the way.
 */
class TrashServiceDeletedFromTest extends TestCase {
	public function testRecordsLeftOutDoNotHideOlderDeletedFiles(): void {
		// newest first: 10 files deleted and back in Nextcloud (restored from its trash bin), 2 on a
		// disabled drive, then the 5 that are still gone
		$rows = [];
		foreach (range(1, 17) as $i) {
			$entry = new TrashEntry();
			$entry->setId(100 - $i);
			$entry->setUserId('alice');
			$entry->setTargetId($i > 10 && $i <= 12 ? 2 : 1);
			$entry->setFileId($i);
			$entry->setPath('Photos/' . $i . '.jpg');
			$entry->setReason(TrashEntry::DELETED);
			$rows[] = $entry;
		}
		$mapper = $this->createMock(TrashEntryMapper::class);
		$mapper->method('findFiltered')->willReturnCallback(static function (?int $targetId, ?string $userId, ?string $below, int $limit, int $offset) use ($rows): array {
			return array_slice($rows, $offset, $limit);
		});
		$resolver = $this->createMock(SourceResolver::class);
		$lookups = 0;
		$resolver->method('sources')->willReturnCallback(function (string $userId, array $ids) use (&$lookups): array {
			$lookups++;
			$back = [];
			foreach ($ids as $id) {
				if ($id <= 10) {
					$back[$id] = new SourceFile($id, 'alice', 'Photos/' . $id . '.jpg', 1, 1, 'etag', $this->createMock(IStorage::class), 'files/Photos/' . $id . '.jpg', false);
				}
			}
			return $back;
		});
		$resolver->expects($this->never())->method('file');
		$service = new TrashService($mapper, $this->createMock(TargetMapper::class), $this->createMock(DriveFactory::class),
			$this->createMock(TrashRetention::class), $this->createMock(ITimeFactory::class), $resolver);

		$found = $service->deletedFrom('alice', 'Photos', [1], 4);
		$this->assertSame([13, 14, 15, 16], array_map(static fn (TrashEntry $e): int => $e->getFileId(), $found));
		$this->assertLessThanOrEqual(5, $lookups, 'one lookup a page, not one a file');
		$this->assertSame([13, 14, 15, 16, 17], array_map(static fn (TrashEntry $e): int => $e->getFileId(), $service->deletedFrom('alice', 'Photos', [1], 5)));
	}

	public function testARecipientOfAShareSeesWhatWasDeletedSinceItsTimeAndOlderPagesAreNotRead(): void {
		// newest first: trashed at 1000, 999, … 951
		$rows = [];
		foreach (range(0, 49) as $i) {
			$entry = new TrashEntry();
			$entry->setId(1000 - $i);
			$entry->setUserId('alice');
			$entry->setTargetId(1);
			$entry->setFileId(1000 - $i);
			$entry->setTrashedAt(1000 - $i);
			$entry->setPath('Photos/' . $i . '.jpg');
			$entry->setReason(TrashEntry::DELETED);
			$rows[] = $entry;
		}
		$pages = 0;
		$mapper = $this->createMock(TrashEntryMapper::class);
		$mapper->method('findFiltered')->willReturnCallback(static function (?int $targetId, ?string $userId, ?string $below, int $limit, int $offset) use ($rows, &$pages): array {
			$pages++;
			return array_slice($rows, $offset, $limit);
		});
		$resolver = $this->createMock(SourceResolver::class);
		$resolver->method('sources')->willReturn([]);
		$service = new TrashService($mapper, $this->createMock(TargetMapper::class), $this->createMock(DriveFactory::class),
			$this->createMock(TrashRetention::class), $this->createMock(ITimeFactory::class), $resolver);

		$found = $service->deletedFrom('alice', 'Photos', [1], 10, 993);
		$this->assertSame([1000, 999, 998, 997, 996, 995, 994, 993], array_map(static fn (TrashEntry $e): int => $e->getTrashedAt(), $found), 'the share\'s second included');
		$this->assertSame(1, $pages, 'the first page reached back past the share: no more pages read');
		$this->assertCount(10, $service->deletedFrom('alice', 'Photos', [1], 10), 'the owner: everything');
	}
}
