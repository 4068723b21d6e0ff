<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A target path or setting was refused. The reason is a code with parameters, which
 * TargetProblemMessages (lib/Status) puts into words in the reader's language at the edge (the API,
 * occ); the message is the same sentence in English, for the log.
 */
class InvalidTargetException extends \InvalidArgumentException {
	/** a refusal without a code of its own: the message is all there is */
	public const INVALID = 'invalid';

	/**
	 * @param string $reason a code TargetProblemMessages knows
	 * @param array<string, string|int> $params what the sentence names (paths, names, ids)
	 */
	public function __construct(
		string $message,
		public readonly string $reason = self::INVALID,
		public readonly array $params = [],
		?\Throwable $previous = null,
	) {
		parent::__construct($message, 0, $previous);
	}
}
