<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A request parameter of the wrong type (an array where text was expected, letters where a number was).
 */
class InvalidParameterException extends \Exception {
	public function __construct(
		public readonly string $parameter,
		string $expected,
	) {
		parent::__construct('The parameter "' . $parameter . '" must be ' . $expected . '.');
	}
}
