<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\GroupFolders\GroupFolderRoots;
use OCA\Mirror\Source\GroupFolders\MemberAccess;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\FailureMessages;
use OCA\Mirror\Status\FileDetailsService;
use OCA\Mirror\Status\FileStatusService;
use OCA\Mirror\Status\SharedSince;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Tests\Unit\ServerApps;
use OCA\Mirror\Tests\Unit\Source\Exclusion\ExclusionsFixture;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashService;
use OCP\Files\File;
use OCP\Files\Folder;
use OCP\Files\IRootFolder;
use OCP\Files\Mount\IMountPoint;
use OCP\Files\Node;
use OCP\Files\Storage\IStorage;
use OCP\IL10N;
use OCP\IUser;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * The per-file answer: only for files the user can access, the owner's mirror state for a share
 * recipient, target names and never their paths.
 */
class FileDetailsServiceTest extends TestCase {
	private const PERMISSION_SENTENCE = 'The mirror drive does not let Nextcloud write this file (permission denied, or a read-only drive).';
	use Fixtures;

	private const FILE = 10;
	private const FOLDER = 20;

	private IRootFolder&MockObject $root;
	private SourceResolver&MockObject $resolver;
	private ReplicaMapper&MockObject $replicas;
	private QueueReader&MockObject $queueItems;
	private FileCacheReader&MockObject $cache;
	private TrashService&MockObject $trash;
	private SharedSince&MockObject $sharedSince;
	private ExternalMounts&MockObject $externalMounts;
	private FileDetailsService $service;
	/** @var array<string, array<int, Node>> what each user's folder finds by id */
	private array $visible = [];

	public static function setUpBeforeClass(): void {
		ServerApps::register();
	}

