<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Exception\RestoreFailedException;
use OCA\Mirror\Exception\TrashEntryNotFoundException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\GroupFolders\MemberAccess;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\FileDetailsService;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCA\Mirror\Trash\TrashService;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Folder;
use OCP\Files\Node;
use OCP\IL10N;
use Psr\Log\LoggerInterface;

/**
 * What users restore themselves from the Files sidebar: an earlier version or the mirror's copy of
 * one of their own files (next to it, never over it), and the deleted files of one of their own
 * folders (where they were; next to a different file standing there), and the same in a group folder
 * where they may write. A file shared with them, or anyone else's, does not exist here; nor does a
 * trash entry of another user, file or folder.
 * RestoreService does the restoring (and its sha256 check).
 *
 * @psalm-import-type MirrorRestoreResult from ResponseDefinitions
 * @psalm-import-type MirrorRestoredNode from ResponseDefinitions
 */
class UserRestoreService {
	/** Seconds a request spends starting restores of a folder's files: the rest waits for the next request (`more`). */
	public const TIME_BUDGET = 60;

	public function __construct(
		private readonly SourceResolver $resolver,
		private readonly TargetMapper $targets,
		private readonly TrashEntryMapper $entries,
		private readonly ReplicaMapper $replicas,
		private readonly TrashService $trash,
		private readonly RestoreService $restore,
		private readonly NextcloudWriter $writer,
		private readonly IL10N $l,
		private readonly LoggerInterface $logger,
		private readonly ITimeFactory $time,
		private readonly MemberAccess $members,
		private readonly WorkQueue $queue,
		private readonly ActivityPublisher $activity,
		private readonly ExternalMounts $externalMounts,
	) {
	}

	/**
	 * Whose records the user restores into: their own file or folder, a group folder's where the member
	 * may write (Nextcloud's permissions and the folder's ACLs, as the member sees the node), or an external
	 * storage's mirrored once, where their mount of it lets them write.
	 *
	 * @return array{0: string, 1: Node, 2: Node|null} the owner, the owner's node, the member's view in a group folder
	 * @throws FileNotAccessibleException anything else: the same answer as for a file that does not exist
	 */
	private function ownerOf(string $userId, int $fileId): array {
		$own = $this->resolver->node($userId, $fileId);
		if ($own !== null) {
			return [$userId, $own, null];
		}
		$seen = $this->members->seen($userId, $fileId);
		// a share's recipient restores nothing, whatever the shared folder is on
		$groupFolder = $seen === null || $this->externalMounts->throughShare($seen) ? null : $this->members->ownerOf($seen);
		$external = $seen === null || $groupFolder !== null ? null : $this->externalMounts->storageOf($seen);
		$owner = $groupFolder ?? ($external === null ? null : $this->externalMounts->mirroredAs($external, $userId));
		$writable = $seen instanceof Folder ? $seen->isCreatable() : $seen?->isUpdateable() === true;
		$node = $owner === null || !$writable ? null : $this->resolver->node($owner, $fileId);
		if ($owner === null || $node === null) {
			throw new FileNotAccessibleException($fileId);
		}
		// an external storage has no ACLs: what the user's mount lets them write, they restore into
		return [$owner, $node, $groupFolder === null ? null : $seen];
	}

	/**
	 * Restores an earlier version of a file (a trash entry of it), or the mirror's copy of it on a
	 * target, next to the current file.
	 *
	 * @return MirrorRestoreResult
	 * @throws FileNotAccessibleException not the user's own mirrored file
	 * @throws TrashEntryNotFoundException no such version of this file, no such copy on an enabled target
	 * @throws \InvalidArgumentException neither or both of a version and a target
	 * @throws TargetOfflineException
	 * @throws RestoreFailedException the copy failed its sha256, or could not be written
	 */
	public function restoreVersion(string $userId, int $fileId, ?int $trashId, ?int $targetId): array {
		[$userId, $node] = $this->ownerOf($userId, $fileId);
		if ($node instanceof Folder) {
			throw new FileNotAccessibleException($fileId);
		}
		if (($trashId === null) === ($targetId === null)) {
			throw new \InvalidArgumentException($this->l->t('Give either an earlier version (trashId) or a mirror drive (targetId) to restore from.'));
		}
		$current = $this->resolver->relativePath($node);
		$report = new RestoreReport();
		if ($trashId !== null) {
			$entry = $this->entries->findForUser($userId, [$trashId])[0] ?? null;
			if ($entry === null || $entry->getFileId() !== $fileId) {
				throw new TrashEntryNotFoundException('No such version of this file');
			}
			$target = $this->enabledTarget($entry->getTargetId());
			$file = $this->restore->restoreTrashed($target, $userId, $entry, $current, $report);
		} else {
			$target = $this->enabledTarget((int)$targetId);
			$replica = $this->replicas->findByFile((int)$target->getId(), $fileId, $userId);
			if ($replica === null) {
				throw new TrashEntryNotFoundException('No copy of this file on this mirror drive');
			}
			$file = $this->restore->restoreCopy($target, $userId, $replica, $current, $report);
		}
		if ($file['result'] === RestoreReport::MISMATCHED || $file['result'] === RestoreReport::FAILED) {
			$this->logger->warning('Restoring file {fileId} of {userId} failed: {code} {params}', ['fileId' => $fileId, 'userId' => $userId, 'code' => $file['code'], 'params' => json_encode($file['params'])]);
			$reason = $this->reason($file);
			throw new RestoreFailedException($this->failureText($reason), $reason);
		}
		return $this->result($userId, $report, false, [$target->getName()]);
	}

