<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * One group folder of the Group folders app, as its table holds it.
 */
final class GroupFolder {
	public function __construct(
		public readonly int $id,
		public readonly string $mountPoint,
		/** the records' owner id (GroupFolderOwner) */
		public readonly string $owner,
		/** numeric id of the storage its files are cached under */
		public readonly int $storageId,
		/** its own storage (__groupfolders/<id>/files/…), the app's default since version 19 */
		public readonly bool $separateStorage,
		public readonly bool $acl,
	) {
	}
}
