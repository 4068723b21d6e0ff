<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A user's manifest on the drive that Mirror refuses to read any further: larger than any manifest of
 * that many files could be, a line longer than an entry can be, or too many entries that are not entries.
 * Nothing it lists is used.
 */
class DamagedManifestException extends \RuntimeException {
	public const TOO_BIG = 'too_big';
	public const LONG_LINE = 'long_line';
	public const MALFORMED = 'malformed';
	public const NOT_A_FILE = 'not_a_file';

	/**
	 * @param self::* $reason
	 */
	public function __construct(
		string $message,
		public readonly string $reason,
	) {
		parent::__construct($message);
	}
}
