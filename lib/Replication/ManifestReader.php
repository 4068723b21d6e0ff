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
use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\DamagedManifestException;

/**
 * Reads a user's manifest from a drive within a size that follows from what the server knows: 4 KiB per
 * copy recorded for the user on that target plus 1 MiB (a line of the manifest is one copy, and rarely
 * more than 200 bytes); with no records (a rebuilt server), a fixed ceiling that a command's
 * --manifest-limit raises.
 */
class ManifestReader {
	public const PER_RECORD = 4096;
	public const BASE = 1024 * 1024;
	/** with no records to go by */
	public const CEILING = 64 * 1024 * 1024;

	public function __construct(
		private readonly DriveFactory $drives,
		private readonly ReplicaMapper $replicas,
	) {
	}

	/**
	 * @param int|null $limit bytes a manifest may have whatever the records say (null: the rule alone)
	 * @throws TargetOfflineException
	 * @throws DamagedManifestException
	 */
	public function read(Target $target, string $userId, RecoveryKey $key, ?int $limit = null): ?ManifestReading {
		return $this->drives->forTarget($target)->readManifest($userId, $key, $this->cap($target, $userId, $limit));
	}

	public function cap(Target $target, string $userId, ?int $limit = null): int {
		$records = $this->replicas->countForUser((int)$target->getId(), $userId);
		$cap = $records > 0 ? self::PER_RECORD * $records + self::BASE : self::CEILING;
		return $limit === null ? $cap : max($cap, $limit);
	}

	/**
	 * "--manifest-limit=256" (MiB) as bytes; null when not given.
	 *
	 * @throws \InvalidArgumentException
	 */
	public static function limitOption(mixed $mib): ?int {
		if ($mib === null) {
			return null;
		}
		if (!is_string($mib) || !ctype_digit($mib) || (int)$mib < 1 || (int)$mib > 1024 * 1024) {
			throw new \InvalidArgumentException('--manifest-limit must be a size in MiB (a whole number from 1), not "' . (is_string($mib) ? $mib : '') . '".');
		}
		return (int)$mib * 1024 * 1024;
	}
}
