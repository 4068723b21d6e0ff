<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Db\QueueItem;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\TargetOfflineException;
use OCA\Mirror\Model\SourceFile;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\Folder;
use OCP\Files\NotPermittedException;
use OCP\Lock\LockedException;

/**
 * Makes the mirror agree with Nextcloud for one queue item: one safe copy, one rename, or one
 * move to the mirror trash. Idempotent: it decides from what Nextcloud and the drive hold now.
 * Every touch of the drive goes through its Drive.
 */
class Replicator {
	public function __construct(
		private SourceResolver $resolver,
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private QueueService $queue,
		private FileCacheReader $cache,
		private Reconciler $reconciler,
		private WriteTransaction $transaction,
		private ITimeFactory $time,
	) {
	}

	/**
	 * @param callable(): void $heartbeat
	 * @param (callable(): void)|null $onRecorded run inside the transaction that records a new copy
	 *                                            (the caller completes the queue item there: one commit)
	 * @throws TargetOfflineException nothing was written; try again when the target is back
	 * @throws ReplicationException this item failed; the message says why
	 */
	public function process(QueueItem $item, Target $target, callable $heartbeat, ?callable $onRecorded = null): void {
		$drive = $this->drives->forTarget($target);
		$userId = $item->getUserId();
		// work taken over from a worker that died mid-copy: its temporary file is cleared away
		$takenOver = $item->getClaimedBy() !== null;
		match ($item->getKind()) {
			QueueItem::KIND_FILE => $this->syncFile($drive, $userId, $item->getFileId(), $heartbeat, $onRecorded, $takenOver),
			QueueItem::KIND_TREE => $this->expandTree($drive, $userId, $item->getFileId()),
			QueueItem::KIND_MOVE => $this->moveTree($drive, $userId, $item->getFileId(), (string)$item->getPath()),
			QueueItem::KIND_DELETE_TREE => $this->deleteTree($drive, $userId, $item->getFileId(), (string)$item->getPath()),
			QueueItem::KIND_USER => $this->reconciler->reconcileUser($target, $userId),
			QueueItem::KIND_USER_DRIVE => $this->reconciler->reconcileUser($target, $userId, '', true),
			default => throw new ReplicationException('Unknown kind of work "' . $item->getKind() . '"'),
		};
	}

	/**
	 * @param callable(): void $heartbeat
	 */
	public function syncFile(Drive $drive, string $userId, int $fileId, callable $heartbeat, ?callable $onRecorded = null, bool $takenOver = false): void {
		$targetId = (int)$drive->target()->getId();
		$source = $this->resolver->file($userId, $fileId);
		$replica = $this->replicas->findByFile($targetId, $fileId);

		if ($source === null) {
			// deleted, or no longer the user's own file: the mirror copy goes to the trash, never away
			if ($replica !== null) {
				$drive->moveToTrash($userId, $replica->getPath());
				$this->replicas->delete($replica);
			}
			return;
		}

		if ($replica !== null && $replica->getPath() !== $source->path) {
			$this->followRename($drive, $replica, $source);
		}
		if ($replica !== null && $this->isUpToDate($drive, $replica, $source)) {
			return;
		}
		$this->copy($drive, $source, $replica, $heartbeat, $onRecorded, $takenOver);
	}

	/**
	 * The file was renamed or moved: rename its mirror copy instead of copying it again.
	 */
	private function followRename(Drive $drive, Replica $replica, SourceFile $source): void {
		if ($drive->stat($source->userId, $replica->getPath()) !== null && !$drive->rename($source->userId, $replica->getPath(), $source->path)) {
			// something else stands at the new path: keep the old copy in the trash, copy anew
			$drive->moveToTrash($source->userId, $replica->getPath());
		}
		$replica->setPath($source->path);
		$this->replicas->update($replica);
	}

	/**
	 * The record describes the file as Nextcloud holds it now, and the drive holds that copy.
	 */
	private function isUpToDate(Drive $drive, Replica $replica, SourceFile $source): bool {
		return $replica->getEtag() === $source->etag && $replica->getMtime() === $source->mtime && $replica->getSize() === $source->size
			&& $drive->isCurrent($source->userId, $source->path, $replica->getSize(), $replica->getMtime());
	}

