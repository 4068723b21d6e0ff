<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Source\Exclusion\Exclusion;
use OCP\Files\Node;
use OCP\Files\NotFoundException;

/**
 * The folder of a `.nomirror` named as the user sees it. The owner's paths are not always the user's: an
 * external storage mirrored once has paths of its own ("Cache"), the user sees it at its mount point
 * ("Disk/Cache"); a recipient sees a shared folder at its share's name. The user's node says both: its
 * mount in their files, and its path inside that mount, the tail of the owner's path.
 */
final class SeenFolder {
	/**
	 * @param Node $node the file or folder as the user sees it
	 * @param string $ownerPath its path inside its owner's files (SourceResolver::relativePath())
	 * @return Exclusion the same one when the folder is not below what the user's mount shows, or already theirs
	 */
	public static function of(Exclusion $exclusion, string $userId, Node $node, string $ownerPath): Exclusion {
		if ($exclusion->reason !== Exclusion::NOMIRROR) {
			return $exclusion;
		}
		try {
			$mountPoint = $node->getMountPoint()->getMountPoint();
		} catch (NotFoundException) {
			return $exclusion;
		}
		$files = '/' . $userId . '/files/';
		$inner = trim((string)$node->getInternalPath(), '/');
		if (!str_starts_with($mountPoint, $files) || ($inner !== '' && $ownerPath !== $inner && !str_ends_with($ownerPath, '/' . $inner))) {
			return $exclusion; // their home (the owner's paths are theirs), or not one mount's tail
		}
		$ownerRoot = trim(substr($ownerPath, 0, strlen($ownerPath) - strlen($inner)), '/');
		$folder = $exclusion->detail;
		if ($ownerRoot !== '' && $folder !== $ownerRoot && !str_starts_with($folder, $ownerRoot . '/')) {
			return $exclusion; // above what the mount shows
		}
		$below = ltrim(substr($folder, strlen($ownerRoot)), '/');
		$seen = trim(trim(substr($mountPoint, strlen($files)), '/') . '/' . $below, '/');
		return new Exclusion(Exclusion::NOMIRROR, $seen);
	}
}
