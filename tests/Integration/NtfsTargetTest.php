<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * An NTFS drive (mkfs.ntfs -F -Q) mounted with ntfs-3g -o windows_names, as a drive formatted on Windows is
 * best mounted: it refuses what Windows refuses. Tried by hand first: : * ? " < > | \, control characters, a
 * trailing dot or space, and the device names (CON, nul.txt) are refused (EINVAL); the full-width look-alikes
 * are taken; case is told apart ("a.txt" and "A.txt" are two files). Mirror writes look-alikes and keeps twins
 * as they are; a device name has no look-alike, and such a file fails with a clear error (the rest is mirrored).
 */
final class NtfsTargetTest extends DriveNameRulesTestCase {
	protected function plugIn(string $image, string $dir): void {
		$this->mounts->ntfs($image, $dir, true);
	}

	protected static function filesystem(): array {
		return ['type' => 'fuse', 'encodesNames' => true, 'encoding' => 'lookalike', 'maxFileSize' => null, 'caseInsensitive' => false];
	}

	protected static function places(): array {
		$plain = [];
		foreach ([...self::TWINS, ...array_values(self::RENAMES)] as $path) {
			$plain[$path] = $path;
		}
		return static::lookAlikePlaces() + [
			'Names/CON' => null,
			'Names/nul.txt' => null,
		] + $plain;
	}
}
