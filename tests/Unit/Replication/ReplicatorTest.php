<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\CopyBatch;
use OCA\Mirror\Replication\Handler\MoveHandler;
use OCA\Mirror\Replication\Replicator;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashRecorder;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\Files\Storage\IStorage;
use OCP\IBinaryFinder;
use OCP\IConfig;
use OCP\IDBConnection;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * The replicator against a real folder standing for the drive; Nextcloud and the database mocked.
 */
class ReplicatorTest extends TestCase {
	private string $drive;
	private Target $target;
	private SourceResolver&MockObject $resolver;
	private WorkQueue&MockObject $queue;
	private ReplicaMapper&MockObject $replicas;
	/** @var array<int, Replica> file id => alice's record */
	private array $records = [];
	/** @var array<string, array<int, Replica>> another user => file id => their record */
	private array $othersRecords = [];
	/** @var array<int, SourceFile|null> alice's files */
	private array $sources = [];
	/** @var array<string, array<int, true>> another user => the file ids they hold */
	private array $othersFiles = [];
	private Replicator $replicator;
	private DriveFactory $drives;
	private Tripwire&MockObject $tripwire;
	/** @var list<TrashEntry> what was recorded as gone to the trash */
	private array $trashed = [];

	protected function setUp(): void {
		// a real path: sys_get_temp_dir() may be reached through a link, and the drive follows none
		$this->drive = (string)realpath(sys_get_temp_dir()) . '/mirror-rep-' . bin2hex(random_bytes(4));
		mkdir($this->drive);
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturn('oc1');
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1800000000);
		$binaries = $this->createMock(IBinaryFinder::class);
		$binaries->method('findBinaryPath')->willReturn(false);
		$this->drives = new DriveFactory($config, $time, $binaries);
		$this->target = new Target();
		$this->target->setId(1);
		$this->target->setUuid('uuid-1');
		$this->target->setPath($this->drive);
		$this->target->setEnabled(true);
		$this->drives->forTarget($this->target)->writeMarker();

