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
	/** @var list<array{string, int, string, string|null}> */
	private array $queued = [];

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

	/**
	 * Disk (mount id 5) is mirrored for each user it is mounted for, alice and bob ("users"); Scans (6) is off.
	 * Every path below /<user>/files/Disk is on it, for the mount manager as for the nodes.
	 *
	 * @return array{ChangeRecorder, \Closure(class-string<Node>, string, int, int=): Node}
	 */
	private function onSharedDisk(array $excludedUsers = []): array {
		$storages = $this->createMock(ExternalStorageDirectory::class);
		$storages->method('byId')->willReturnCallback(static fn (int $id): ?ExternalStorage => match ($id) {
			5 => new ExternalStorage(5, 'Disk', 'local', 'Disk (external storage)', ExternalStorage::USERS, 2),
			6 => new ExternalStorage(6, 'Scans', 'local', 'Scans (external storage)', ExternalStorage::OFF, 1),
			default => null,
		});
		$applicable = $this->createMock(ExternalApplicable::class);
		$applicable->method('mirroredFor')->willReturnCallback(static fn (ExternalStorage $s): array => $s->id === 5 ? ['alice', 'bob'] : []);
		$mountOf = function (string $path): IMountPoint {
			$mount = $this->createMock(IMountPoint::class);
			$disk = preg_match('#^/([^/]+)/files/(Disk|Scans)(/|$)#', $path, $m) === 1;
			$mount->method('getMountType')->willReturn($disk ? 'external' : '');
			$mount->method('getMountId')->willReturn($disk ? ($m[2] === 'Disk' ? 5 : 6) : null);
			$mount->method('getMountPoint')->willReturn($disk ? '/' . $m[1] . '/files/' . $m[2] . '/' : '/' . explode('/', $path)[1] . '/');
			return $mount;
		};
		$mounts = $this->createMock(IMountManager::class);
		$mounts->method('find')->willReturnCallback($mountOf);
		$recorder = new ChangeRecorder($this->queue, $this->createMock(LoggerInterface::class), $this->groupFolders, $mounts, ExclusionsFixture::make($this, [], $excludedUsers), $storages, $applicable);
		$node = function (string $class, string $path, int $id) use ($mountOf): Node {
			$onDisk = $mountOf($path)->getMountType() === 'external';
			$node = $this->node($class, $path, $id, explode('/', $path)[1], !$onDisk);
			$node->method('getMountPoint')->willReturn($mountOf($path));
			return $node;
		};
		return [$recorder, $node];
	}

	/** Keeps what is queued, item by item, in $this->queued (a comparison of a user as [user, 0, 'user', null]). */
	private function recordQueued(): void {
		$this->queue->method('enqueue')->willReturnCallback(function (string $user, int $id, string $kind, ?string $path = null): void {
			$this->queued[] = [$user, $id, $kind, $path];
		});
		$this->queue->method('enqueueUser')->willReturnCallback(function (string $user): void {
			$this->queued[] = [$user, 0, 'user', null];
		});
	}

	public function testAnUploadIntoAStorageMirroredForEachOfItsUsersIsQueuedForEachAtItsPathThere(): void {
		[$recorder, $node] = $this->onSharedDisk();
		$this->recordQueued();
		$recorder->changed($node(File::class, '/bob/files/Disk/Photos/a.jpg', 42));
		$recorder->changed($node(File::class, '/alice/files/Scans/b.pdf', 43));
		$this->assertSame([['alice', 42, QueueItem::KIND_FILE, null], ['bob', 42, QueueItem::KIND_FILE, null]], $this->queued, 'once per user it is mounted for; nothing for a storage that is off');
	}

	public function testAUserWhoIsLeftOutGetsNoItemForTheStorage(): void {
		[$recorder, $node] = $this->onSharedDisk(['bob']);
		$this->recordQueued();
		$recorder->changed($node(File::class, '/alice/files/Disk/a.jpg', 42));
		$this->assertSame([['alice', 42, QueueItem::KIND_FILE, null]], $this->queued);
	}

	public function testARenameOnTheStorageIsFollowedForEachUserAndADeletionTrashesEachUsersCopy(): void {
		[$recorder, $node] = $this->onSharedDisk();
		$this->recordQueued();
		$recorder->renamed($node(File::class, '/bob/files/Disk/a.jpg', 42), $node(File::class, '/bob/files/Disk/Album/a.jpg', 42));
		$gone = $node(File::class, '/alice/files/Disk/Album/a.jpg', 42);
		$recorder->deleting($gone);
		$recorder->deleted($gone);
		$this->assertSame([
			['alice', 42, QueueItem::KIND_FILE, null], ['bob', 42, QueueItem::KIND_FILE, null],
			['alice', 42, QueueItem::KIND_FILE, null], ['bob', 42, QueueItem::KIND_FILE, null],
		], $this->queued);
	}

	public function testAFileMovedFromTheStorageIntoAHomeFollowsItsOwnerAndTheOtherUsersAreComparedAgain(): void {
		[$recorder, $node] = $this->onSharedDisk();
		$this->recordQueued();
		$recorder->renamed($node(File::class, '/alice/files/Disk/a.jpg', 42), $node(File::class, '/alice/files/a.jpg', 42));
		$this->assertSame([['bob', 0, 'user', null], ['alice', 42, QueueItem::KIND_FILE, null]], $this->queued, 'bob no longer holds it: his copy goes to his trash at his comparison');
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
