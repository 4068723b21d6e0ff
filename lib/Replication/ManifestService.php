<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\DriveFactory;

/**
 * Keeps each user's manifest on a drive in step with the records: what is there, with its sha256,
 * so that the family can check the copy anywhere with `sha256sum -c`, and a restore without the
 * database knows what to trust: the index is signed with the recovery key (created here on first use).
 */
class ManifestService {
	public function __construct(
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private RecoveryKeys $keys,
	) {
	}

	/**
	 * @return int how many files the manifest lists
	 */
	public function refresh(Target $target, string $userId): int {
		$entries = $this->replicas->iterateManifestEntries((int)$target->getId(), $userId);
		return $this->drives->forTarget($target)->writeManifest($userId, $entries, $this->keys->current());
	}
}