	protected function setUp(): void {
		$this->root = $this->createMock(IRootFolder::class);
		$this->root->method('getUserFolder')->willReturnCallback(function (string $uid): Folder {
			$folder = $this->createMock(Folder::class);
			$folder->method('getFirstNodeById')->willReturnCallback(fn (int $id): ?Node => $this->visible[$uid][$id] ?? null);
			return $folder;
		});
		$this->resolver = $this->createMock(SourceResolver::class);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([
			self::target(1, 'USB drive', path: '/mnt/usb'),
			self::target(2, 'NFS share', path: '/srv/nfs/mirror'),
		]);
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->queueItems = $this->createMock(QueueReader::class);
		$this->cache = $this->createMock(FileCacheReader::class);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturnCallback(function (Target $target): Drive {
			$drive = $this->createMock(Drive::class);
			$drive->method('state')->willReturn($target->getId() === 1
				? new TargetState(true, null, '/mnt/usb')
				: new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb'));
			return $drive;
		});
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->service = new FileDetailsService(
			$this->resolver,
			new FileStatusService($targets, $this->replicas, $this->queueItems, $this->cache, $this->externalMounts = $this->createMock(ExternalMounts::class)),
			$drives,
			new FailureMessages($l),
			$this->trash = $this->createMock(TrashService::class),
			$this->sharedSince = $this->createMock(SharedSince::class),
			// seen() as it is (the node through the user folder), the group folder's answers stubbed
			$this->getMockBuilder(MemberAccess::class)
				->setConstructorArgs([$this->root, $this->createMock(GroupFolderDirectory::class), $this->createMock(GroupFolderRoots::class)])
				->onlyMethods(['ownerOf', 'allows'])
				->getMock(),
			ExclusionsFixture::make($this, [], [], [], 0, ['Cache']),
			$this->externalMounts,
		);
	}

	/**
	 * @param class-string<Node> $class
	 */
	private function node(string $class, int $id, string $owner, string $etag = 'etag-now'): Node&MockObject {
		$node = $this->createMock($class);
		$node->method('getId')->willReturn($id);
		$node->method('getEtag')->willReturn($etag);
		$user = $this->createMock(IUser::class);
		$user->method('getUID')->willReturn($owner);
		$node->method('getOwner')->willReturn($user);
		$home = $this->createMock(IMountPoint::class); // in its owner's home
		$home->method('getMountPoint')->willReturn('/' . $owner . '/');
		$node->method('getMountPoint')->willReturn($home);
		$node->method('getStorage')->willReturn($this->createMock(IStorage::class)); // seen through no share
		return $node;
	}

	/** alice owns the file and shares it with bob; the mirror copies it under alice. */
	private function aliceSharesHerFileWithBob(): void {
		$owners = $this->node(File::class, self::FILE, 'alice');
		$this->visible['alice'][self::FILE] = $owners;
		$this->visible['bob'][self::FILE] = $this->node(File::class, self::FILE, 'alice'); // seen through bob's share
		$this->resolver->method('node')->willReturnCallback(static fn (string $uid, int $id): ?Node => $uid === 'alice' && $id === self::FILE ? $owners : null);
		$this->replicas->method('findByFileIds')->willReturn([self::replica(self::FILE, 1, 'etag-now', 2048, 1_700_000_123)]);
		$this->queueItems->method('fileItems')->willReturn([
			self::item(self::FILE, 2, 'Permission denied on the mirror drive: could not create temporary file in /srv/nfs/mirror/alice/Private/Taxes'),
		]);
	}

	public function testTheOwnerSeesEachTargetByNameWithTheCopyAndTheFailure(): void {
		$this->aliceSharesHerFileWithBob();

		$status = $this->service->details('alice', self::FILE);

		$this->assertSame(['fileId' => self::FILE, 'type' => 'file', 'inScope' => true, 'state' => 'failed'],
			array_intersect_key($status, array_flip(['fileId', 'type', 'inScope', 'state'])));
		$this->assertNull($status['folder']);
		[$usb, $nfs] = $status['targets'];
		$this->assertSame([
			'id' => 1, 'name' => 'USB drive', 'online' => true, 'offlineReason' => null,
			'state' => 'replicated', 'replicatedAt' => 1_700_000_123, 'size' => 2048, 'checksum' => str_repeat('ab', 32),
			'current' => true, 'queuedAt' => null, 'nextAttemptAt' => null, 'attempts' => 0, 'errorCode' => null, 'error' => null,
		], $usb);
		$this->assertSame('failed', $nfs['state']);
		$this->assertFalse($nfs['online']);
		$this->assertSame(TargetState::MARKER_MISSING, $nfs['offlineReason']);
		$this->assertSame(2, $nfs['attempts']);
		$this->assertSame(1_700_000_600, $nfs['nextAttemptAt']);
		$this->assertSame('permission', $nfs['errorCode']);
		// the catalogue's sentence in the reader's language: what happened, never where on the server
		$this->assertSame(self::PERMISSION_SENTENCE, $nfs['error']);
		$this->assertStringNotContainsString('/srv/nfs', json_encode($status));
		$this->assertStringNotContainsString('/mnt/usb', json_encode($status));
	}

	public function testAFileInAFolderWithANomirrorIsLeftOutWithItsFolder(): void {
		$file = $this->node(File::class, self::FILE, 'alice');
		$this->visible['alice'][self::FILE] = $file;
		$this->resolver->method('node')->willReturn($file);
		$this->resolver->method('relativePath')->willReturn('Cache/Sub/a.jpg');
		$this->replicas->method('findByFileIds')->willReturn([self::replica(self::FILE, 1, 'etag-now')]);
		$this->queueItems->method('fileItems')->willReturn([]);

		$status = $this->service->details('alice', self::FILE);

		$this->assertSame('excluded', $status['state']);
		$this->assertSame(['reason' => 'nomirror', 'detail' => 'Cache'], $status['exclusion']);
		$this->assertSame('replicated', $status['targets'][0]['state'], 'the copy made before stays until the next reconcile');
	}

	public function testAnOwnerWhoseIdIsEncodedOnTheDriveSeesNoServerPathEither(): void {
		$file = $this->node(File::class, self::FILE, '.hidden');
		$this->visible['.hidden'][self::FILE] = $file;
		$this->resolver->method('node')->willReturnCallback(static fn (string $uid, int $id): ?Node => $uid === '.hidden' && $id === self::FILE ? $file : null);
		$this->replicas->method('findByFileIds')->willReturn([]);
		$item = self::item(self::FILE, 1, 'The mirror drive holds a symbolic link at /mnt/usb/%2Ehidden/Photos; Mirror never follows links on the drive');
		$item->setUserId('.hidden');
		$item->setErrorCode('unsafe_link');
		$item->setErrorParams(json_encode(['path' => '/mnt/usb/%2Ehidden/Photos']));
		$this->queueItems->method('fileItems')->willReturn([$item]);

		$status = $this->service->details('.hidden', self::FILE);

		$this->assertSame('A symbolic link on the mirror drive stands where this file goes. Mirror never follows links on the drive: an administrator has to remove it.', $status['targets'][0]['error']);
		$this->assertStringNotContainsString('/mnt/usb', json_encode($status));
	}

	public function testAShareRecipientGetsTheOwnersStateButNotTheOwnersMessage(): void {
		$this->aliceSharesHerFileWithBob();

		$status = $this->service->details('bob', self::FILE);

		$this->assertTrue($status['inScope']);
		$this->assertSame('failed', $status['state']);
		$this->assertSame(['replicated', 'failed'], array_column($status['targets'], 'state'));
		$this->assertSame('permission', $status['targets'][1]['errorCode']);
		$this->assertSame(self::PERMISSION_SENTENCE, $status['targets'][1]['error'], 'the sentence names none of the owner\'s folders');
		$this->assertStringNotContainsString('Taxes', json_encode($status));
	}

	public function testSomeoneElsesFileIsNotFoundAndNothingIsLookedUp(): void {
		$this->aliceSharesHerFileWithBob();
		$this->replicas->expects($this->never())->method('findByFileIds');

		$this->expectException(FileNotAccessibleException::class);
		$this->service->details('mallory', self::FILE);
	}

	public function testAnIdThatDoesNotExistIsNotFoundEither(): void {
		$this->expectException(FileNotAccessibleException::class);
		$this->service->details('alice', 999_999);
	}

	public function testAFileOutsideAnyonesOwnFilesIsOutOfScope(): void {
		$this->visible['alice'][self::FILE] = $this->node(File::class, self::FILE, 'alice');
		$this->resolver->method('node')->willReturn(null); // a group folder
		$this->replicas->expects($this->never())->method('findByFileIds');

		$status = $this->service->details('alice', self::FILE);
		$this->assertFalse($status['inScope']);
		$this->assertNull($status['state']);
		$this->assertSame([], $status['targets']);
	}

	public function testAFolderCountsItsFilesByStateInBatches(): void {
		$folder = $this->node(Folder::class, self::FOLDER, 'alice');
		$this->visible['bob'][self::FOLDER] = $this->node(Folder::class, self::FOLDER, 'alice');
		$this->resolver->method('node')->willReturn($folder);
		$this->resolver->method('relativePath')->with($folder)->willReturn('Photos');
		$files = [];
		for ($id = 1; $id <= 2500; $id++) {
			$files[] = ['fileId' => $id, 'path' => 'Photos/' . $id . '.jpg', 'size' => 1, 'mtime' => 1, 'etag' => 'e' . $id];
		}
		$this->cache->expects($this->once())->method('files')->with('alice', 'Photos')->willReturn((static fn () => yield from $files)());
		// 2500 files: three batches, each one lookup per table
		$this->replicas->expects($this->exactly(3))->method('findByFileIds')->willReturnCallback(static function (array $ids): array {
			$out = [];
			foreach ($ids as $id) {
				$out[] = self::replica($id, 1, 'e' . $id);
				if ($id > 100) {
					$out[] = self::replica($id, 2, 'e' . $id);
				}
			}
			return $out;
		});
		$this->queueItems->expects($this->exactly(3))->method('fileItems')->willReturnCallback(static fn (array $ids): array => in_array(7, $ids, true) ? [self::item(7, 2, 'disk full')] : []);

		$status = $this->service->details('bob', self::FOLDER);

		$this->assertSame('folder', $status['type']);
		$this->assertSame([], $status['targets']);
		$folderCounts = $status['folder'];
		$this->assertSame(['files' => 2500, 'replicated' => 2400, 'pending' => 99, 'failed' => 1], array_slice($folderCounts, 0, 4));
		$this->assertSame(['id' => 1, 'name' => 'USB drive', 'online' => true, 'offlineReason' => null, 'replicated' => 2500, 'pending' => 0, 'failed' => 0, 'none' => 0], $folderCounts['targets'][0]);
		$this->assertSame(['replicated' => 2400, 'pending' => 0, 'failed' => 1, 'none' => 99], array_slice($folderCounts['targets'][1], 4));
	}

	public function testAFileSharedWithTheUserCanBeRetried(): void {
		$this->aliceSharesHerFileWithBob();
		$this->service->assertRetryable('bob', self::FILE);
		$this->addToAssertionCount(1);
	}

	public function testRetryOfSomeoneElsesFileIsNotFound(): void {
		$this->aliceSharesHerFileWithBob();
		$this->expectException(FileNotAccessibleException::class);
		$this->service->assertRetryable('mallory', self::FILE);
	}

	public function testRetryOfAFolderIsRefused(): void {
		$this->visible['alice'][self::FOLDER] = $this->node(Folder::class, self::FOLDER, 'alice');
		$this->expectException(\InvalidArgumentException::class);
		$this->service->assertRetryable('alice', self::FOLDER);
	}

	public function testTheEarlierVersionsOfAFileShowDatesAndSizesNeverAPath(): void {
		$this->aliceSharesHerFileWithBob();
		$entry = new TrashEntry();
		$entry->setId(7);
		$entry->setTargetId(1);
		$entry->setUserId('alice');
		$entry->setFileId(self::FILE);
		$entry->setPath('Photos/a.jpg');
		$entry->setTrashPath('2026-11-30/Photos/a.jpg');
		$entry->setTrashedAt(1_790_000_000);
		$entry->setSize(2048);
		$entry->setReason(TrashEntry::OVERWRITTEN);
		$this->trash->expects($this->exactly(3))->method('versionsOf')->with('alice', self::FILE)->willReturn([$entry]);
		// bob sees alice's versions through his share from when it was shared with him, but only the owner restores
		$this->sharedSince->method('of')->willReturnOnConsecutiveCalls(1_790_000_000, 1_790_000_001);
		$bobs = $this->service->history('bob', self::FILE);
		$this->assertSame([false, [7]], [$bobs['restorable'], array_column($bobs['versions'], 'id')], 'trashed the second it was shared');
		$this->assertSame([], $this->service->history('bob', self::FILE)['versions'], 'trashed before it was shared');
		$history = $this->service->history('alice', self::FILE);
		$this->assertTrue($history['restorable']);
		$this->assertSame([['id' => 7, 'targetId' => 1, 'targetName' => 'USB drive', 'trashedAt' => 1_790_000_000, 'size' => 2048, 'mtime' => 0, 'reason' => 'overwritten']], $history['versions']);
		$this->assertStringNotContainsString('2026-11-30', json_encode($history), 'no place on the drive');
	}

	private function externalStorage(string $mode): ExternalStorage {
		return new ExternalStorage(3, 'Disk', 'local', 'Disk (external storage)', $mode, 1);
	}

	/** carol sees a file on the storage "Disk" through the mount files_external built for her */
	private function carolSeesAFileOnTheStorage(string $mode, bool $updatable = true): File&MockObject {
		$seen = $this->node(File::class, self::FILE, 'carol'); // files_external makes the viewer its owner
		$seen->method('isUpdateable')->willReturn($updatable);
		$this->visible['carol'][self::FILE] = $seen;
		$this->externalMounts->method('storageBehind')->willReturnCallback(fn ($info): ?ExternalStorage => $info === $seen ? $this->externalStorage($mode) : null);
		$this->externalMounts->method('whoseCopy')->willReturnCallback(static fn (ExternalStorage $s): ?string => match ($s->mode) {
			ExternalStorage::SHARED => $s->owner,
			ExternalStorage::USERS => 'carol', // mounted for her alone
			default => null,
		});
		return $seen;
	}

	public function testAFileOnAnExternalStorageThatIsOffIsLeftOutWithTheCopiesMadeBefore(): void {
		$this->carolSeesAFileOnTheStorage(ExternalStorage::OFF);
		$this->resolver->expects($this->never())->method('node');
		$this->replicas->method('findByFileIds')->willReturn([self::replica(self::FILE, 1, 'etag-now')]);
		$this->queueItems->method('fileItems')->willReturn([]);

		$status = $this->service->details('carol', self::FILE);
		$this->assertSame(['inScope' => true, 'state' => 'excluded', 'exclusion' => ['reason' => 'external', 'detail' => 'Disk']],
			array_intersect_key($status, array_flip(['inScope', 'state', 'exclusion'])));
		$this->assertSame(['replicated', 'none'], array_column($status['targets'], 'state'), 'the copy made before, until the next reconcile');
		$this->assertSame(['fileId' => self::FILE, 'restorable' => false, 'versions' => [], 'deleted' => []], $this->service->history('carol', self::FILE));
	}

	public function testAFileOnAnExternalStorageMirroredOnceHasTheStateOfTheStoragesOwner(): void {
		$this->carolSeesAFileOnTheStorage(ExternalStorage::SHARED);
		$whole = $this->node(File::class, self::FILE, 'carol');
		$this->resolver->method('node')->willReturnCallback(static fn (string $uid, int $id): ?Node => $uid === 'Disk (external storage)' && $id === self::FILE ? $whole : null);
		$copies = [self::replica(self::FILE, 1, 'etag-now'), self::replica(self::FILE, 2, 'etag-now')];
		foreach ($copies as $copy) {
			$copy->setUserId('Disk (external storage)');
		}
		$this->replicas->method('findByFileIds')->willReturn($copies);
		$this->queueItems->method('fileItems')->willReturn([]);
		$entry = new TrashEntry();
		$entry->setId(9);
		$entry->setTargetId(1);
		$entry->setUserId('Disk (external storage)');
		$entry->setFileId(self::FILE);
		$entry->setTrashedAt(1_000); // long before carol could have been given the storage: all of its history is hers to see
		$entry->setReason(TrashEntry::OVERWRITTEN);
		$this->trash->method('versionsOf')->with('Disk (external storage)', self::FILE)->willReturn([$entry]);
		$this->sharedSince->expects($this->never())->method('of');

		$status = $this->service->details('carol', self::FILE);
		$this->assertSame(['inScope' => true, 'state' => 'replicated', 'exclusion' => null], array_intersect_key($status, array_flip(['inScope', 'state', 'exclusion'])));
		$history = $this->service->history('carol', self::FILE);
		$this->assertSame([true, [9]], [$history['restorable'], array_column($history['versions'], 'id')]);
	}

	public function testOnAReadOnlyMountOfTheStorageTheHistoryIsShownButNotRestorable(): void {
		$this->carolSeesAFileOnTheStorage(ExternalStorage::SHARED, updatable: false);
		$whole = $this->node(File::class, self::FILE, 'carol');
		$this->resolver->method('node')->willReturn($whole);
		$this->trash->method('versionsOf')->willReturn([]);
		$this->assertFalse($this->service->history('carol', self::FILE)['restorable']);
	}

	public function testARecipientOfAShareOfTheStoragesFolderSeesItsStateAndItsHistorySinceTheShareButDoesNotRestore(): void {
		$seen = $this->carolSeesAFileOnTheStorage(ExternalStorage::SHARED); // through dad's share, not a mount of hers
		$this->externalMounts->method('throughShare')->willReturnCallback(static fn ($info): bool => $info === $seen);
		$whole = $this->node(File::class, self::FILE, 'carol');
		$this->resolver->method('node')->willReturnCallback(static fn (string $uid, int $id): ?Node => $uid === 'Disk (external storage)' && $id === self::FILE ? $whole : null);
		$copies = [self::replica(self::FILE, 1, 'etag-now'), self::replica(self::FILE, 2, 'etag-now')];
		foreach ($copies as $copy) {
			$copy->setUserId('Disk (external storage)'); // the storage's copies, mirrored once
		}
		$this->replicas->method('findByFileIds')->willReturn($copies);
		$this->queueItems->method('fileItems')->willReturn([]);
		$before = new TrashEntry();
		$before->setId(8);
		$before->setTargetId(1);
		$before->setTrashedAt(1_000);
		$before->setReason(TrashEntry::OVERWRITTEN);
		$after = clone $before;
		$after->setId(9);
		$after->setTrashedAt(3_000);
		$this->trash->method('versionsOf')->with('Disk (external storage)', self::FILE)->willReturn([$before, $after]);
		$this->sharedSince->method('of')->with('carol', $seen)->willReturn(2_000);

		$status = $this->service->details('carol', self::FILE);
		$this->assertSame(['inScope' => true, 'state' => 'replicated'], array_intersect_key($status, array_flip(['inScope', 'state'])));
		$history = $this->service->history('carol', self::FILE);
		$this->assertSame([false, [9]], [$history['restorable'], array_column($history['versions'], 'id')], 'as a share of a home: since it was shared, not restorable');
	}
}
