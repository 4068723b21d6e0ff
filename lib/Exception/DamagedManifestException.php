<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A user's manifest on the drive that Mirror refuses to read any further: larger than any manifest of
 * that many files could be, a line longer than an entry can be, too many entries that are not entries, or
 * (format 3) more shards than any manifest has.
 * Nothing it lists is used.
 */
class DamagedManifestException extends \RuntimeException {
	public const TOO_BIG = 'too_big';
	public const LONG_LINE = 'long_line';
	public const MALFORMED = 'malformed';
	public const NOT_A_FILE = 'not_a_file';
	/** a root of format 3 that lists more shards than any manifest has */
	public const TOO_MANY_SHARDS = 'too_many_shards';

	/**
	 * @param string $message English, for the log (RestoreMessages::damaged words it for people)
	 * @param self::* $reason
	 * @param array<string, string|int> $params file, and per reason: size and max (too_big; no size when it grew
	 *                                          while read), max and line (long_line, malformed), max (too_many_shards)
	 */
	public function __construct(
		string $message,
		public readonly string $reason,
		public readonly array $params = [],
	) {
		parent::__construct($message);
	}
}
