<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\ItemPath;
use OCP\IUserManager;

/**
 * The latest failed items for the admin page, with what a person needs to act on them: whose,
 * which file (its path now, or where it was), which target, the error and how often it failed.
 *
 * @psalm-import-type MirrorFailure from ResponseDefinitions
 * @psalm-import-type MirrorFailurePage from ResponseDefinitions
 */
class FailureLister {
	public const MAX_LIMIT = 200;

	public function __construct(
		private QueueReader $queue,
		private TargetMapper $targets,
		private ItemPath $paths,
		private IUserManager $userManager,
		private FailureMessages $messages,
	) {
	}

	/**
	 * @return MirrorFailurePage
	 */
	public function page(int $limit, int $offset = 0, ?int $targetId = null): array {
		$limit = max(1, min(self::MAX_LIMIT, $limit));
		// one more than asked tells whether there is a next page
		$items = $this->queue->failures($limit + 1, max(0, $offset), null, $targetId);
		$hasMore = count($items) > $limit;
		$names = [];
		foreach ($this->targets->findAll() as $target) {
			$names[$target->getId()] = $target->getName();
		}
		$failures = [];
		foreach (array_slice($items, 0, $limit) as $item) {
			$failures[] = $this->describe($item, $names);
		}
		return ['failures' => $failures, 'hasMore' => $hasMore];
	}

	/**
	 * @param array<int, string> $targetNames
	 * @return MirrorFailure
	 */
	private function describe(QueueItem $item, array $targetNames): array {
		return [
			'id' => $item->getId(),
			'userId' => $item->getUserId(),
			'displayName' => $this->userManager->getDisplayName($item->getUserId()) ?? $item->getUserId(),
			'targetId' => $item->getTargetId(),
			'targetName' => $targetNames[$item->getTargetId()] ?? '',
			'fileId' => $item->getFileId(),
			'kind' => $item->getKind(),
			'path' => $this->paths->of($item),
			'error' => $this->messages->forAdmin($item),
			'attempts' => $item->getAttempts(),
			'nextAttemptAt' => $item->getNextAttemptAt(),
		];
	}
}
