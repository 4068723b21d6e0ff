<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\Target;

/**
 * Where an offline drive is in its round, the one place that decides it: resting (unplugged, its
 * normal state), catching up (plugged in, not yet complete), or up to date during this visit (safe to
 * unplug). Sent in the targets API as `offlineDrivePhase`; occ, the dashboard, the admin page and the
 * notifications read it from there or from here.
 */
final class OfflineDrivePhase {
	public const RESTING = 'resting';
	public const CATCHING_UP = 'catching-up';
	public const UP_TO_DATE = 'up-to-date';

	/**
	 * @return self::RESTING|self::CATCHING_UP|self::UP_TO_DATE|null null for an ordinary target
	 */
	public static function of(Target $target): ?string {
		if (!$target->isOfflineDrive()) {
			return null;
		}
		if ($target->getPresentSince() === null) {
			return self::RESTING;
		}
		return self::isCaughtUp($target) ? self::UP_TO_DATE : self::CATCHING_UP;
	}

	/** Caught up during the current visit of its drive: safe to unplug. */
	public static function isCaughtUp(Target $target): bool {
		$present = $target->getPresentSince();
		$complete = $target->getLastCompleteAt();
		return $present !== null && $complete !== null && $complete >= $present;
	}
}
