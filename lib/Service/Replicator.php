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
 */
class Replicator {
	/** FAT keeps modification times with a 2 second resolution. */
	private const MTIME_TOLERANCE = 2;

	public function __construct(
		private SourceResolver $resolver,
		private ReplicaMapper $replicas,
		private TargetHealth $health,
		private MirrorFilesystem $fs,
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
		$this->health->assertWritable($target);
		$userId = $item->getUserId();
		if ($userId === '' || str_starts_with($userId, '.')) {
			throw new ReplicationException('The user id "' . $userId . '" cannot be used as a folder name on the mirror', ReplicationException::NAME);
		}
		match ($item->getKind()) {
			QueueItem::KIND_FILE => $this->syncFile($target, $userId, $item->getFileId(), $heartbeat, $onRecorded),
			QueueItem::KIND_TREE => $this->expandTree($target, $userId, $item->getFileId()),
			QueueItem::KIND_MOVE => $this->moveTree($target, $userId, $item->getFileId(), (string)$item->getPath()),
			QueueItem::KIND_DELETE_TREE => $this->deleteTree($target, $userId, $item->getFileId(), (string)$item->getPath()),
			QueueItem::KIND_USER => $this->reconciler->reconcileUser($target, $userId),
			QueueItem::KIND_USER_DRIVE => $this->reconciler->reconcileUser($target, $userId, '', true),
			default => throw new ReplicationException('Unknown kind of work "' . $item->getKind() . '"'),
		};
	}

	/**
	 * @param callable(): void $heartbeat
	 */
	public function syncFile(Target $target, string $userId, int $fileId, callable $heartbeat, ?callable $onRecorded = null): void {
		$source = $this->resolver->file($userId, $fileId);
		$replica = $this->replicas->findByFile($target->getId(), $fileId);
		$userRoot = $this->fs->join($target->getPath(), $userId);

		if ($source === null) {
			// deleted, or no longer the user's own file: the mirror copy goes to the trash, never away
			if ($replica !== null) {
				$copy = $this->fs->join($userRoot, $replica->getPath());
				if (is_file($copy) || is_link($copy)) {
					$this->health->assertWritable($target);
					$this->fs->moveToTrash($copy, $this->trashPath($target, $userId, $replica->getPath()));
				}
				$this->replicas->delete($replica);
			}
			return;
		}

		$dest = $this->fs->join($userRoot, $source->path);
		if ($replica !== null && $replica->getPath() !== $source->path) {
			$this->followRename($target, $userId, $replica, $source, $dest);
		}
		if ($replica !== null && $this->isUpToDate($replica, $source, $dest)) {
			return;
		}
		$this->copy($target, $source, $dest, $replica, $heartbeat, $onRecorded);
	}

	/**
	 * The file was renamed or moved: rename its mirror copy instead of copying it again.
	 */
	private function followRename(Target $target, string $userId, Replica $replica, SourceFile $source, string $dest): void {
		$old = $this->fs->join($target->getPath(), $userId, $replica->getPath());
		if (is_file($old) && !is_link($old)) {
			$this->health->assertWritable($target);
			if (!file_exists($dest) && !is_link($dest)) {
				$this->fs->ensureDirectory($target->getPath(), dirname($dest), $this->trashRoot($target, $userId));
				$this->fs->rename($old, $dest);
			} else {
				// something else stands at the new path: keep the old copy in the trash, copy anew
				$this->fs->moveToTrash($old, $this->trashPath($target, $userId, $replica->getPath()));
			}
		}
		$replica->setPath($source->path);
		$this->replicas->update($replica);
	}

	private function isUpToDate(Replica $replica, SourceFile $source, string $dest): bool {
		if ($replica->getEtag() !== $source->etag || $replica->getMtime() !== $source->mtime || $replica->getSize() !== $source->size) {
			return false;
		}
		clearstatcache(true, $dest);
		if (!is_file($dest) || is_link($dest)) {
			return false;
		}
		return filesize($dest) === $replica->getSize()
			&& abs((int)filemtime($dest) - $replica->getMtime()) <= self::MTIME_TOLERANCE;
	}

