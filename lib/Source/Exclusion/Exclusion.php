<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

/**
 * Why a file is left out of the mirror: a code and what it refers to (the folder holding the
 * `.nomirror`, the pattern, the group, the size limit in bytes). Stored and sent as codes; worded at the edge.
 */
final class Exclusion {
	public const NOMIRROR = 'nomirror';
	public const PATTERN = 'pattern';
	public const USER = 'user';
	public const GROUP = 'group';
	public const SIZE = 'size';
	/** on an external storage the admin does not have mirrored (its mode is off): the detail is its mount point */
	public const EXTERNAL = 'external';

	/**
	 * The reasons, in the order they are checked (and counted in a coverage report). EXTERNAL is not among
	 * them: the coverage report counts an external storage that is off as a row not covered.
	 */
	public const REASONS = [self::USER, self::GROUP, self::NOMIRROR, self::PATTERN, self::SIZE];

	/**
	 * @param self::NOMIRROR|self::PATTERN|self::USER|self::GROUP|self::SIZE|self::EXTERNAL $reason
	 */
	public function __construct(
		public readonly string $reason,
		public readonly string $detail,
	) {
	}

	/**
	 * @return array{reason: self::NOMIRROR|self::PATTERN|self::USER|self::GROUP|self::SIZE|self::EXTERNAL, detail: string}
	 */
	public function toArray(): array {
		return ['reason' => $this->reason, 'detail' => $this->detail];
	}
}
