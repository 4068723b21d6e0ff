<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\External;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCP\Files\FileInfo;
use OCP\Files\NotFoundException;

/**
 * Which external storage a file a user sees is on: the mount files_external built for that user (its mount
 * id is the storage's id, its provider files_external's), asked of the file's own mount. A user the storage is
 * not mounted for never gets such a node: Nextcloud finds the file only through the mounts it built for them.
 */
class ExternalMounts {
	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly ExternalApplicable $applicable,
	) {
	}

	/** The storage behind the file, whatever its mode; null when the file is not on an external storage. */
	public function storageOf(FileInfo $info): ?ExternalStorage {
		try {
			$mount = $info->getMountPoint();
		} catch (NotFoundException) {
			return null;
		}
		$id = $mount->getMountId();
		return $mount->getMountProvider() !== ExternalRoots::PROVIDER || $id === null ? null : $this->directory->byId((int)$id);
	}

	/**
	 * Whose records hold the storage's files as this user sees them: its own owner when it is mirrored once
	 * ("shared"), the user themselves when it is mirrored as part of the files of each user it is mounted for
	 * ("users": one copy per user); null when it is not mirrored (for them).
	 */
	public function mirroredAs(ExternalStorage $storage, string $viewer): ?string {
		if ($storage->shared()) {
			return $storage->owner;
		}
		return $this->applicable->isMirroredFor($storage, $viewer) ? $viewer : null;
	}
}
