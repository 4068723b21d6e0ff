<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * A user's manifest as read from the drive: whether its signature holds under the recovery key (and if
 * not, why), and its well-formed entries, served one at a time from the copy that was verified (never
 * read from the drive again, never all in memory).
 */
final class ManifestReading {
	/** no signature: a manifest of Mirror 1 (unsigned), or not written by Mirror */
	public const UNSIGNED = 'unsigned';
	/** signed, but not under this key, or changed since */
	public const MISMATCH = 'mismatch';
	/** another user's manifest under this user's name */
	public const OTHER_USER = 'other_user';

	/**
	 * @param resource $copy the verified entries, one JSON list per line
	 * @param self::*|null $why null: verified
	 */
	public function __construct(
		private $copy,
		public readonly ?string $why,
		public readonly int $count,
		public readonly int $malformed,
	) {
	}

	public function __destruct() {
		if (is_resource($this->copy)) {
			fclose($this->copy);
		}
	}

	public function verified(): bool {
		return $this->why === null;
	}

	/**
	 * The entries, in the manifest's order: path => entry (the path always a string, "2024" too).
	 * Each call starts again from the first.
	 *
	 * @return \Generator<string, array{size: int, mtime: int, sha256: string, drivePath: string|null}>
	 */
	public function entries(): \Generator {
		rewind($this->copy);
		while (($line = fgets($this->copy)) !== false) {
			/** @var array{0: string, 1: int, 2: int, 3: string, 4: string|null} $entry written by Manifest::verify() */
			$entry = json_decode($line, true, 3, JSON_THROW_ON_ERROR);
			yield $entry[0] => ['size' => $entry[1], 'mtime' => $entry[2], 'sha256' => $entry[3], 'drivePath' => $entry[4]];
		}
	}
}
