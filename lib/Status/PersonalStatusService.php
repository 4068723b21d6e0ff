<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\SourceResolver;

/**
 * A user's own totals per enabled target, for the personal settings section: target names only.
 *
 * @psalm-import-type MirrorOldestPending from ResponseDefinitions
 * @psalm-import-type MirrorPersonalTarget from ResponseDefinitions
 * @psalm-import-type MirrorPersonalStatus from ResponseDefinitions
 */
class PersonalStatusService {
	public function __construct(
		private StatusService $status,
		private FileStatusService $files,
		private QueueReader $queue,
		private SourceResolver $resolver,
	) {
	}

	/**
	 * @return MirrorPersonalStatus
	 */
	public function forUser(string $userId): array {
		$names = [];
		foreach ($this->files->enabledTargets() as $target) {
			$names[$target->getId()] = $target->getName();
		}
		$rows = [];
		if ($names !== []) {
			foreach ($this->status->users([$userId]) as $row) {
				if ($row['userId'] !== $userId || !isset($names[$row['targetId']])) {
					continue;
				}
				$rows[] = [
					'id' => $row['targetId'],
					'name' => $names[$row['targetId']],
					'files' => $row['files'],
					'replicated' => $row['replicated'],
					'pending' => $row['pending'],
					'failed' => $row['failed'],
					'bytes' => $row['bytes'],
					'lastReplicatedAt' => $row['lastReplicatedAt'],
					'oldestPending' => $row['pending'] > 0 ? $this->oldestPending($userId, $row['targetId']) : null,
				];
			}
		}
		return ['targets' => $rows];
	}

	/**
	 * @return MirrorOldestPending|null
	 */
	private function oldestPending(string $userId, int $targetId): ?array {
		$item = $this->queue->oldestPending($userId, $targetId);
		if ($item === null) {
			return null;
		}
		// null when deleted meanwhile: the item then moves its copy to the mirror trash
		$path = $this->resolver->file($userId, $item->getFileId())?->path;
		return ['fileId' => $item->getFileId(), 'path' => $path, 'since' => $item->getCreatedAt()];
	}
}
