<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCP\IUser;
use OCP\IUserManager;

/**
 * The coverage of each user's own files: a row per user (OwnerCoverage), the mirrored counts of every
 * user from one GROUP BY of the records.
 */
class UserCoverage implements CoverageSource {
	public function __construct(
		private IUserManager $userManager,
		private OwnerCoverage $owners,
	) {
	}

	#[\Override]
	public function rows(array $targets): array {
		$users = [];
		$this->userManager->callForAllUsers(static function (IUser $user) use (&$users): void {
			$users[$user->getUID()] = $user->getDisplayName();
		});
		$mirrored = $this->owners->mirrored();
		$rows = [];
		foreach ($users as $userId => $name) {
			$userId = (string)$userId;
			$rows[] = $this->owners->row('user', $userId, (string)$name, $userId, $targets, $mirrored[$userId] ?? []);
		}
		return $rows;
	}
}
