<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\ReplicaMapper;

/**
 * The replicas of one target, as the names on its drive are decided by (NamePlacer).
 */
final class ReplicaNameRecords implements NameRecords {
	public function __construct(
		private readonly ReplicaMapper $replicas,
		private readonly int $targetId,
	) {
	}

	#[\Override]
	public function oneBelow(string $userId, string $folder): ?array {
		return $this->replicas->findOneBelow($this->targetId, $userId, $folder);
	}

	#[\Override]
	public function claimedByOther(string $userId, string $drivePath, string $path): bool {
		return $this->replicas->isDrivePathTaken($this->targetId, $userId, $drivePath, $path);
	}
}
