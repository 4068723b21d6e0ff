<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication\Handler;

use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\Replication\Work;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\SourceResolver;
use OCP\Files\Folder;

/**
 * A new, copied or restored folder: the folder is created on the drive and each file below it is
 * queued as a file item. A folder left out (a `.nomirror` in it or above, a pattern, its user) is not created.
 */
class TreeHandler implements Handler {
	public function __construct(
		private SourceResolver $resolver,
		private FileCacheReader $cache,
		private WorkQueue $queue,
		private Exclusions $exclusions,
	) {
	}

	public function handle(QueueItem $item, Work $work): bool {
		$userId = $item->getUserId();
		$folder = $this->resolver->node($userId, $item->getFileId());
		if (!$folder instanceof Folder) {
			return false;
		}
		$path = $this->resolver->relativePath($folder);
		if ($this->exclusions->folderReason($userId, $path) !== null) {
			return false;
		}
		$work->drive->ensureFolder($userId, $path);
		$fileIds = [];
		foreach ($this->cache->files($userId, $path) as $file) {
			$fileIds[] = $file['fileId'];
		}
		$this->queue->enqueueManyFor($work->targetId(), $userId, $fileIds);
		return false;
	}
}