	/**
	 * Restores the deleted files of a folder, the ones chosen (trash entry ids) or all that are listed:
	 * at most FileDetailsService::DELETED_SHOWN, for at most TIME_BUDGET seconds a request (each file is
	 * streamed); `more` says when some are left for the next request.
	 *
	 * @param list<int>|null $ids
	 * @return MirrorRestoreResult
	 * @throws FileNotAccessibleException not the user's own mirrored folder
	 * @throws TrashEntryNotFoundException an id that is not a deleted file of this folder
	 * @throws \InvalidArgumentException too many ids, or none
	 * @throws TargetOfflineException no file was restored: their drive is not connected (a file on a
	 *                                drive that is out while others are restored is reported failed)
	 */
	public function restoreDeleted(string $userId, int $folderId, ?array $ids): array {
		[$userId, $node, $seen] = $this->ownerOf($userId, $folderId);
		if (!$node instanceof Folder) {
			throw new FileNotAccessibleException($folderId);
		}
		$folder = $this->resolver->relativePath($node);
		$enabled = [];
		foreach ($this->targets->findEnabled() as $target) {
			$enabled[(int)$target->getId()] = $target;
		}
		$limit = FileDetailsService::DELETED_SHOWN;
		// in a group folder, only what was deleted from where the member may write (ACLs)
		$allowed = fn (TrashEntry $entry): bool => $seen === null || $this->members->allows($seen, $userId, $entry->getPath(), true);
		if ($ids === null) {
			$chosen = array_values(array_filter($this->trash->deletedFrom($userId, $folder, array_keys($enabled), $limit + 1), $allowed));
			$more = count($chosen) > $limit;
			$chosen = array_slice($chosen, 0, $limit);
		} else {
			if ($ids === [] || count($ids) > $limit) {
				throw new \InvalidArgumentException($this->l->t('Choose between 1 and %d deleted files to restore.', [$limit]));
			}
			$chosen = $this->entries->findForUser($userId, $ids);
			if (count($chosen) !== count(array_unique($ids))) {
				throw new TrashEntryNotFoundException('No such deleted file');
			}
			foreach ($chosen as $entry) {
				if (!$this->isDeletedFrom($entry, $folder) || !isset($enabled[$entry->getTargetId()]) || !$allowed($entry)) {
					throw new TrashEntryNotFoundException('No such deleted file in this folder');
				}
			}
			$more = false;
		}
		$report = new RestoreReport();
		$started = $this->time->getTime();
		$offline = null;
		$drives = [];
		// newest first: of a file deleted twice, its last content comes back at its place, the older next to it
		foreach ($chosen as $entry) {
			if ($this->time->getTime() - $started >= self::TIME_BUDGET) {
				$more = true;
				break;
			}
			try {
				$file = $this->restore->restoreTrashed($enabled[$entry->getTargetId()], $userId, $entry, $entry->getPath(), $report);
			} catch (TargetOfflineException $e) {
				// a drive that is out (a rotating one): its files are not restored, the others' are, and the answer says which
				$offline = $e;
				$report->add($userId, $entry->getPath(), $entry->getPath(), RestoreReport::FAILED, RestoreException::DRIVE_OUT);
				continue;
			}
			if ($file['result'] === RestoreReport::MISMATCHED || $file['result'] === RestoreReport::FAILED) {
				$this->logger->warning('Restoring {path} of {userId} failed: {code} {params}', ['path' => $file['path'], 'userId' => $userId, 'code' => $file['code'], 'params' => json_encode($file['params'])]);
			} elseif ($file['result'] === RestoreReport::RESTORED) {
				$drives[$enabled[$entry->getTargetId()]->getName()] = true;
			}
		}
		if ($offline !== null && $report->counts[RestoreReport::FAILED] === $report->total()) {
			throw $offline; // nothing was done: the drive being out is the whole answer
		}
		return $this->result($userId, $report, $more, array_keys($drives));
	}

