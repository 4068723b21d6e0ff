<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\Files\Folder;

/**
 * A folder was renamed or moved: one rename on the drive, and the records of every file below
 * follow in one transaction. The item's path is the folder's old path.
 */
class MoveHandler implements Handler {
	public function __construct(
		private SourceResolver $resolver,
		private ReplicaMapper $replicas,
		private WorkQueue $queue,
		private WriteTransaction $transaction,
		private Tripwire $tripwire,
	) {
	}

	public function handle(QueueItem $item, Work $work): bool {
		$userId = $item->getUserId();
		$oldPath = (string)$item->getPath();
		$folder = $this->resolver->node($userId, $item->getFileId());
		if (!$folder instanceof Folder) {
			// gone again, or moved out of scope: compare the whole user instead
			$this->queue->enqueueFor($work->targetId(), $userId, 0, QueueItem::KIND_USER);
			return false;
		}
		$newPath = $this->resolver->relativePath($folder);
		if ($newPath === $oldPath || $oldPath === '' || $newPath === '') {
			return false;
		}
		$below = $this->replicas->findBelow($work->targetId(), $userId, $oldPath);
		$this->tripwire->permit($userId, $work->targetId(), fn (): int => $this->replicas->countForUser($work->targetId(), $userId), max(1, count($below)));
		$drive = $work->drive;
		// where the folder stands on the drive: as every copy below it says (a case twin's has a suffix)
		$fromDrive = $drive->folderOf($userId, $oldPath, $below);
		$toDrive = $drive->isFolder($userId, $oldPath, $fromDrive) ? $drive->rename($userId, $oldPath, $newPath, $fromDrive, true) : null;
		if ($toDrive === null) {
			// nothing to rename at once (never copied, or the new place is taken): each file follows itself
			$this->queue->enqueueFor($work->targetId(), $userId, $item->getFileId(), QueueItem::KIND_TREE);
			return false;
		}
		$this->transaction->run(function () use ($below, $oldPath, $newPath, $drive, $toDrive): void {
			foreach ($below as $replica) {
				$path = $newPath . substr($replica->getPath(), strlen($oldPath));
				$replica->setDrivePath($drive->recordable($path, $drive->movedWith($oldPath, $toDrive, $replica)));
				$replica->setPath($path);
				$this->replicas->update($replica);
			}
		});
		return false;
	}
}
