<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Fd;

use OCA\Mirror\Exception\UnsafePathException;

/**
 * Every call that changes something below a target's root: create, rename, link, remove, chmod and
 * time change, given paths below the root that PathGuard has walked. Two ways to make them:
 * FdCalls walks again from a held descriptor of the root, folder by folder without following a link,
 * and makes each call relative to the held folder with a single name (race-free: the CLI with FFI);
 * PathCalls makes PHP's own calls on the path (a folder swapped for a link between PathGuard's check
 * and the call is followed: the web server, no FFI).
 *
 * A failure returns false and leaves a PHP warning with the system's words (IoCall reads it); a
 * symbolic link met on the way throws.
 */
interface DriveCalls {
	/** whether no path below the root is resolved again by the kernel from the root (FdCalls) */
	public function raceFree(): bool;

	/** @throws UnsafePathException */
	public function mkdir(string $dir, int $mode): bool;

	/**
	 * Renames within the drive; never copies (another filesystem fails).
	 *
	 * @param bool $replace false: fails when something stands at $to (where the filesystem can tell atomically)
	 * @throws UnsafePathException
	 */
	public function rename(string $from, string $to, bool $replace): bool;

	/** a hard link at $to to the file at $from (a link there is linked as the link) @throws UnsafePathException */
	public function link(string $from, string $to): bool;

	/** a new file at $to (never over anything) with the bytes of the plain file at $from @throws UnsafePathException */
	public function copy(string $from, string $to): bool;

	/** @throws UnsafePathException */
	public function unlink(string $file): bool;

	/** @throws UnsafePathException */
	public function rmdir(string $dir): bool;

	/** the entry's own mode: a link is never followed @throws UnsafePathException */
	public function chmod(string $path, int $mode): bool;

	/** access and modification time of the entry itself (a link is never followed) @throws UnsafePathException */
	public function touch(string $path, int $mtime): bool;

	/**
	 * A new file, open for reading and writing; fails when anything stands at $path.
	 *
	 * @return resource|false
	 * @throws UnsafePathException
	 */
	public function createExclusive(string $path, int $mode);

	/**
	 * Opens a plain file for reading, never through a link at $path.
	 *
	 * @return resource|false
	 * @throws UnsafePathException
	 */
	public function openRead(string $path);

	/**
	 * Opens a plain file for reading as openRead() does, after asking the kernel to drop the file's
	 * pages from its page cache (posix_fadvise DONTNEED), so that what is read comes from the drive,
	 * not from memory. Only where raceFree() (it needs FFI); false when it cannot be opened or its
	 * pages cannot be dropped.
	 *
	 * @return resource|false
	 * @throws UnsafePathException
	 */
	public function openFromDrive(string $path);

	/**
	 * Removes everything inside the folder $dir (not $dir itself), links as links. Only where raceFree().
	 *
	 * @return int the bytes its plain files took
	 * @throws UnsafePathException
	 */
	public function removeContent(string $dir): int;

	/**
	 * What stands at each of $names in the folder $dir, never following a link (lstat): the numbers a
	 * look at a copy needs, or null where nothing stands. FdCalls opens $dir below the root without
	 * following a link and looks at each name from that folder (statx); PathCalls calls lstat() on each
	 * path, and its caller proves the folder by walking it before and after (CopyReader).
	 *
	 * @param array<array-key, string> $names single names in $dir
	 * @return array<array-key, array{mode: int, size: int, mtime: int}|null>|null null when $dir is not a
	 *                                                                            folder (missing, or something else stands there)
	 * @throws UnsafePathException a link where a folder was, on the way to $dir or at it
	 */
	public function lstatEach(string $dir, array $names): ?array;

	/**
	 * A batch of copies begins: the folders walked may be held for its next calls, until release()
	 * (FdCalls; PathCalls holds nothing).
	 */
	public function hold(): void;

	/**
	 * syncfs(2) of the filesystem holding the root: every file written there is made durable in one
	 * call. Only where raceFree() (it needs FFI).
	 *
	 * @return int|null the device number of the root whose filesystem was synced; null when it was not
	 *                  (no FFI, the root is not the drive's, or syncfs failed: a write error since)
	 * @throws UnsafePathException
	 */
	public function syncFilesystem(): ?int;

	/** lets go of every held folder (the batch is over, or the drive may have changed); the next call walks from the root again */
	public function release(): void;
}
