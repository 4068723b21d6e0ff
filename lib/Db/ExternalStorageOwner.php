<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * The owner an external storage's records are kept under when it is mirrored once for everyone
 * ("shared"): "<mount point> (external storage)", as a group folder's are "<mount point> (group folder)"
 * (GroupFolderOwner). A Nextcloud user id never holds '(' (letters, digits, space and _ . @ - ' only), so
 * no user can have this id, and the drive folder made of it (UserFolderName) never meets a user's.
 */
final class ExternalStorageOwner {
	public const SUFFIX = ' (external storage)';
	/** where Mirror mounts an external storage for itself (ExternalRoots): /__mirror_external_<mount id> */
	public const MOUNT_PREFIX = '/__mirror_external_';

	/** The owner id of the storage mounted at this mount point ("/Disk" or "Disk"); null when it would not fit the records. */
	public static function forMountPoint(string $mountPoint): ?string {
		$mountPoint = trim($mountPoint, '/');
		$owner = $mountPoint . self::SUFFIX;
		return $mountPoint === '' || strlen($owner) > GroupFolderOwner::MAX_LENGTH ? null : $owner;
	}

	public static function isExternal(string $owner): bool {
		return strlen($owner) > strlen(self::SUFFIX) && str_ends_with($owner, self::SUFFIX);
	}

	/** The mount point (without slashes around it) of an external storage's owner id; null for anyone else's. */
	public static function mountPointOf(string $owner): ?string {
		return self::isExternal($owner) ? substr($owner, 0, -strlen(self::SUFFIX)) : null;
	}
}
