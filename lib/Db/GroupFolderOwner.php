<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * The owner a group folder's records are kept under: nobody owns a group folder, so its files, its
 * trash and its tripwire count belong to "<mount point> (group folder)". A Nextcloud user id never holds
 * '(' (letters, digits, space and _ . @ - ' only), so no user can ever have this id, and the drive folder
 * made of it (UserFolderName) never meets a user's. A pure function of the mount point: no lookup.
 */
final class GroupFolderOwner {
	public const SUFFIX = ' (group folder)';
	/** where Mirror mounts a group folder's own storage for itself (GroupFolderRoots): /__mirror_groupfolder_<id> */
	public const MOUNT_PREFIX = '/__mirror_groupfolder_';
	/** the records' user_id columns */
	public const MAX_LENGTH = 64;

	/** The owner id of the group folder mounted at this mount point; null when it would not fit the records. */
	public static function forMountPoint(string $mountPoint): ?string {
		$owner = $mountPoint . self::SUFFIX;
		return $mountPoint === '' || strlen($owner) > self::MAX_LENGTH ? null : $owner;
	}

	public static function isGroupFolder(string $owner): bool {
		return strlen($owner) > strlen(self::SUFFIX) && str_ends_with($owner, self::SUFFIX);
	}

	/** The mount point of a group folder's owner id; null for a user's. */
	public static function mountPointOf(string $owner): ?string {
		return self::isGroupFolder($owner) ? substr($owner, 0, -strlen(self::SUFFIX)) : null;
	}
}