		$this->resolver = $this->createMock(SourceResolver::class);
		$this->resolver->method('file')->willReturnCallback(fn (string $uid, int $id): ?SourceFile => $uid === 'alice'
			? $this->sources[$id] ?? null
			: (isset($this->othersFiles[$uid][$id]) ? new SourceFile($id, $uid, 'x', 1, 1, 'e', $this->createMock(IStorage::class), 'x', false) : null));
		$this->resolver->method('sources')->willReturnCallback(function (string $uid, array $ids): array {
			$found = [];
			foreach ($ids as $id) {
				$file = $this->resolver->file($uid, $id);
				if ($file !== null) {
					$found[$id] = $file;
				}
			}
			return $found;
		});
		$replicas = $this->createMock(ReplicaMapper::class);
		$replicas->method('findByFilesOnTarget')->willReturnCallback(function (int $t, array $ids): array {
			$found = [];
			foreach ($ids as $id) {
				foreach ([$this->records, ...array_values($this->othersRecords)] as $records) {
					if (isset($records[$id])) {
						$found[$id][] = $records[$id];
					}
				}
			}
			return $found;
		});
		$replicas->method('findAtPaths')->willReturnCallback(fn (int $t, string $u, array $paths): array => array_values(array_filter($this->records, fn (Replica $r): bool => in_array($r->getPath(), $paths, true))));
		$replicas->method('insert')->willReturnCallback(function (Replica $r): Replica {
			$r->setId(count($this->records) + 1);
			return $this->records[$r->getFileId()] = $r;
		});
		$replicas->method('insertMany')->willReturnCallback(function (array $new): void {
			foreach ($new as $r) {
				$r->setId(count($this->records) + 1);
				$this->records[$r->getFileId()] = $r;
			}
		});
		$replicas->method('update')->willReturnCallback(fn (Replica $r): Replica => $this->records[$r->getFileId()] = $r);
		$replicas->method('delete')->willReturnCallback(function (Replica $r): Replica {
			if ($r->getUserId() === 'alice') {
				unset($this->records[$r->getFileId()]);
			} else {
				unset($this->othersRecords[$r->getUserId()][$r->getFileId()]);
			}
			return $r;
		});
		$this->queue = $this->createMock(WorkQueue::class);
		$this->replicas = $replicas;
		$trash = $this->createMock(TrashEntryMapper::class);
		$trash->method('insert')->willReturnCallback(function (TrashEntry $e): TrashEntry {
			return $this->trashed[] = $e;
		});
		$this->replicator = new Replicator($this->resolver, $replicas, new WriteTransaction($this->createMock(IDBConnection::class)), $time, new TrashRecorder($trash, $time), $this->tripwire = $this->createMock(Tripwire::class), ExclusionsFixture::make($this));
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->drive));
	}

	private function source(int $id, string $path, string $content, int $mtime = 1600000000, string $etag = 'e1', ?string $localFile = null): void {
		$storage = $this->createMock(IStorage::class);
		$storage->method('isLocal')->willReturn($localFile !== null);
		$storage->method('getLocalFile')->willReturn($localFile ?? false);
		$storage->method('fopen')->with('files/' . $path, 'r')->willReturnCallback(function () use ($content) {
			$s = fopen('php://memory', 'w+b');
			fwrite($s, $content);
			rewind($s);
			return $s;
		});
		$this->sources[$id] = new SourceFile($id, 'alice', $path, strlen($content), $mtime, $etag, $storage, 'files/' . $path, false);
	}

	private function item(int $fileId, string $kind = QueueItem::KIND_FILE, ?string $path = null): QueueItem {
		$item = new QueueItem();
		$item->setUserId('alice');
		$item->setFileId($fileId);
		$item->setKind($kind);
		$item->setPath($path);
		return $item;
	}

	private function process(int $fileId): void {
		$this->replicator->syncFile($this->drives->forTarget($this->target), 'alice', $fileId, static function (): void {
		}, null, $this->item($fileId));
	}

	public function testNewFileIsCopiedAndRecorded(): void {
		$this->source(42, 'Photos/a.jpg', 'pixels', 1500000000);
		$this->process(42);
		$copy = $this->drive . '/alice/Photos/a.jpg';
		$this->assertSame('pixels', file_get_contents($copy));
		$this->assertSame(1500000000, filemtime($copy));
		$this->assertSame(hash('sha256', 'pixels'), $this->records[42]->getChecksum());
		$this->assertSame('Photos/a.jpg', $this->records[42]->getPath());
	}

	public function testLocalUnencryptedStorageIsReadDirectly(): void {
		$local = $this->drive . '.src';
		file_put_contents($local, 'from disk');
		try {
			// the node's own stream says something else: the direct read must win
			$this->source(42, 'a.jpg', 'via api!!', 1500000000, 'e1', $local);
			$this->process(42);
			$this->assertSame('from disk', file_get_contents($this->drive . '/alice/a.jpg'));
		} finally {
			unlink($local);
		}
	}

	public function testUpToDateFileIsNotCopiedAgain(): void {
		$this->source(42, 'a.jpg', 'pixels');
		$this->process(42);
		$first = $this->records[42]->getReplicatedAt();
		$this->records[42]->setReplicatedAt(5);
		$this->process(42);
		$this->assertSame(5, $this->records[42]->getReplicatedAt(), 'an up-to-date copy must not be rewritten');
		$this->assertSame(1800000000, $first);
	}

	public function testRenameIsARenameOnTheMirror(): void {
		$this->source(42, 'a.jpg', 'pixels');
		$this->process(42);
		$inode = fileinode($this->drive . '/alice/a.jpg');
		$this->source(42, 'Album/b.jpg', 'pixels');
		$this->process(42);
		$this->assertFileDoesNotExist($this->drive . '/alice/a.jpg');
		$this->assertSame($inode, fileinode($this->drive . '/alice/Album/b.jpg'), 'renamed, not copied');
		$this->assertSame('Album/b.jpg', $this->records[42]->getPath());
	}

	public function testARenameOnTheDriveThatWasNotRecordedIsFoundAtItsNewPlaceByTheRetry(): void {
		// a rename whose folder sync failed is not recorded; a replug may show it made all the same
		$this->source(42, 'a.jpg', 'pixels');
		$this->process(42);
		mkdir($this->drive . '/alice/Album');
		rename($this->drive . '/alice/a.jpg', $this->drive . '/alice/Album/b.jpg');
		$inode = fileinode($this->drive . '/alice/Album/b.jpg');
		$this->records[42]->setReplicatedAt(5);
		$this->source(42, 'Album/b.jpg', 'pixels');

		$this->process(42);

		$this->assertSame('Album/b.jpg', $this->records[42]->getPath(), 'the record follows the copy');
		$this->assertSame($inode, fileinode($this->drive . '/alice/Album/b.jpg'), 'found in place, not copied anew');
		$this->assertSame(5, $this->records[42]->getReplicatedAt());
	}

	public function testTheTripwireCountsTheRenameForThisTarget(): void {
		$this->target->setId(7);
		$this->source(42, 'a.jpg', 'pixels');
		$this->process(42);
		// each target applies the user's change once: the tripwire counts it for target 7 alone
		$this->tripwire->expects($this->once())->method('permit')->with('alice', 7, $this->isType('callable'), 1, null);
		$this->source(42, 'b.jpg', 'pixels');
		$this->process(42);
	}

	public function testDeletedFileGoesToTheMirrorTrash(): void {
		$this->source(42, 'Photos/a.jpg', 'pixels');
		$this->process(42);
		$this->sources[42] = null;
		$this->process(42);
		$this->assertFileDoesNotExist($this->drive . '/alice/Photos/a.jpg');
		$this->assertSame('pixels', file_get_contents($this->drive . '/.mirror-trash/alice/' . date('Y-m-d', 1800000000) . '/Photos/a.jpg'));
		$this->assertArrayNotHasKey(42, $this->records);
		$this->assertCount(1, $this->trashed);
		$this->assertSame([TrashEntry::DELETED, 'Photos/a.jpg', date('Y-m-d', 1800000000) . '/Photos/a.jpg', hash('sha256', 'pixels'), 6],
			[$this->trashed[0]->getReason(), $this->trashed[0]->getPath(), $this->trashed[0]->getTrashPath(), $this->trashed[0]->getChecksum(), $this->trashed[0]->getSize()]);
	}

	/** A copy of another user's: the file copied for alice too (an external storage mounted for both, "users"). */
	private function bensCopy(int $fileId, string $path, string $content): void {
		is_dir(dirname($this->drive . '/ben/' . $path)) || mkdir(dirname($this->drive . '/ben/' . $path), 0777, true);
		file_put_contents($this->drive . '/ben/' . $path, $content);
		$replica = new Replica();
		$replica->setId(99);
		$replica->setTargetId(1);
		$replica->setUserId('ben');
		$replica->setFileId($fileId);
		$replica->setPath($path);
		$replica->setSize(strlen($content));
		$replica->setChecksum(hash('sha256', $content));
		$this->othersRecords['ben'][$fileId] = $replica;
	}

	public function testACopyOfAnotherUserWhoStillHoldsTheFileIsLeftAsItIs(): void {
		$this->bensCopy(42, 'Disk/a.jpg', 'pixels');
		$this->othersFiles['ben'][42] = true;
		$this->source(42, 'Disk/a.jpg', 'pixels');
		$this->process(42);
		$this->assertSame('pixels', file_get_contents($this->drive . '/alice/Disk/a.jpg'), 'alice gets her own copy');
		$this->assertSame('pixels', file_get_contents($this->drive . '/ben/Disk/a.jpg'), 'ben keeps his');
		$this->assertSame(['ben', 'alice'], [$this->othersRecords['ben'][42]->getUserId(), $this->records[42]->getUserId()]);
		$this->assertSame([], $this->trashed);
	}

	public function testACopyOfAnotherUserWhoNoLongerHoldsTheFileGoesToTheirTrashAsItIsCopiedForThisOne(): void {
		$this->bensCopy(42, 'Disk/a.jpg', 'pixels');
		$this->source(42, 'Disk/a.jpg', 'pixels');
		$this->process(42);
		$this->assertSame('pixels', file_get_contents($this->drive . '/alice/Disk/a.jpg'));
		$this->assertFileDoesNotExist($this->drive . '/ben/Disk/a.jpg');
		$this->assertSame('pixels', file_get_contents($this->drive . '/.mirror-trash/ben/' . date('Y-m-d', 1800000000) . '/Disk/a.jpg'));
		$this->assertSame([], $this->othersRecords['ben']);
		$this->assertSame(['ben'], array_map(static fn (TrashEntry $e): string => $e->getUserId(), $this->trashed));
	}

	public function testABatchAsksOnceWhetherTheOtherUsersStillHoldItsFiles(): void {
		$this->bensCopy(42, 'Disk/a.jpg', 'pixels');
		$this->bensCopy(43, 'Disk/b.jpg', 'more pixels');
		$this->othersFiles['ben'] = [42 => true, 43 => true];
		$this->source(42, 'Disk/a.jpg', 'pixels');
		$this->source(43, 'Disk/b.jpg', 'more pixels');
		$asked = [];
		$this->resolver->expects($this->exactly(2))->method('sources')->willReturnCallback(function (string $uid, array $ids) use (&$asked): array {
			$asked[] = [$uid, $ids];
			return array_filter(array_map(fn (int $id) => $this->resolver->file($uid, $id), array_combine($ids, $ids)));
		});
		$this->replicator->prefetch($this->target, [$this->item(42), $this->item(43)]);
		$this->process(42);
		$this->process(43);
		$this->assertSame([['alice', [42, 43]], ['ben', [42, 43]]], $asked, 'alice\'s sources, then whether ben holds them: one lookup each for the batch');
		$this->assertSame('more pixels', file_get_contents($this->drive . '/ben/Disk/b.jpg'));
		$this->assertSame('more pixels', file_get_contents($this->drive . '/alice/Disk/b.jpg'));
	}

	public function testADeletionForThisUserLeavesAnotherUsersCopyAlone(): void {
		$this->bensCopy(42, 'Disk/a.jpg', 'pixels');
		$this->othersFiles['ben'][42] = true;
		$this->source(42, 'Disk/a.jpg', 'pixels');
		$this->process(42);
		$this->sources[42] = null;
		$this->process(42);
		$this->assertSame('pixels', file_get_contents($this->drive . '/.mirror-trash/alice/' . date('Y-m-d', 1800000000) . '/Disk/a.jpg'));
		$this->assertSame('pixels', file_get_contents($this->drive . '/ben/Disk/a.jpg'), 'his own item moves his copy');
	}

	public function testOverwriteKeepsTheOldContentInTheTrash(): void {
		$this->source(42, 'a.jpg', 'good photo');
		$this->process(42);
		$this->source(42, 'a.jpg', 'ransomware!', 1600000001, 'e2');
		$this->process(42);
		$this->assertSame('ransomware!', file_get_contents($this->drive . '/alice/a.jpg'));
		$this->assertSame('good photo', file_get_contents($this->drive . '/.mirror-trash/alice/' . date('Y-m-d', 1800000000) . '/a.jpg'));
		$this->assertCount(1, $this->trashed, 'the earlier version is recorded');
		$this->assertSame([TrashEntry::OVERWRITTEN, 42, hash('sha256', 'good photo'), 10],
			[$this->trashed[0]->getReason(), $this->trashed[0]->getFileId(), $this->trashed[0]->getChecksum(), $this->trashed[0]->getSize()],
			'with the sha256 and size of the old copy, not the new one');
	}

	public function testUnpluggedDriveGetsNotOneByte(): void {
		unlink($this->drive . '/' . Drive::MARKER);
		$this->source(42, 'Photos/a.jpg', 'pixels');
		try {
			$this->process(42);
			$this->fail('expected TargetOfflineException');
		} catch (TargetOfflineException) {
		}
		$this->assertSame(['.', '..'], scandir($this->drive));
	}

	public function testFolderMoveIsOneRename(): void {
		$this->source(1, 'Old/a.jpg', 'a');
		$this->source(2, 'Old/sub/b.jpg', 'b');
		$this->process(1);
		$this->process(2);
		$folder = $this->createMock(\OCP\Files\Folder::class);
		$this->resolver->method('node')->willReturn($folder);
		$this->resolver->method('relativePath')->willReturn('New');
		$this->replicas->method('findBelow')->willReturnCallback(fn (): array => array_values($this->records));
		$drive = $this->drives->forTarget($this->target);
		$handler = new MoveHandler($this->resolver, $this->replicas, $this->queue, new WriteTransaction($this->createMock(IDBConnection::class)), $this->tripwire);
		$this->queue->expects($this->never())->method('enqueueFor'); // one rename did it: nothing is left for each file
		$handler->handle($this->item(9, QueueItem::KIND_MOVE, 'Old'), new Work($this->target, $drive, new CopyBatch($drive), static function (): void {
		}));
		$this->assertSame('b', file_get_contents($this->drive . '/alice/New/sub/b.jpg'));
		$this->assertDirectoryDoesNotExist($this->drive . '/alice/Old');
		$this->assertSame('New/a.jpg', $this->records[1]->getPath());
		$this->assertSame('New/sub/b.jpg', $this->records[2]->getPath());
	}
}