	private function isDeletedFrom(TrashEntry $entry, string $folder): bool {
		return $entry->getReason() === TrashEntry::DELETED
			&& ($folder === '' || str_starts_with($entry->getPath(), $folder . '/'));
	}

	/**
	 * @throws TrashEntryNotFoundException
	 */
	private function enabledTarget(int $targetId): Target {
		foreach ($this->targets->findEnabled() as $target) {
			if ($target->getId() === $targetId) {
				return $target;
			}
		}
		throw new TrashEntryNotFoundException('No such mirror drive');
	}

	/**
	 * What the user is told: paths in their own files, the result, a reason code of their own; never
	 * the details of the restore's code (they may name a path on the server). What came back goes to their
	 * Activity too.
	 *
	 * @param list<string> $drives the names of the drives the restored files came from
	 * @return MirrorRestoreResult
	 */
	private function result(string $userId, RestoreReport $report, bool $more, array $drives): array {
		$files = [];
		foreach ($report->files as $file) {
			$node = $file['result'] === RestoreReport::FAILED || $file['result'] === RestoreReport::MISMATCHED ? null : $this->writer->existing($userId, $file['to']);
			if ($node !== null && $file['result'] === RestoreReport::RESTORED && (GroupFolderOwner::isGroupFolder($userId) || ExternalStorageOwner::isExternal($userId))) {
				// written into the group folder or the external storage as a whole, outside any user's files:
				// the event Nextcloud fires there is not one of the user's, so the worker is told here to copy
				// the file as a new one
				$this->queue->enqueue($userId, (int)$node->getId(), QueueItem::KIND_FILE);
			}
			$files[] = [
				'path' => $file['path'],
				'to' => $file['to'],
				'fileId' => $node?->getId(),
				'node' => $node === null ? null : $this->describeNode($node, $file['to']),
				'result' => $file['result'],
				'reason' => $this->reason($file),
			];
		}
		$restored = array_values(array_filter($files, static fn (array $f): bool => $f['result'] === RestoreReport::RESTORED));
		$one = count($restored) === 1 && $restored[0]['fileId'] !== null ? ['id' => $restored[0]['fileId'], 'path' => $restored[0]['to']] : null;
		$this->activity->restored($userId, implode(', ', $drives), $report->counts[RestoreReport::RESTORED], $one);
		return [
			'restored' => $report->counts[RestoreReport::RESTORED],
			'skipped' => $report->counts[RestoreReport::SKIPPED],
			'mismatched' => $report->counts[RestoreReport::MISMATCHED],
			'failed' => $report->counts[RestoreReport::FAILED],
			'more' => $more,
			'files' => $files,
		];
	}

	/**
	 * What the Files app needs to show a restored file in its list (src/files/restoredNodes.ts makes a
	 * @nextcloud/files node of it): PATH is in the user's files.
	 *
	 * @return MirrorRestoredNode
	 */
	private function describeNode(Node $node, string $path): array {
		return [
			'fileId' => (int)$node->getId(),
			'path' => $path,
			'mtime' => $node->getMTime(),
			'size' => (int)$node->getSize(),
			'mime' => $node->getMimetype(),
			'owner' => (string)$node->getOwner()?->getUID(),
			'permissions' => $node->getPermissions(),
		];
	}

	/**
	 * @param array{result: string, code: string, ...} $file
	 * @return ''|'already_there'|'mismatch'|'not_on_drive'|'error'
	 */
	private function reason(array $file): string {
		return match ($file['result']) {
			RestoreReport::RESTORED => '',
			RestoreReport::SKIPPED => 'already_there',
			RestoreReport::MISMATCHED => 'mismatch',
			default => $file['code'] === RestoreException::NOT_ON_DRIVE ? 'not_on_drive' : 'error',
		};
	}

	private function failureText(string $reason): string {
		return match ($reason) {
			'mismatch' => $this->l->t('The copy on the mirror drive does not match the checksum recorded when it was written, so it was not restored. Nothing was changed.'),
			'not_on_drive' => $this->l->t('The copy is no longer on the mirror drive. Nothing was changed.'),
			default => $this->l->t('The file could not be restored. Nothing was changed; your administrator finds the details in the log.'),
		};
	}
}
