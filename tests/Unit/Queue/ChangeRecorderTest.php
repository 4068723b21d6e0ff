<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Queue;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolder;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Queue\ChangeRecorder;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use OCP\Files\Cache\ICache;
use OCP\Files\File;
use OCP\Files\FileInfo;
use OCP\Files\Folder;
use OCP\Files\IHomeStorage;
use OCP\Files\Mount\IMountManager;
use OCP\Files\Mount\IMountPoint;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\Files\Storage\IStorage;
use OCP\IUser;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

class ChangeRecorderTest extends TestCase {
	private GroupFolderDirectory&MockObject $groupFolders;
	private WorkQueue&MockObject $queue;
	private ChangeRecorder $recorder;

	protected function setUp(): void {
		$this->queue = $this->createMock(WorkQueue::class);
		$this->groupFolders = $this->createMock(GroupFolderDirectory::class);
		$this->groupFolders->method('byStorage')->willReturnCallback(static fn (int $storage): ?GroupFolder => $storage === 9
			? new GroupFolder(3, 'Family', 'Family (group folder)', 9, true, false) : null);
		$mounts = $this->createMock(IMountManager::class);
		$mounts->method('find')->willReturnCallback(function (string $path): IMountPoint {
			$mount = $this->createMock(IMountPoint::class);
			$inFamily = preg_match('#^/([^/]+)/files/Family(/|$)#', $path, $m) === 1;
			$mount->method('getMountType')->willReturn($inFamily ? 'group' : '');
			$mount->method('getMountPoint')->willReturn($inFamily ? '/' . $m[1] . '/files/Family/' : '/' . explode('/', $path)[1] . '/');
			return $mount;
		});
		$this->recorder = new ChangeRecorder($this->queue, $this->createMock(LoggerInterface::class), $this->groupFolders, $mounts, ExclusionsFixture::make($this), $this->createMock(ExternalStorageDirectory::class), $this->createMock(ExternalApplicable::class));
	}

	/**
	 * @param class-string<Node> $class
	 */
	private function node(string $class, string $path, int $id, string $owner = 'alice', bool $home = true): Node&MockObject {
		$node = $this->createMock($class);
		$node->method('getPath')->willReturn($path);
		$node->method('getId')->willReturn($id);
		$user = $this->createMock(IUser::class);
		$user->method('getUID')->willReturn($owner);
		$node->method('getOwner')->willReturn($user);
		$storage = $this->createMock(IStorage::class);
		$storage->method('instanceOfStorage')->willReturnCallback(fn (string $c): bool => $home && $c === IHomeStorage::class);
		$cache = $this->createMock(ICache::class);
		$cache->method('getNumericStorageId')->willReturn(1);
		$storage->method('getCache')->willReturn($cache);
		$node->method('getStorage')->willReturn($storage);
		$node->method('getType')->willReturn($class === Folder::class ? FileInfo::TYPE_FOLDER : FileInfo::TYPE_FILE);
		return $node;
	}