	/**
	 * @param callable(): void $heartbeat
	 * @param (callable(): void)|null $onRecorded
	 */
	private function copy(Target $target, SourceFile $source, string $dest, ?Replica $replica, callable $heartbeat, ?callable $onRecorded): void {
		$userId = $source->userId;
		$this->health->assertWritable($target);
		$this->fs->ensureDirectory($target->getPath(), dirname($dest), $this->trashRoot($target, $userId));
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
			$this->health->assertWritable($target);
			$result = $this->fs->copyAtomically($stream, $dest, $source->mtime, $source->size, $this->trashPath($target, $userId, $source->path), $heartbeat);
		} finally {
			if (is_resource($stream)) {
				fclose($stream);
			}
		}

		$replica ??= new Replica();
		$replica->setTargetId($target->getId());
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
			$this->replicas->findAtPath($target->getId(), $userId, $source->path),
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
	public function expandTree(Target $target, string $userId, int $folderId): void {
		$folder = $this->resolver->node($userId, $folderId);
		if (!$folder instanceof Folder) {
			return;
		}
		$path = $this->resolver->relativePath($folder);
		if ($path !== '') {
			$this->fs->ensureDirectory($target->getPath(), $this->fs->join($target->getPath(), $userId, $path), $this->trashRoot($target, $userId));
		}
		foreach ($this->cache->files($userId, $path) as $file) {
			$this->queue->enqueueFor($target->getId(), $userId, $file['fileId'], QueueItem::KIND_FILE);
		}
	}

	/**
	 * A folder was renamed: one rename on the mirror, and the records of every file below follow.
	 */
	public function moveTree(Target $target, string $userId, int $folderId, string $oldPath): void {
		$folder = $this->resolver->node($userId, $folderId);
		if (!$folder instanceof Folder) {
			// gone again, or moved out of scope: compare the whole user instead
			$this->queue->enqueueFor($target->getId(), $userId, 0, QueueItem::KIND_USER);
			return;
		}
		$newPath = $this->resolver->relativePath($folder);
		if ($newPath === $oldPath || $oldPath === '' || $newPath === '') {
			return;
		}
		$old = $this->fs->join($target->getPath(), $userId, $oldPath);
		$new = $this->fs->join($target->getPath(), $userId, $newPath);
		if (!is_dir($old) || is_link($old) || file_exists($new) || is_link($new)) {
			// nothing to rename at once (never copied, or the new place is taken): each file follows itself
			$this->queue->enqueueFor($target->getId(), $userId, $folderId, QueueItem::KIND_TREE);
			return;
		}
		$this->fs->ensureDirectory($target->getPath(), dirname($new), $this->trashRoot($target, $userId));
		$this->fs->rename($old, $new);
		$below = $this->replicas->findBelow($target->getId(), $userId, $oldPath);
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
	public function deleteTree(Target $target, string $userId, int $folderId, string $path): void {
		if ($path === '') {
			return;
		}
		if ($this->resolver->node($userId, $folderId) !== null || $this->pathExists($userId, $path)) {
			// restored, or a new folder took its place: let each recorded file decide for itself
			foreach ($this->replicas->findBelow($target->getId(), $userId, $path) as $replica) {
				$this->queue->enqueueFor($target->getId(), $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
			return;
		}
		$dir = $this->fs->join($target->getPath(), $userId, $path);
		if (is_dir($dir) && !is_link($dir)) {
			$this->fs->moveToTrash($dir, $this->trashPath($target, $userId, $path));
		}
		foreach ($this->replicas->findBelow($target->getId(), $userId, $path) as $replica) {
			$this->replicas->delete($replica);
			// moved out of the folder before it was deleted: copy it again where it is now
			if ($this->resolver->file($userId, $replica->getFileId()) !== null) {
				$this->queue->enqueueFor($target->getId(), $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
		}
	}

	private function pathExists(string $userId, string $path): bool {
		$folder = $this->resolver->userFolder($userId);
		return $folder !== null && $folder->nodeExists($path);
	}

	public function trashRoot(Target $target, string $userId): string {
		return $this->fs->join($target->getPath(), MirrorFilesystem::TRASH_DIR, $userId, date('Y-m-d', $this->time->getTime()));
	}

	public function trashPath(Target $target, string $userId, string $path): string {
		return $this->fs->join($this->trashRoot($target, $userId), $path);
	}
}