	/**
	 * @param callable(): void $heartbeat
	 * @param (callable(): void)|null $onRecorded
	 */
	private function copy(Drive $drive, SourceFile $source, ?Replica $replica, callable $heartbeat, ?callable $onRecorded, bool $takenOver): void {
		$userId = $source->userId;
		$targetId = (int)$drive->target()->getId();
		try {
			$stream = $this->openSource($source);
		} catch (LockedException $e) {
			throw new ReplicationException('The file is locked in Nextcloud (being written?); it will be copied later', ReplicationException::SOURCE);
		} catch (NotPermittedException $e) {
			throw new ReplicationException('Nextcloud does not allow reading this file: ' . $e->getMessage(), ReplicationException::SOURCE);
		}
		if (!is_resource($stream)) {
			throw new ReplicationException('Nextcloud could not open the file for reading', ReplicationException::SOURCE);
		}
		try {
			$result = $drive->copyIn($userId, $source->path, $stream, $source->mtime, $source->size, $heartbeat, $takenOver);
		} finally {
			if (is_resource($stream)) {
				fclose($stream);
			}
		}

		$replica ??= new Replica();
		$replica->setTargetId($targetId);
		$replica->setUserId($userId);
		$replica->setFileId($source->node->getId());
		$replica->setPath($source->path);
		$replica->setSize($result['size']);
		$replica->setMtime($source->mtime);
		$replica->setEtag($source->etag);
		$replica->setChecksum($result['checksum']);
		$replica->setReplicatedAt($this->time->getTime());
		// read first, then one transaction of writes only (see WriteTransaction)
		$others = array_filter(
			$this->replicas->findAtPath($targetId, $userId, $source->path),
			static fn (Replica $other): bool => $other->getFileId() !== $replica->getFileId(),
		);
		$this->transaction->run(function () use ($others, $replica, $onRecorded): void {
			// a copy of another (deleted) file that stood at this path was just kept in the trash
			foreach ($others as $other) {
				$this->replicas->delete($other);
			}
			$replica->getId() === null ? $this->replicas->insert($replica) : $this->replicas->update($replica);
			if ($onRecorded !== null) {
				$onRecorded();
			}
		});
	}

	/**
	 * Local, unencrypted storage (the usual home on a Raspberry Pi): read the file directly, which
	 * spares the stream wrappers and two file-lock writes to the database per file. Nextcloud
	 * replaces files by renaming a finished upload into place, so an open file is never half-new;
	 * a file written meanwhile is queued again by its write event. Everything else (server-side
	 * encryption, object storage) is read through Nextcloud's file API.
	 *
	 * @return resource|false
	 */
	private function openSource(SourceFile $source) {
		$storage = $source->node->getStorage();
		if ($storage->isLocal() && !$source->node->isEncrypted()) {
			$local = $storage->getLocalFile($source->node->getInternalPath());
			if (is_string($local) && is_file($local) && !is_link($local)) {
				$stream = @fopen($local, 'rb');
				if ($stream !== false) {
					return $stream;
				}
			}
		}
		return $source->node->fopen('r');
	}

	/**
	 * A new, copied or restored folder: queue each file below it, and create the folder itself.
	 */
	public function expandTree(Drive $drive, string $userId, int $folderId): void {
		$folder = $this->resolver->node($userId, $folderId);
		if (!$folder instanceof Folder) {
			return;
		}
		$path = $this->resolver->relativePath($folder);
		$drive->ensureFolder($userId, $path);
		foreach ($this->cache->files($userId, $path) as $file) {
			$this->queue->enqueueFor((int)$drive->target()->getId(), $userId, $file['fileId'], QueueItem::KIND_FILE);
		}
	}

	/**
	 * A folder was renamed: one rename on the mirror, and the records of every file below follow.
	 */
	public function moveTree(Drive $drive, string $userId, int $folderId, string $oldPath): void {
		$targetId = (int)$drive->target()->getId();
		$folder = $this->resolver->node($userId, $folderId);
		if (!$folder instanceof Folder) {
			// gone again, or moved out of scope: compare the whole user instead
			$this->queue->enqueueFor($targetId, $userId, 0, QueueItem::KIND_USER);
			return;
		}
		$newPath = $this->resolver->relativePath($folder);
		if ($newPath === $oldPath || $oldPath === '' || $newPath === '') {
			return;
		}
		if (!$drive->isFolder($userId, $oldPath) || !$drive->rename($userId, $oldPath, $newPath)) {
			// nothing to rename at once (never copied, or the new place is taken): each file follows itself
			$this->queue->enqueueFor($targetId, $userId, $folderId, QueueItem::KIND_TREE);
			return;
		}
		$below = $this->replicas->findBelow($targetId, $userId, $oldPath);
		$this->transaction->run(function () use ($below, $oldPath, $newPath): void {
			foreach ($below as $replica) {
				$replica->setPath($newPath . substr($replica->getPath(), strlen($oldPath)));
				$this->replicas->update($replica);
			}
		});
	}

	/**
	 * A folder was deleted: its mirror folder moves to the trash in one rename.
	 */
	public function deleteTree(Drive $drive, string $userId, int $folderId, string $path): void {
		$targetId = (int)$drive->target()->getId();
		if ($path === '') {
			return;
		}
		if ($this->resolver->node($userId, $folderId) !== null || $this->pathExists($userId, $path)) {
			// restored, or a new folder took its place: let each recorded file decide for itself
			foreach ($this->replicas->findBelow($targetId, $userId, $path) as $replica) {
				$this->queue->enqueueFor($targetId, $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
			return;
		}
		if ($drive->isFolder($userId, $path)) {
			$drive->moveToTrash($userId, $path);
		}
		foreach ($this->replicas->findBelow($targetId, $userId, $path) as $replica) {
			$this->replicas->delete($replica);
			// moved out of the folder before it was deleted: copy it again where it is now
			if ($this->resolver->file($userId, $replica->getFileId()) !== null) {
				$this->queue->enqueueFor($targetId, $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
		}
	}

	private function pathExists(string $userId, string $path): bool {
		$folder = $this->resolver->userFolder($userId);
		return $folder !== null && $folder->nodeExists($path);
	}
}
