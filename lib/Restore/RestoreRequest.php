<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Exception\ReplicationException;

/**
 * What an admin asked to restore, checked: a known mode, a version that is "latest" or a real day
 * ("trash:YYYY-MM-DD"), and paths that stay inside the user's files (normalized, no "..").
 */
final class RestoreRequest {
	public const MODES = [RestoreService::MODE_NEW, RestoreService::MODE_OVERWRITE, RestoreService::MODE_SKIP];

	/**
	 * @param RestoreService::MODE_* $mode
	 */
	private function __construct(
		public readonly string $userId,
		public readonly int $targetId,
		public readonly string $path,
		public readonly string $version,
		public readonly string $into,
		public readonly string $mode,
	) {
	}

	/**
	 * @throws InvalidParameterException naming the parameter at fault
	 */
	public static function of(string $userId, int $targetId, string $path, string $version, string $into, string $mode): self {
		if (!in_array($mode, self::MODES, true)) {
			throw new InvalidParameterException('mode', '"new", "overwrite" or "skip"');
		}
		if ($version !== RestoreService::LATEST) {
			$day = preg_match('/^trash:(\d{4}-\d{2}-\d{2})$/', $version, $m) === 1 ? \DateTimeImmutable::createFromFormat('!Y-m-d', $m[1]) : false;
			if ($day === false || $day->format('Y-m-d') !== $m[1]) {
				throw new InvalidParameterException('version', '"latest" or "trash:YYYY-MM-DD" with a real date');
			}
		}
		return new self($userId, $targetId, self::relative($path, 'path'), $version, self::relative($into, 'into'), $mode);
	}

	/**
	 * @throws InvalidParameterException
	 */
	private static function relative(string $path, string $field): string {
		try {
			return implode('/', PathGuard::segments($path));
		} catch (ReplicationException) {
			throw new InvalidParameterException($field, 'a path inside the user\'s files (no "..")');
		}
	}
}
