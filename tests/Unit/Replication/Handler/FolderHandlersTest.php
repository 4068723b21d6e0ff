<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication\Handler;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\CopyBatch;
use OCA\Mirror\Replication\Handler\DeleteTreeHandler;
use OCA\Mirror\Replication\Handler\MoveHandler;
use OCA\Mirror\Replication\Handler\TreeHandler;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Tests\Unit\Drive\DriveFixture;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashRecorder;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Folder;
use OCP\Files\Storage\IStorage;
use OCP\IDBConnection;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * The folder handlers (a new folder, a renamed one, a deleted one) on a real folder standing for
 * the drive; Nextcloud, the records and the queue mocked.
 */
class FolderHandlersTest extends TestCase {
	use DriveFixture;
	use Fixtures {
		DriveFixture::target insteadof Fixtures;
	}

	private SourceResolver&MockObject $resolver;
	private ReplicaMapper&MockObject $replicas;
	private WorkQueue&MockObject $queue;
	private Drive $drive;
	private Work $work;
	/** @var list<Replica> */
	private array $records = [];
	/** @var list<TrashEntry> */
	private array $trashed = [];

	protected function setUp(): void {
		$this->setUpFolders();
		$this->resolver = $this->createMock(SourceResolver::class);
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->replicas->method('findBelow')->willReturnCallback(fn (int $t, string $u, string $path): array => array_values(array_filter($this->records, static fn (Replica $r): bool => str_starts_with($r->getPath(), $path . '/'))));
		$this->replicas->method('delete')->willReturnCallback(function (Replica $gone): Replica {
			$this->records = array_values(array_filter($this->records, static fn (Replica $r): bool => $r !== $gone));
			return $gone;
		});
		$this->queue = $this->createMock(WorkQueue::class);
		$this->drive = $this->onlineDrive();
		$this->work = new Work($this->drive->target(), $this->drive, new CopyBatch($this->drive), self::noBeat());
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function item(string $kind, int $folderId, ?string $path): QueueItem {
		$item = new QueueItem();
		$item->setUserId('alice');
		$item->setFileId($folderId);
		$item->setKind($kind);
		$item->setPath($path);
		return $item;
	}

	private function record(int $fileId, string $path): void {
		$replica = self::replica($fileId, 1, 'e');
		$replica->setPath($path);
		$this->records[] = $replica;
	}

	private function onDrive(string $path, string $content = 'x'): void {
		@mkdir(dirname($this->root . '/alice/' . $path), 0777, true);
		file_put_contents($this->root . '/alice/' . $path, $content);
	}

	private function folderAt(string $path): void {
		$this->resolver->method('node')->willReturn($this->createMock(Folder::class));
		$this->resolver->method('relativePath')->willReturn($path);
	}

	public function testANewFolderIsCreatedAndEachFileBelowQueued(): void {
		$this->folderAt('Holiday/2026');
		$cache = $this->createMock(FileCacheReader::class);
		$cache->method('files')->with('alice', 'Holiday/2026')->willReturnCallback(static function (): \Generator {
			yield ['fileId' => 11, 'path' => 'Holiday/2026/a.jpg', 'size' => 1, 'mtime' => 1, 'etag' => 'e'];
			yield ['fileId' => 12, 'path' => 'Holiday/2026/b.jpg', 'size' => 1, 'mtime' => 1, 'etag' => 'e'];
		});
		$this->queue->expects($this->once())->method('enqueueManyFor')->with($this->drive->target()->getId(), 'alice', [11, 12]);
		(new TreeHandler($this->resolver, $cache, $this->queue, ExclusionsFixture::make($this)))->handle($this->item(QueueItem::KIND_TREE, 10, null), $this->work);
		$this->assertDirectoryExists($this->root . '/alice/Holiday/2026', 'an empty folder is mirrored too');
	}

	public function testAFolderLeftOutIsNotCreatedAndNothingBelowItQueued(): void {
		$this->folderAt('Photos/Cache');
		$this->queue->expects($this->never())->method('enqueueManyFor');
		(new TreeHandler($this->resolver, $this->createMock(FileCacheReader::class), $this->queue, ExclusionsFixture::make($this, [], [], [], 0, ['Photos/Cache'])))->handle($this->item(QueueItem::KIND_TREE, 10, null), $this->work);
		$this->assertDirectoryDoesNotExist($this->root . '/alice/Photos');
	}

	public function testAFolderGoneAgainBeforeItsTurnIsNothingToDo(): void {
		$this->resolver->method('node')->willReturn(null);
		$this->queue->expects($this->never())->method('enqueueManyFor');
		(new TreeHandler($this->resolver, $this->createMock(FileCacheReader::class), $this->queue, ExclusionsFixture::make($this)))->handle($this->item(QueueItem::KIND_TREE, 10, null), $this->work);
		$this->assertSame(['.', '..', Drive::MARKER], scandir($this->root));
	}

	private function moveHandler(): MoveHandler {
		return new MoveHandler($this->resolver, $this->replicas, $this->queue, new WriteTransaction($this->createMock(IDBConnection::class)), $this->createMock(Tripwire::class));
	}

	public function testARenameWhoseNewPlaceIsTakenLeavesBothAndLetsEachFileFollow(): void {
		$this->onDrive('Old/a.jpg', 'old');
		$this->onDrive('New/a.jpg', 'someone else');
		$this->record(1, 'Old/a.jpg');
		$this->folderAt('New');
		$this->queue->expects($this->once())->method('enqueueFor')->with($this->drive->target()->getId(), 'alice', 10, QueueItem::KIND_TREE);
		$this->replicas->expects($this->never())->method('update');
		$this->moveHandler()->handle($this->item(QueueItem::KIND_MOVE, 10, 'Old'), $this->work);
		$this->assertSame('old', file_get_contents($this->root . '/alice/Old/a.jpg'));
		$this->assertSame('someone else', file_get_contents($this->root . '/alice/New/a.jpg'));
	}

	public function testAMovedFolderThatIsGoneAgainComparesTheWholeUser(): void {
		$this->resolver->method('node')->willReturn(null);
		$this->queue->expects($this->once())->method('enqueueFor')->with($this->drive->target()->getId(), 'alice', 0, QueueItem::KIND_USER);
		$this->moveHandler()->handle($this->item(QueueItem::KIND_MOVE, 10, 'Old'), $this->work);
	}

	public function testAFolderStandingUnderASuffixIsRenamedThereAndItsRecordsFollow(): void {
		$this->onDrive('Photos/x.jpg', 'the twin folder');
		$this->onDrive('photos (case 2)/x.jpg', 'x');
		$this->onDrive('photos (case 2)/2025/A (case 2).jpg', 'y');
		$this->record(1, 'photos/x.jpg');
		$this->records[0]->setDrivePath('photos (case 2)/x.jpg');
		$this->record(2, 'photos/2025/A.jpg');
		$this->records[1]->setDrivePath('photos (case 2)/2025/A (case 2).jpg');
		$this->folderAt('Old photos');
		$this->replicas->expects($this->exactly(2))->method('update');
		$this->moveHandler()->handle($this->item(QueueItem::KIND_MOVE, 10, 'photos'), $this->work);
		$this->assertSame('the twin folder', file_get_contents($this->root . '/alice/Photos/x.jpg'), 'its twin is not touched');
		$this->assertSame('y', file_get_contents($this->root . '/alice/Old photos/2025/A (case 2).jpg'));
		$this->assertDirectoryDoesNotExist($this->root . '/alice/photos (case 2)');
		$this->assertSame([['Old photos/x.jpg', null], ['Old photos/2025/A.jpg', 'Old photos/2025/A (case 2).jpg']],
			array_map(static fn (Replica $r): array => [$r->getPath(), $r->getDrivePath()], $this->records), 'recorded where they are now, null where that is the plain path');
	}

	private function deleteHandler(): DeleteTreeHandler {
		$entries = $this->createMock(TrashEntryMapper::class);
		$entries->method('insert')->willReturnCallback(function (TrashEntry $e): TrashEntry {
			return $this->trashed[] = $e;
		});
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn($this->now);
		return new DeleteTreeHandler($this->resolver, $this->replicas, $this->queue, new TrashRecorder($entries, $time), $this->createMock(Tripwire::class));
	}

	public function testADeletedFolderGoesToTheMirrorTrashInOnePieceAndItsRecordsGo(): void {
		$this->onDrive('Trip/a.jpg', 'a');
		$this->onDrive('Trip/sub/b.jpg', 'b');
		$this->record(1, 'Trip/a.jpg');
		$this->record(2, 'Trip/sub/b.jpg');
		$this->record(3, 'Other/c.jpg');
		$this->resolver->method('node')->willReturn(null);
		$this->resolver->method('userFolder')->willReturn(null);
		$this->resolver->method('file')->willReturn(null);
		$this->queue->expects($this->never())->method('enqueueFor');
		$this->deleteHandler()->handle($this->item(QueueItem::KIND_DELETE_TREE, 10, 'Trip'), $this->work);
		$this->assertDirectoryDoesNotExist($this->root . '/alice/Trip');
		$this->assertSame('b', file_get_contents($this->trashDir() . '/Trip/sub/b.jpg'), 'a deletion never destroys the backup');
		$this->assertSame(['Other/c.jpg'], array_map(static fn (Replica $r): string => $r->getPath(), $this->records));
		$day = date('Y-m-d', $this->now);
		$this->assertSame([$day . '/Trip/a.jpg', $day . '/Trip/sub/b.jpg'], array_map(static fn (TrashEntry $e): string => $e->getTrashPath(), $this->trashed),
			'each file of the folder is recorded where it now is in the trash');
	}

	public function testADeletedFolderStandingUnderASuffixGoesToTheTrashFromThere(): void {
		$this->onDrive('Photos/x.jpg', 'the twin folder');
		$this->onDrive('photos (case 2)/sub/x.jpg', 'x');
		$this->record(1, 'photos/sub/x.jpg');
		$this->records[0]->setDrivePath('photos (case 2)/sub/x.jpg');
		$this->resolver->method('node')->willReturn(null);
		$this->resolver->method('userFolder')->willReturn(null);
		$this->resolver->method('file')->willReturn(null);
		$this->deleteHandler()->handle($this->item(QueueItem::KIND_DELETE_TREE, 10, 'photos'), $this->work);
		$this->assertSame('the twin folder', file_get_contents($this->root . '/alice/Photos/x.jpg'), 'its twin stays');
		$this->assertSame('x', file_get_contents($this->trashDir() . '/photos (case 2)/sub/x.jpg'));
		$this->assertSame([date('Y-m-d', $this->now) . '/photos (case 2)/sub/x.jpg'], array_map(static fn (TrashEntry $e): string => $e->getTrashPath(), $this->trashed),
			'recorded where it is in the trash, so that it can be restored');
		$this->assertSame([], $this->records);
	}

	public function testAFileMovedOutBeforeItsFolderWasDeletedIsCopiedAgainWhereItIsNow(): void {
		$this->onDrive('Trip/a.jpg', 'a');
		$this->record(1, 'Trip/a.jpg');
		$this->resolver->method('node')->willReturn(null);
		$this->resolver->method('userFolder')->willReturn(null);
		$this->resolver->method('file')->willReturn(new SourceFile(1, 'alice', 'Kept/a.jpg', 1, 1, 'e', $this->createMock(IStorage::class), 'files/Kept/a.jpg', false));
		$this->queue->expects($this->once())->method('enqueueFor')->with($this->drive->target()->getId(), 'alice', 1, QueueItem::KIND_FILE);
		$this->deleteHandler()->handle($this->item(QueueItem::KIND_DELETE_TREE, 10, 'Trip'), $this->work);
	}

	public function testAFolderRestoredBeforeItsTurnStaysAndEachFileDecides(): void {
		$this->onDrive('Trip/a.jpg', 'a');
		$this->record(1, 'Trip/a.jpg');
		$this->resolver->method('node')->willReturn($this->createMock(Folder::class));
		$this->queue->expects($this->once())->method('enqueueFor')->with($this->drive->target()->getId(), 'alice', 1, QueueItem::KIND_FILE);
		$this->deleteHandler()->handle($this->item(QueueItem::KIND_DELETE_TREE, 10, 'Trip'), $this->work);
		$this->assertSame('a', file_get_contents($this->root . '/alice/Trip/a.jpg'));
		$this->assertCount(1, $this->records);
	}
}
