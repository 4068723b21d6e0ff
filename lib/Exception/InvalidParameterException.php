<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * A request parameter of the wrong type (an array where text was expected, letters where a number was).
 * The English message is for the log; $expects (one of the constants) and $params say what was
 * expected, for a catalogue (Middleware\ParameterMessages) to word in the reader's language.
 */
class InvalidParameterException extends \Exception {
	public const WHOLE_NUMBER = 'whole_number';
	public const NUMBER = 'number';
	public const BOOLEAN = 'boolean';
	public const TEXT = 'text';
	public const LIST = 'list';
	/** params: type */
	public const TYPE = 'type';
	public const EXISTING_GROUP = 'existing_group';
	/** params: values (comma-separated) */
	public const ONE_OF = 'one_of';
	/** params: min, max */
	public const RANGE = 'range';
	/** worded by the domain's own catalogue (RestoreMessages::refused) */
	public const OTHER = 'other';

	/**
	 * @param string $expected what was expected, in English, for the log
	 * @param self::* $expects
	 * @param array<string, string|int> $params
	 */
	public function __construct(
		public readonly string $parameter,
		string $expected,
		public readonly string $expects = self::OTHER,
		public readonly array $params = [],
	) {
		parent::__construct('The parameter "' . $parameter . '" must be ' . $expected . '.');
	}
}
