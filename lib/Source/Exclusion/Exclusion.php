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

	/** The reasons, in the order they are checked (and counted in a coverage report). */
	public const REASONS = [self::USER, self::GROUP, self::NOMIRROR, self::PATTERN, self::SIZE];

	/**
	 * @param self::NOMIRROR|self::PATTERN|self::USER|self::GROUP|self::SIZE $reason
	 */
	public function __construct(
		public readonly string $reason,
		public readonly string $detail,
	) {
	}

	/**
	 * @return array{reason: self::NOMIRROR|self::PATTERN|self::USER|self::GROUP|self::SIZE, detail: string}
	 */
	public function toArray(): array {
		return ['reason' => $this->reason, 'detail' => $this->detail];
	}
}
