<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;

/**
 * The folder that holds a user's files on a mirror drive: the user id itself where it is safe as
 * one folder name, percent-encoded otherwise. A pure function of the id, so the mapping never
 * changes and needs no lookup.
 *
 * Nextcloud user ids may hold letters, digits, space and _ . @ - '. Mirror's own entries on the
 * drive (.nextcloud-mirror, .mirror-trash, .mirror-*.part) all start with a dot, so a leading dot is
 * encoded ('.hidden' -> '%2Ehidden'), as is a trailing dot or space (FAT and Windows drop them),
 * and any other character (there should be none; '%' among them, so no encoded name equals an id).
 *
 * A group folder's records are kept under "<mount point> (group folder)" (GroupFolderOwner): its mount
 * point keeps its letters, with what a folder name can't hold encoded (encodeMountPoint), and the suffix. Its '('
 * is never in a user's folder (encoded as %28), so the two never meet. An external storage mirrored once is
 * kept the same way, under "<mount point> (external storage)" (ExternalStorageOwner).
 */
final class UserFolderName {
	private const SAFE = '/^[A-Za-z0-9 _.@\'-]$/';

	public static function for(string $userId): string {
		$mountPoint = GroupFolderOwner::mountPointOf($userId);
		if ($mountPoint !== null) {
			return self::encodeMountPoint($mountPoint) . GroupFolderOwner::SUFFIX;
		}
		$mountPoint = ExternalStorageOwner::mountPointOf($userId);
		if ($mountPoint !== null) {
			return self::encodeMountPoint($mountPoint) . ExternalStorageOwner::SUFFIX;
		}
		return self::encode($userId);
	}

	/**
	 * A mount point keeps its letters (UTF-8 as it is: "Família (group folder)"); '%', a leading dot,
	 * control characters and what a FAT drive refuses ('/' of a nested mount point among them) are encoded.
	 */
	private static function encodeMountPoint(string $mountPoint): string {
		$encoded = preg_replace_callback('#[\x00-\x1F\x7F%/\\\\:*?"<>|]|^\.#', static fn (array $m): string => sprintf('%%%02X', ord($m[0])), $mountPoint);
		return $encoded ?? rawurlencode($mountPoint);
	}

	private static function encode(string $userId): string {
		$out = '';
		$last = strlen($userId) - 1;
		for ($i = 0; $i <= $last; $i++) {
			$char = $userId[$i];
			$edge = ($i === 0 && $char === '.') || ($i === $last && ($char === '.' || $char === ' '));
			$out .= ($edge || preg_match(self::SAFE, $char) !== 1) ? sprintf('%%%02X', ord($char)) : $char;
		}
		return $out;
	}
}
