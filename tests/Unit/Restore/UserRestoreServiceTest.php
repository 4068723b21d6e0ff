<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Exception\RestoreFailedException;
use OCA\Mirror\Exception\TrashEntryNotFoundException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Restore\UserRestoreService;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\GroupFolders\MemberAccess;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\FileDetailsService;
use OCA\Mirror\Tests\Unit\Fixtures;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\Files\Folder;
use OCP\IL10N;
use OCP\IUser;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

class UserRestoreServiceTest extends TestCase {
	use Fixtures;

	private const FILE = 42;
	private const FOLDER = 40;

	private SourceResolver&MockObject $resolver;
	private TrashEntryMapper&MockObject $entries;
	private ReplicaMapper&MockObject $replicas;
	private TrashService&MockObject $trash;
	private RestoreService&MockObject $restore;
	private ITimeFactory&MockObject $time;
	private UserRestoreService $service;

	protected function setUp(): void {
		$this->resolver = $this->createMock(SourceResolver::class);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive')]);
		$this->entries = $this->createMock(TrashEntryMapper::class);
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->trash = $this->createMock(TrashService::class);
		$this->restore = $this->createMock(RestoreService::class);
		$writer = $this->createMock(NextcloudWriter::class);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $p = []): string => vsprintf($text, $p));
		$this->time = $this->createMock(ITimeFactory::class);
		$this->time->method('getTime')->willReturn(1_800_000_000);
		$this->service = new UserRestoreService($this->resolver, $targets, $this->entries, $this->replicas, $this->trash, $this->restore, $writer, $l, $this->createMock(LoggerInterface::class), $this->time, $this->createMock(MemberAccess::class), $this->createMock(WorkQueue::class), $this->createMock(ActivityPublisher::class), $this->createMock(ExternalMounts::class));

		$file = $this->createMock(File::class);
		$folder = $this->createMock(Folder::class);
		// alice's own file and folder; anything else (bob's, shared with alice, out of scope) resolves to null
		$this->resolver->method('node')->willReturnCallback(static fn (string $uid, int $id) => match ([$uid, $id]) {
			['alice', self::FILE] => $file,
			['alice', self::FOLDER] => $folder,
			default => null,
		});
		$this->resolver->method('relativePath')->willReturnCallback(static fn ($node): string => $node === $file ? 'Photos/now.jpg' : 'Photos');
	}

	private static function entry(int $id, int $fileId, string $path, string $reason = TrashEntry::OVERWRITTEN, int $targetId = 1): TrashEntry {
		$entry = new TrashEntry();
		$entry->setId($id);
		$entry->setTargetId($targetId);
		$entry->setUserId('alice');
		$entry->setFileId($fileId);
		$entry->setPath($path);
		$entry->setReason($reason);
		return $entry;
	}

	/**
	 * @param array<string, string|int> $params
	 * @return callable(mixed...): array{userId: string, path: string, to: string, result: string, code: string, params: array<string, string|int>}
	 */
	private static function restores(string $result, string $code = '', array $params = []): callable {
		return static function ($target, string $userId, $source, string $to, RestoreReport $report) use ($result, $code, $params): array {
			$path = $source->getPath();
			$to .= $result === RestoreReport::RESTORED ? ' (restored)' : '';
			return $report->add($userId, $path, $to, $result, $code, $params);
		};
	}

	public function testAnotherUsersFileOrAFolderIsNotFound(): void {
		$this->restore->expects($this->never())->method('restoreTrashed');
		foreach ([['bob', self::FILE], ['alice', 999], ['alice', self::FOLDER]] as [$uid, $id]) {
			try {
				$this->service->restoreVersion($uid, $id, 7, null);
				$this->fail("$uid/$id must not be found");
			} catch (FileNotAccessibleException) {
				$this->addToAssertionCount(1);
			}
		}
	}

	public function testAVersionOfAnotherFileIsNotFound(): void {
		$this->entries->expects($this->once())->method('findForUser')->with('alice', [7])->willReturn([self::entry(7, 43, 'Photos/other.jpg')]);
		$this->restore->expects($this->never())->method('restoreTrashed');
		$this->expectException(TrashEntryNotFoundException::class);
		$this->service->restoreVersion('alice', self::FILE, 7, null);
	}

	public function testAnotherUsersVersionIsNotFound(): void {
		// the mapper only finds the user's own entries
		$this->entries->method('findForUser')->with('alice', [7])->willReturn([]);
		$this->expectException(TrashEntryNotFoundException::class);
		$this->service->restoreVersion('alice', self::FILE, 7, null);
	}

	public function testEitherAVersionOrADrive(): void {
		foreach ([[null, null], [7, 1]] as [$trashId, $targetId]) {
			try {
				$this->service->restoreVersion('alice', self::FILE, $trashId, $targetId);
				$this->fail('refused');
			} catch (\InvalidArgumentException) {
				$this->addToAssertionCount(1);
			}
		}
	}

	public function testAVersionIsRestoredNextToTheCurrentFileWhereverItWasThen(): void {
		$entry = self::entry(7, self::FILE, 'Photos/then.jpg');
		$this->entries->method('findForUser')->willReturn([$entry]);
		$this->restore->expects($this->once())->method('restoreTrashed')
			->with($this->callback(static fn ($t): bool => $t->getId() === 1), 'alice', $entry, 'Photos/now.jpg', $this->isInstanceOf(RestoreReport::class))
			->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$result = $this->service->restoreVersion('alice', self::FILE, 7, null);
		$this->assertSame(1, $result['restored']);
		$this->assertSame(['Photos/then.jpg', 'Photos/now.jpg (restored)', 'restored', ''], [$result['files'][0]['path'], $result['files'][0]['to'], $result['files'][0]['result'], $result['files'][0]['reason']]);
	}

	public function testTheAnswerDescribesTheRestoredFileForTheFilesList(): void {
		$entry = self::entry(7, self::FILE, 'Photos/then.jpg');
		$this->entries->method('findForUser')->willReturn([$entry]);
		$this->restore->method('restoreTrashed')->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$owner = $this->createMock(IUser::class);
		$owner->method('getUID')->willReturn('alice');
		$restored = $this->createMock(File::class);
		$restored->method('getId')->willReturn(77);
		$restored->method('getMTime')->willReturn(1_700_000_000);
		$restored->method('getSize')->willReturn(3000);
		$restored->method('getMimetype')->willReturn('image/jpeg');
		$restored->method('getOwner')->willReturn($owner);
		$restored->method('getPermissions')->willReturn(27);
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->expects($this->once())->method('existing')->with('alice', 'Photos/now.jpg (restored)')->willReturn($restored);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive')]);
		$service = new UserRestoreService($this->resolver, $targets, $this->entries, $this->replicas, $this->trash, $this->restore, $writer, $this->createMock(IL10N::class), $this->createMock(LoggerInterface::class), $this->time, $this->createMock(MemberAccess::class), $this->createMock(WorkQueue::class), $this->createMock(ActivityPublisher::class), $this->createMock(ExternalMounts::class));

		$file = $service->restoreVersion('alice', self::FILE, 7, null)['files'][0];

		$this->assertSame(77, $file['fileId']);
		$this->assertSame(['fileId' => 77, 'path' => 'Photos/now.jpg (restored)', 'mtime' => 1_700_000_000, 'size' => 3000, 'mime' => 'image/jpeg', 'owner' => 'alice', 'permissions' => 27], $file['node']);
	}

	public function testAFileNotFoundAfterItsRestoreHasNoNode(): void {
		// removed again between the restore and the answer (or skipped and gone): nothing for the list
		$this->entries->method('findForUser')->willReturn([self::entry(7, self::FILE, 'Photos/then.jpg')]);
		$this->restore->method('restoreTrashed')->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$file = $this->service->restoreVersion('alice', self::FILE, 7, null)['files'][0];
		$this->assertSame([null, null], [$file['fileId'], $file['node']]);
	}

	public function testAVersionOnADisabledDriveIsNotFound(): void {
		$this->entries->method('findForUser')->willReturn([self::entry(7, self::FILE, 'Photos/now.jpg', TrashEntry::OVERWRITTEN, 2)]);
		$this->expectException(TrashEntryNotFoundException::class);
		$this->service->restoreVersion('alice', self::FILE, 7, null);
	}

	public function testTheMirrorCopyOfAnotherUsersRecordIsNotFound(): void {
		// only bob has a copy: the lookup is alice's
		$this->replicas->method('findByFile')->willReturnCallback(static fn (int $target, int $file, string $user): ?Replica => $user === 'bob' ? self::replica(self::FILE, 1, 'etag') : null);
		$this->expectException(TrashEntryNotFoundException::class);
		$this->service->restoreVersion('alice', self::FILE, null, 1);
	}

	public function testAMismatchIsAClearErrorNeverASilentBadRestore(): void {
		$this->replicas->method('findByFile')->willReturn(self::replica(self::FILE, 1, 'etag'));
		$this->restore->method('restoreCopy')->willReturnCallback(self::restores(RestoreReport::MISMATCHED, RestoreException::CHECKSUM));
		try {
			$this->service->restoreVersion('alice', self::FILE, null, 1);
			$this->fail('a mismatch must be an error');
		} catch (RestoreFailedException $e) {
			$this->assertSame('mismatch', $e->reason);
			$this->assertStringContainsString('does not match the checksum', $e->getMessage());
		}
	}

	public function testAFailureNamesNoServerPath(): void {
		$this->replicas->method('findByFile')->willReturn(self::replica(self::FILE, 1, 'etag'));
		$this->restore->method('restoreCopy')->willReturnCallback(self::restores(RestoreReport::FAILED, RestoreException::READ_FAILED, ['detail' => 'cannot read /mnt/usb/alice/Photos/now.jpg']));
		try {
			$this->service->restoreVersion('alice', self::FILE, null, 1);
			$this->fail('a failure must be an error');
		} catch (RestoreFailedException $e) {
			$this->assertSame('error', $e->reason);
			$this->assertStringNotContainsString('/mnt/usb', $e->getMessage());
		}
	}

	public function testDeletedFilesOfTheFolderComeBackWhereTheyWereNewestFirst(): void {
		// a.jpg deleted twice: its last content comes back at its place, the older one next to it
		$new = self::entry(9, 50, 'Photos/a.jpg', TrashEntry::DELETED);
		$old = self::entry(8, 51, 'Photos/a.jpg', TrashEntry::DELETED);
		$this->trash->expects($this->once())->method('deletedFrom')->with('alice', 'Photos', [1], FileDetailsService::DELETED_SHOWN + 1)->willReturn([$new, $old]);
		$to = [];
		$order = [];
		$this->restore->expects($this->exactly(2))->method('restoreTrashed')->willReturnCallback(
			static function ($target, string $uid, TrashEntry $entry, string $path, RestoreReport $report) use (&$to, &$order): array {
				$to[] = $path;
				$order[] = $entry->getId();
				return self::restores(RestoreReport::RESTORED)($target, $uid, $entry, $path, $report);
			});
		$result = $this->service->restoreDeleted('alice', self::FOLDER, null);
		$this->assertSame([9, 8], $order);
		$this->assertSame(['Photos/a.jpg', 'Photos/a.jpg'], $to);
		$this->assertSame([2, false], [$result['restored'], $result['more']]);
	}

	public function testTheFilesOfADriveThatIsOutAreReportedAndTheOthersRestored(): void {
		// a rotating drive (2) is out: the files kept on the one plugged in (1) still come back, and the answer says what did not
		$entries = $this->createMock(TrashEntryMapper::class);
		$kept = [
			self::entry(9, 50, 'Photos/a.jpg', TrashEntry::DELETED, 1),
			self::entry(8, 51, 'Photos/b.jpg', TrashEntry::DELETED, 2),
			self::entry(7, 52, 'Photos/c.jpg', TrashEntry::DELETED, 1),
		];
		$entries->method('findForUser')->willReturnCallback(static fn (string $uid, array $ids): array => array_values(array_filter($kept, static fn (TrashEntry $e): bool => in_array($e->getId(), $ids, true))));
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive'), self::target(2, 'Rotating drive')]);
		$l = $this->createMock(IL10N::class);
		$service = new UserRestoreService($this->resolver, $targets, $entries, $this->replicas, $this->trash, $this->restore, $this->createMock(NextcloudWriter::class), $l, $this->createMock(LoggerInterface::class), $this->time, $this->createMock(MemberAccess::class), $this->createMock(WorkQueue::class), $this->createMock(ActivityPublisher::class), $this->createMock(ExternalMounts::class));
		$restored = self::restores(RestoreReport::RESTORED);
		$this->restore->method('restoreTrashed')->willReturnCallback(static function (Target $target, string $uid, TrashEntry $entry, string $to, RestoreReport $report) use ($restored): array {
			if ($target->getId() === 2) {
				throw new TargetOfflineException(new TargetState(false, TargetState::NOT_FOUND, '/mnt/usb'));
			}
			return $restored($target, $uid, $entry, $to, $report);
		});

		$result = $service->restoreDeleted('alice', self::FOLDER, [9, 8, 7]);
		$this->assertSame([2, 1], [$result['restored'], $result['failed']]);
		$this->assertSame([['Photos/b.jpg', 'failed', 'error']], array_values(array_map(static fn (array $f): array => [$f['path'], $f['result'], $f['reason']],
			array_filter($result['files'], static fn (array $f): bool => $f['result'] === RestoreReport::FAILED))));

		// every chosen file on the drive that is out: nothing was done, and that is the answer
		$this->expectException(TargetOfflineException::class);
		$service->restoreDeleted('alice', self::FOLDER, [8]);
	}

	public function testAllIsCappedAndSaysSo(): void {
		$many = array_map(static fn (int $i): TrashEntry => self::entry($i, 100 + $i, 'Photos/' . $i . '.jpg', TrashEntry::DELETED), range(1, FileDetailsService::DELETED_SHOWN + 1));
		$this->trash->method('deletedFrom')->willReturn($many);
		$this->restore->expects($this->exactly(FileDetailsService::DELETED_SHOWN))->method('restoreTrashed')->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$this->assertTrue($this->service->restoreDeleted('alice', self::FOLDER, null)['more']);
	}

	public function testARequestStopsStartingRestoresWhenItsTimeIsUpAndSaysMoreAreLeft(): void {
		$time = $this->createMock(ITimeFactory::class);
		// the first two files take 59 seconds together; the third would start at the budget's end
		$time->method('getTime')->willReturnOnConsecutiveCalls(1000, 1000, 1030, 1000 + UserRestoreService::TIME_BUDGET, 2000);
		$ids = [1, 2, 3];
		$entries = $this->createMock(TrashEntryMapper::class);
		$entries->method('findForUser')->willReturn(array_map(static fn (int $i): TrashEntry => self::entry($i, 100 + $i, 'Photos/' . $i . '.jpg', TrashEntry::DELETED), $ids));
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive')]);
		$l = $this->createMock(IL10N::class);
		$service = new UserRestoreService($this->resolver, $targets, $entries, $this->replicas, $this->trash, $this->restore, $this->createMock(NextcloudWriter::class), $l, $this->createMock(LoggerInterface::class), $time, $this->createMock(MemberAccess::class), $this->createMock(WorkQueue::class), $this->createMock(ActivityPublisher::class), $this->createMock(ExternalMounts::class));
		$this->restore->expects($this->exactly(2))->method('restoreTrashed')->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$result = $service->restoreDeleted('alice', self::FOLDER, $ids);
		$this->assertSame([2, true], [$result['restored'], $result['more']]);
	}

	public function testChosenIdsMustBeDeletedFilesOfThisFolder(): void {
		$cases = [
			'not deleted: an earlier version' => [self::entry(7, 50, 'Photos/a.jpg', TrashEntry::OVERWRITTEN)],
			'from another folder' => [self::entry(7, 50, 'Photosynthesis/a.jpg', TrashEntry::DELETED)],
			'on a disabled drive' => [self::entry(7, 50, 'Photos/a.jpg', TrashEntry::DELETED, 2)],
			'not the user\'s (the mapper finds none)' => [],
		];
		$this->restore->expects($this->never())->method('restoreTrashed');
		foreach ($cases as $why => $found) {
			$entries = $this->createMock(TrashEntryMapper::class);
			$entries->method('findForUser')->with('alice', [7])->willReturn($found);
			$service = $this->serviceWith($entries);
			try {
				$service->restoreDeleted('alice', self::FOLDER, [7]);
				$this->fail($why . ' must not be found');
			} catch (TrashEntryNotFoundException) {
				$this->addToAssertionCount(1);
			}
		}
	}

	public function testChosenIdsAreBounded(): void {
		foreach ([[], range(1, FileDetailsService::DELETED_SHOWN + 1)] as $ids) {
			try {
				$this->service->restoreDeleted('alice', self::FOLDER, $ids);
				$this->fail(count($ids) . ' ids must be refused');
			} catch (\InvalidArgumentException) {
				$this->addToAssertionCount(1);
			}
		}
	}

	public function testAFileIsNotAFolder(): void {
		$this->expectException(FileNotAccessibleException::class);
		$this->service->restoreDeleted('alice', self::FILE, null);
	}

	private function serviceWith(TrashEntryMapper $entries): UserRestoreService {
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive')]);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnArgument(0);
		return new UserRestoreService($this->resolver, $targets, $entries, $this->replicas, $this->trash, $this->restore, $this->createMock(NextcloudWriter::class), $l, $this->createMock(LoggerInterface::class), $this->time, $this->createMock(MemberAccess::class), $this->createMock(WorkQueue::class), $this->createMock(ActivityPublisher::class), $this->createMock(ExternalMounts::class));
	}

	/**
	 * carol sees the folder Docs of the storage "Disk" through her mount of it, in this mode, creatable or not; the
	 * service restores the deleted Docs/n.txt for her, the queue told to copy it again.
	 */
	private function externalRestore(string $mode, bool $creatable, WorkQueue $queue): UserRestoreService {
		$owner = 'Disk (external storage)';
		$seen = $this->createMock(Folder::class);
		$seen->method('isCreatable')->willReturn($creatable);
		$whole = $this->createMock(Folder::class);
		$members = $this->createMock(MemberAccess::class);
		$members->method('seen')->willReturnCallback(static fn (string $uid, int $id) => $uid === 'carol' && $id === self::FOLDER ? $seen : null);
		$members->method('ownerOf')->willReturn(null); // not a group folder
		$mounts = $this->createMock(ExternalMounts::class);
		$mounts->method('storageOf')->willReturnCallback(static fn ($info): ?ExternalStorage => $info === $seen ? new ExternalStorage(3, 'Disk', 'local', $owner, $mode, 1) : null);
		$mounts->method('mirroredAs')->willReturnCallback(static fn (ExternalStorage $s): ?string => $s->shared() ? $s->owner : null);
		$resolver = $this->createMock(SourceResolver::class);
		$resolver->method('node')->willReturnCallback(static fn (string $uid, int $id) => $uid === $owner && $id === self::FOLDER ? $whole : null);
		$resolver->method('relativePath')->willReturn('Docs');
		$deleted = self::entry(9, 50, 'Docs/n.txt', TrashEntry::DELETED);
		$entries = $this->createMock(TrashEntryMapper::class);
		$entries->method('findForUser')->willReturnCallback(static fn (string $uid, array $ids): array => $uid === $owner && $ids === [9] ? [$deleted] : []);
		$this->restore->method('restoreTrashed')->willReturnCallback(self::restores(RestoreReport::RESTORED));
		$writer = $this->createMock(NextcloudWriter::class);
		$restored = $this->createMock(File::class);
		$restored->method('getId')->willReturn(77);
		$writer->method('existing')->willReturnCallback(static fn (string $uid, string $path) => $uid === $owner ? $restored : null);
		$targets = $this->createMock(TargetMapper::class);
		$targets->method('findEnabled')->willReturn([self::target(1, 'USB drive')]);
		return new UserRestoreService($resolver, $targets, $entries, $this->replicas, $this->trash, $this->restore, $writer, $this->createMock(IL10N::class),
			$this->createMock(LoggerInterface::class), $this->time, $members, $queue, $this->createMock(ActivityPublisher::class), $mounts);
	}

	public function testAUserRestoresOntoAnExternalStorageMirroredOnceWhereTheirMountLetsThemWrite(): void {
		$queue = $this->createMock(WorkQueue::class);
		// written into the storage as a whole, outside carol's files: the worker is told to copy it again
		$queue->expects($this->once())->method('enqueue')->with('Disk (external storage)', 77, QueueItem::KIND_FILE);
		$result = $this->externalRestore(ExternalStorage::SHARED, true, $queue)->restoreDeleted('carol', self::FOLDER, [9]);
		$this->assertSame(1, $result['restored']);
	}

	public function testNotOnAReadOnlyMountNorOnAStorageThatIsOff(): void {
		foreach ([[ExternalStorage::SHARED, false], [ExternalStorage::OFF, true]] as [$mode, $creatable]) {
			$this->restore->expects($this->never())->method('restoreTrashed');
			try {
				$this->externalRestore($mode, $creatable, $this->createMock(WorkQueue::class))->restoreDeleted('carol', self::FOLDER, [9]);
				$this->fail("$mode, creatable: " . var_export($creatable, true) . ': restored');
			} catch (FileNotAccessibleException) {
				$this->addToAssertionCount(1); // the same 404 as for a file the user cannot see
			}
		}
	}
}
