<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A restore asked for what cannot be (a bad version, the trash from the drive alone, a user the
 * drive holds no manifest of). The reason is a RestoreException code with parameters, worded by
 * RestoreMessages; the message is the same in English, for the log.
 */
class InvalidRestoreException extends \InvalidArgumentException {
	/**
	 * @param string $reason a RestoreException code
	 * @param array<string, string|int> $params
	 */
	public function __construct(
		string $message,
		public readonly string $reason,
		public readonly array $params = [],
	) {
		parent::__construct($message);
	}
}
