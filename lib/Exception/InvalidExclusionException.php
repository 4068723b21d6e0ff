<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * An exclusion the admin asked for that can't be: a code (worded by ExclusionMessages) and what was given.
 */
class InvalidExclusionException extends \InvalidArgumentException {
	public function __construct(
		public readonly string $reason,
		public readonly string $value,
	) {
		parent::__construct('Invalid exclusion (' . $reason . '): "' . $value . '"');
	}
}
