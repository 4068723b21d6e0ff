<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * Makes a batch of staged copies durable with one syncfs(2) of the drive's filesystem instead of one
 * fdatasync(2) per copy: on a journalling filesystem each fdatasync of a new file commits the journal
 * (and flushes the drive's cache), so a batch of 64 photos made 64 commits; syncfs writes back every
 * dirty page of the filesystem and commits once.
 *
 * Only where that is as good as the fdatasyncs it replaces, else the caller syncs copy by copy:
 * - a filesystem whose sync flushes the drive's cache (ext3, ext4, XFS, Btrfs, F2FS; tmpfs holds nothing
 *   to flush). Not FUSE (syncfs never reaches the FUSE daemon), NFS, FAT, exFAT or NTFS;
 * - Linux 5.8 or later, whose syncfs reports a writeback error of the filesystem since the descriptor it
 *   is given was opened (before, it said 0). That descriptor is the root the batch holds from its first
 *   stage() (FdCalls::hold()), opened before any of its temporary files was created;
 * - the race-free calls (FFI: PHP has no syncfs), from the root checked against the drive's marker;
 * - every copy of the batch on that filesystem (the same device as the root: not on a mount below it).
 * When syncfs fails (a write error somewhere on the filesystem), the copies are synced one by one, so
 * that each one's own error, if any, is found. `MIRROR_DRIVE_SYNCFS=0` in the environment turns it off
 * (for tests: BatchCrashTest kills the worker at the fdatasync of a copy).
 */
final class BatchSync {
	/** filesystems whose syncfs writes back every file's data and flushes the drive's cache */
	private const FILESYSTEMS = ['ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'tmpfs'];
	/** the first Linux whose syncfs returns writeback errors */
	private const KERNEL = '5.8';

	public function __construct(
		private readonly PathGuard $guard,
		/** @var \Closure(): DriveNames what the mounted drive's filesystem is */
		private readonly \Closure $names,
		/** the Linux release; null: this machine's */
		private readonly ?string $kernel = null,
	) {
	}

	/**
	 * Whether one syncfs can stand for the copies' fdatasyncs on this drive, in this process.
	 */
	public function possible(): bool {
		return getenv('MIRROR_DRIVE_SYNCFS') !== '0'
			&& in_array(($this->names)()->filesystem, self::FILESYSTEMS, true)
			&& self::reportsErrors($this->kernel ?? php_uname('r'))
			&& $this->guard->calls()->raceFree();
	}

	/**
	 * Whether a Linux release ("6.1.0-18-amd64") reports writeback errors from syncfs.
	 */
	public static function reportsErrors(string $release): bool {
		return preg_match('/^(\d+)\.(\d+)/', $release, $m) === 1 && version_compare($m[1] . '.' . $m[2], self::KERNEL, '>=');
	}

	/**
	 * Syncs the drive's filesystem once for the batch (its copies written, not yet synced).
	 *
	 * @param list<StagedCopy> $batch
	 * @return bool true when every copy's bytes are durable; false when nothing was promised (each copy is then synced on its own)
	 */
	public function sync(array $batch): bool {
		if (count($batch) < 2 || !$this->possible()) {
			return false; // one copy: its own fdatasync writes back less than the whole filesystem
		}
		$device = $this->guard->calls()->syncFilesystem();
		if ($device === null) {
			return false;
		}
		foreach ($batch as $copy) {
			if ($copy->device !== $device) {
				return false;
			}
		}
		return true;
	}
}
