<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Queue\QueueItem;

/**
 * Which file a queue item is about, as a path inside its owner's files.
 */
class ItemPath {
	public function __construct(
		private ReplicaMapper $replicas,
		private SourceResolver $resolver,
	) {
	}

	/**
	 * Where the file is now; else where the item says (folder work) or where it was last copied.
	 */
	public function of(QueueItem $item): ?string {
		if ($item->getFileId() > 0) {
			$node = $this->resolver->node($item->getUserId(), $item->getFileId());
			if ($node !== null) {
				return $this->resolver->relativePath($node);
			}
		}
		if ($item->getPath() !== null && $item->getPath() !== '') {
			return $item->getPath();
		}
		if ($item->getFileId() > 0) {
			return $this->replicas->findByFile($item->getTargetId(), $item->getFileId(), $item->getUserId())?->getPath();
		}
		return null;
	}
}