	public function testNewFileQueuesOneFileItem(): void {
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 42, QueueItem::KIND_FILE, null);
		$this->recorder->changed($this->node(File::class, '/alice/files/Photos/a.jpg', 42));
	}

	public function testNewFolderQueuesATreeItem(): void {
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 7, QueueItem::KIND_TREE, null);
		$this->recorder->changed($this->node(Folder::class, '/alice/files/Photos', 7));
	}

	public function testWhatIsLeftOutIsNeverQueued(): void {
		$recorder = new ChangeRecorder($this->queue, $this->createMock(LoggerInterface::class), $this->groupFolders, $this->createMock(IMountManager::class), ExclusionsFixture::make($this, ['*.tmp'], ['bob'], [], 0, ['Photos/Cache']), $this->createMock(ExternalStorageDirectory::class), $this->createMock(ExternalApplicable::class));
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 45, QueueItem::KIND_FILE, null);
		$recorder->changed($this->node(File::class, '/alice/files/Photos/Cache/a.jpg', 42));
		$recorder->changed($this->node(Folder::class, '/alice/files/Photos/Cache/Sub', 43));
		$recorder->changed($this->node(File::class, '/alice/files/Photos/a.tmp', 44));
		$recorder->changed($this->node(File::class, '/bob/files/Photos/a.jpg', 46, 'bob'));
		$recorder->changed($this->node(File::class, '/alice/files/Photos/a.jpg', 45));
	}

	public function testExternalStorageAndNonUserPathsAreIgnored(): void {
		$this->queue->expects($this->never())->method('enqueue');
		$this->recorder->changed($this->node(File::class, '/alice/files/External/a.jpg', 42, 'alice', false));
		$this->recorder->changed($this->node(File::class, '/alice/files_trashbin/files/a.jpg.d1', 43));
		$this->recorder->changed($this->node(File::class, '/appdata_oc/preview/1.png', 44));
		$this->recorder->changed($this->node(Folder::class, '/alice/files', 1));
	}

	public function testAnUploadIntoAStorageMirroredAsPartOfItsUsersFilesIsQueuedForThatUserAtItsPathThere(): void {
		$storages = $this->createMock(ExternalStorageDirectory::class);
		$storages->method('byId')->willReturnCallback(static fn (int $id): ?ExternalStorage => match ($id) {
			5 => new ExternalStorage(5, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::USERS, 2),
			6 => new ExternalStorage(6, 'Scans', 'local', 'Scans (external storage)', ExternalStorage::USERS, 1),
			default => null,
		});
		$applicable = $this->createMock(ExternalApplicable::class);
		// Disk is mounted for alice alone; Scans for several users (not mirrored in this mode)
		$applicable->method('mirroredFor')->willReturnCallback(static fn (ExternalStorage $s): ?string => $s->id === 5 ? 'alice' : null);
		$recorder = new ChangeRecorder($this->queue, $this->createMock(LoggerInterface::class), $this->groupFolders, $this->createMock(IMountManager::class), ExclusionsFixture::make($this), $storages, $applicable);
		$onMount = function (string $path, int $id, int $mountId): Node {
			$node = $this->node(File::class, $path, $id, 'alice', false);
			$mount = $this->createMock(IMountPoint::class);
			$mount->method('getMountType')->willReturn('external');
			$mount->method('getMountId')->willReturn($mountId);
			$node->method('getMountPoint')->willReturn($mount);
			return $node;
		};
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 42, QueueItem::KIND_FILE, null);
		$recorder->changed($onMount('/alice/files/Disk/Photos/a.jpg', 42, 5));
		$recorder->changed($onMount('/alice/files/Scans/b.pdf', 43, 6));
	}

	public function testShareSeenByRecipientIsQueuedForTheOwner(): void {
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 42, QueueItem::KIND_FILE, null);
		$this->recorder->changed($this->node(File::class, '/bob/files/Shared/a.jpg', 42, 'alice', false));
	}

	public function testFolderRenameByOwnerIsOneMoveWithTheOldPath(): void {
		$source = $this->createMock(Node::class);
		$source->method('getPath')->willReturn('/alice/files/Photos');
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 7, QueueItem::KIND_MOVE, 'Photos');
		$this->recorder->renamed($source, $this->node(Folder::class, '/alice/files/Pictures/Photos', 7));
	}

	public function testFolderRenameByShareRecipientFallsBackToPerFileFollow(): void {
		$source = $this->createMock(Node::class);
		$source->method('getPath')->willReturn('/bob/files/Shared/Old');
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 7, QueueItem::KIND_TREE, null);
		$this->recorder->renamed($source, $this->node(Folder::class, '/bob/files/Shared/New', 7, 'alice', false));
	}

	public function testMoveOutOfScopeQueuesAUserComparison(): void {
		$source = $this->createMock(Node::class);
		$source->method('getPath')->willReturn('/alice/files/a.jpg');
		$this->queue->expects($this->once())->method('enqueueUser')->with('alice');
		$this->recorder->renamed($source, $this->node(File::class, '/alice/files/GroupFolder/a.jpg', 99, 'alice', false));
	}

	public function testFolderDeleteQueuesOneDeleteTreeWithItsPath(): void {
		$folder = $this->node(Folder::class, '/alice/files/Old', 7);
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 7, QueueItem::KIND_DELETE_TREE, 'Old');
		$this->recorder->deleting($folder);
		$gone = $this->createMock(Node::class);
		$gone->method('getPath')->willReturn('/alice/files/Old');
		$gone->method('getId')->willThrowException(new NotFoundException());
		$this->recorder->deleted($gone);
	}

	public function testFileDeleteQueuesTheFile(): void {
		$file = $this->node(File::class, '/alice/files/a.jpg', 42);
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 42, QueueItem::KIND_FILE, null);
		$this->recorder->deleting($file);
		$this->recorder->deleted($file);
	}

	public function testAFailureNeverBreaksTheUpload(): void {
		$node = $this->createMock(File::class);
		$node->method('getPath')->willReturn('/alice/files/a.jpg');
		$node->method('getOwner')->willThrowException(new \RuntimeException('db down'));
		$this->queue->expects($this->never())->method('enqueue');
		$this->recorder->changed($node);
	}

	/** A node in the group folder "Family" (storage 9) as a member sees it, mounted at /<uid>/files/Family. */
	private function inFamily(string $class, string $path, int $id): Node&MockObject {
		$node = $this->createMock($class);
		$node->method('getPath')->willReturn($path);
		$node->method('getId')->willReturn($id);
		$storage = $this->createMock(IStorage::class);
		$storage->method('instanceOfStorage')->willReturn(false);
		$cache = $this->createMock(ICache::class);
		$cache->method('getNumericStorageId')->willReturn(9);
		$storage->method('getCache')->willReturn($cache);
		$node->method('getStorage')->willReturn($storage);
		$mount = $this->createMock(IMountPoint::class);
		$mount->method('getMountType')->willReturn('group');
		$mount->method('getMountPoint')->willReturn('/' . explode('/', $path)[1] . '/files/Family/');
		$node->method('getMountPoint')->willReturn($mount);
		$node->method('getType')->willReturn($class === Folder::class ? FileInfo::TYPE_FOLDER : FileInfo::TYPE_FILE);
		return $node;
	}

	public function testAnUploadIntoAGroupFolderIsQueuedForTheGroupFolderWhoeverUploads(): void {
		$this->queue->expects($this->exactly(2))->method('enqueue')->with('Family (group folder)', 42, QueueItem::KIND_FILE, null);
		$this->recorder->changed($this->inFamily(File::class, '/alice/files/Family/a.jpg', 42));
		$this->recorder->changed($this->inFamily(File::class, '/bob/files/Family/a.jpg', 42));
	}

	public function testAFolderRenameInsideAGroupFolderIsOneMoveWithItsOldPathInTheGroupFolder(): void {
		$source = $this->createMock(Node::class);
		$source->method('getPath')->willReturn('/alice/files/Family/Trip');
		$this->queue->expects($this->once())->method('enqueue')->with('Family (group folder)', 7, QueueItem::KIND_MOVE, 'Trip');
		$this->recorder->renamed($source, $this->inFamily(Folder::class, '/alice/files/Family/Trip 2026', 7));
	}

	public function testAFolderMovedFromAGroupFolderIntoAHomeIsFollowedFileByFile(): void {
		// as Nextcloud hands it over after the move: a node at the old path that no longer exists
		$source = $this->createMock(Folder::class);
		$source->method('getPath')->willReturn('/alice/files/Family/Trip');
		$source->method('getMountPoint')->willThrowException(new NotFoundException());
		$this->queue->expects($this->once())->method('enqueue')->with('alice', 7, QueueItem::KIND_TREE, null);
		$this->recorder->renamed($source, $this->node(Folder::class, '/alice/files/Trip', 7));
	}

	public function testAGroupFolderFileDeletedIsQueuedForTheGroupFolder(): void {
		$node = $this->inFamily(File::class, '/bob/files/Family/Album/x.jpg', 55);
		$this->queue->expects($this->once())->method('enqueue')->with('Family (group folder)', 55, QueueItem::KIND_FILE, null);
		$this->recorder->deleting($node);
		$this->recorder->deleted($node);
	}
}
