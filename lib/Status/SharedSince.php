<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCP\Files\IRootFolder;
use OCP\Files\Node;
use OCP\Share\IManager;
use OCP\Share\IShare;

/**
 * Since when a user may see a file or folder someone shared with them: the time the share was made
 * (its `stime`), the earliest of the shares that give it to them (to them, to one of their groups,
 * teams, Talk rooms or Deck boards; a reshare's own time). The mirror's history of a shared folder
 * (its deleted files, a file's earlier versions) is shown to them only from then on: what the owner
 * deleted or changed before sharing was never shared.
 */
class SharedSince {
	/** The kinds of share that bring a file into a user's own files. */
	private const TYPES = [IShare::TYPE_USER, IShare::TYPE_GROUP, IShare::TYPE_CIRCLE, IShare::TYPE_ROOM, IShare::TYPE_DECK];

	public function __construct(
		private readonly IManager $shares,
		private readonly IRootFolder $rootFolder,
	) {
	}

	/**
	 * @param Node $node the file or folder as the user sees it (in their own files)
	 * @return int|null the earliest time a share gave it to them; null when no share does (then they
	 *                  see none of its history)
	 */
	public function of(string $userId, Node $node): ?int {
		$root = $this->shareRoot($node);
		if ($root === null) {
			return null;
		}
		$earliest = null;
		foreach (self::TYPES as $type) {
			try {
				$found = $this->shares->getSharedWith($userId, $type, $root, -1);
			} catch (\Throwable) {
				continue; // no provider for this kind (Talk, Deck, Teams not installed)
			}
			foreach ($found as $share) {
				$time = $share->getShareTime()?->getTimestamp();
				if ($time !== null && $share->getNodeId() === $root->getId()) {
					$earliest = $earliest === null ? $time : min($earliest, $time);
				}
			}
		}
		return $earliest;
	}

	/**
	 * The shared file or folder itself, as the user sees it: the root of the mount $node is in.
	 */
	private function shareRoot(Node $node): ?Node {
		try {
			$mountPoint = $node->getMountPoint()->getMountPoint(); // "/bob/files/Holiday/"
			return $this->rootFolder->get(rtrim($mountPoint, '/'));
		} catch (\Throwable) {
			return null;
		}
	}
}
