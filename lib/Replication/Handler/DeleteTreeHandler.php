<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Trash\TrashRecorder;
use OCA\Mirror\Tripwire\Tripwire;

/**
 * A folder was deleted: its mirror folder moves to the mirror trash in one rename, never away.
 * The item's path is the folder's path.
 */
class DeleteTreeHandler implements Handler {
	public function __construct(
		private SourceResolver $resolver,
		private ReplicaMapper $replicas,
		private WorkQueue $queue,
		private TrashRecorder $trash,
		private Tripwire $tripwire,
	) {
	}

	public function handle(QueueItem $item, Work $work): bool {
		$userId = $item->getUserId();
		$path = (string)$item->getPath();
		$targetId = $work->targetId();
		if ($path === '') {
			return false;
		}
		if ($this->resolver->node($userId, $item->getFileId()) !== null || $this->pathExists($userId, $path)) {
			// restored, or a new folder took its place: let each recorded file decide for itself
			foreach ($this->replicas->findBelow($targetId, $userId, $path) as $replica) {
				$this->queue->enqueueFor($targetId, $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
			return false;
		}
		$below = $this->replicas->findBelow($targetId, $userId, $path);
		// a whole folder at once is as many deletions as it holds files
		$this->tripwire->permit($userId, $targetId, fn (): int => $this->replicas->countForUser($targetId, $userId), max(1, count($below)));
		// where the folder stands on the drive: as every copy below it says (a case twin's has a suffix)
		$onDrive = $work->drive->folderOf($userId, $path, $below);
		if ($work->drive->isFolder($userId, $path, $onDrive)) {
			$trashed = $work->drive->moveToTrash($userId, $path, $onDrive);
			if ($trashed !== null) {
				$drive = $work->drive;
				$this->trash->recordFolder($below, static fn (Replica $copy): string => $drive->movedWith($path, $trashed, $copy));
			}
		}
		foreach ($below as $replica) {
			$this->replicas->delete($replica);
			// moved out of the folder before it was deleted: copy it again where it is now
			if ($this->resolver->file($userId, $replica->getFileId()) !== null) {
				$this->queue->enqueueFor($targetId, $userId, $replica->getFileId(), QueueItem::KIND_FILE);
			}
		}
		return false;
	}

	private function pathExists(string $userId, string $path): bool {
		$folder = $this->resolver->userFolder($userId);
		return $folder !== null && $folder->nodeExists($path);
	}
}
