<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

/**
 * One external storage the admin configured (files_external), and how Mirror treats it.
 */
final class ExternalStorage {
	/** not mirrored (the default): never read; copies made before go to the mirror trash at the next reconcile */
	public const OFF = 'off';
	/** mirrored as part of the files of each user it is mounted for, at its path there (one copy per user) */
	public const USERS = 'users';
	/** mirrored once, under its own owner "<mount point> (external storage)" */
	public const SHARED = 'shared';
	public const MODES = [self::OFF, self::USERS, self::SHARED];

	public function __construct(
		/** files_external's mount id */
		public readonly int $id,
		/** without slashes around it: "Disk", "Media/Films" */
		public readonly string $mountPoint,
		/** files_external's backend id: "local", "smb", "dav", … */
		public readonly string $backend,
		/** the records' owner id (ExternalStorageOwner); null when the mount point is too long for one */
		public readonly ?string $owner,
		/** one of MODES */
		public readonly string $mode,
		/** 1: the admin's, 2: a user's own (files_external's mount types) */
		public readonly int $type,
	) {
	}

	/** Whether the mirror copies it now, once, under its own owner. */
	public function shared(): bool {
		return $this->mode === self::SHARED && $this->owner !== null;
	}
}
