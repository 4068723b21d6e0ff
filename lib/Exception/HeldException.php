<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * The tripwire holds this user's destructive changes: the change is not applied and waits in the
 * queue until an admin releases it.
 */
class HeldException extends \RuntimeException {
	public function __construct(
		public readonly string $userId,
		public readonly int $since,
	) {
		parent::__construct('Held by the tripwire: an unusual number of changes (or damaged files) since ' . gmdate('Y-m-d H:i', $since) . ' UTC; an admin must release them');
	}
}
