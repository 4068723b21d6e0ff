<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * An NTFS drive mounted with ntfs-3g's defaults (no windows_names): it takes every name Nextcloud takes,
 * : ? | and the device names included, and tells case apart, so Mirror writes every name as it is. (A Windows
 * computer cannot open those names: mount NTFS drives with windows_names, see NtfsTargetTest.)
 */
final class NtfsPosixNamesTargetTest extends DriveNameRulesTestCase {
	protected function plugIn(string $image, string $dir): void {
		$this->mounts->ntfs($image, $dir, false);
	}

	protected static function filesystem(): array {
		return ['type' => 'fuse', 'encodesNames' => false, 'encoding' => null, 'maxFileSize' => null, 'caseInsensitive' => false];
	}

	protected static function places(): array {
		$plain = [];
		foreach ([...self::NAMES, ...self::TWINS, ...array_values(self::RENAMES)] as $path) {
			$plain[$path] = $path;
		}
		return $plain;
	}
}
