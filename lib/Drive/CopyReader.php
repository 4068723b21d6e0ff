<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;

/**
 * Reading a user's copies on the drive: whether one is current (its size and time), its checksum,
 * its first bytes, and a handle to read it (a restore) or a file of the trash, opened once after the
 * checks and never through a link.
 */
final class CopyReader {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly TemporaryCopy $temporary,
		private readonly DrivePaths $paths,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
	) {
	}

	/**
	 * The one rule for "the copy on the drive is current": a plain file of the recorded size and
	 * modification time (within FAT's 2 seconds). Content is proved by mirror:verify.
	 *
	 * @throws ReplicationException a link on the way
	 */
	public function isCurrent(string $userId, string $path, int $size, int $mtime, ?string $drivePath = null): bool {
		$stat = $this->stat($userId, $path, $drivePath);
		return $stat !== null && Drive::matches($stat, $size, $mtime);
	}

	/**
	 * Size and modification time of a user's mirror copy; null when there is no plain file there.
	 *
	 * @return array{size: int, mtime: int}|null
	 * @throws ReplicationException a link on the way
	 */
	public function stat(string $userId, string $path, ?string $drivePath = null): ?array {
		$segments = $this->paths->segments($userId, $path, $drivePath);
		$name = array_pop($segments);
		if ($this->guard->folder($segments) === null) {
			return null;
		}
		$file = $this->guard->path([...$segments, $name]);
		$stat = $this->guard->lstat($file); // one lstat for the kind and the numbers
		if ($stat !== null && PathGuard::kindOf($stat['mode']) === PathGuard::LINK) {
			throw $this->guard->linkFound($file);
		}
		return $stat === null || PathGuard::kindOf($stat['mode']) !== PathGuard::FILE ? null : ['size' => $stat['size'], 'mtime' => $stat['mtime']];
	}

	/**
	 * stat() of many of a user's copies, for what it costs to look at each once: the copies are taken
	 * folder by folder. Where the drive calls are race-free (FdCalls: the CLI with FFI), each folder is
	 * opened once, below the root and without following a link, and each of its copies is looked at
	 * from it by its name alone (statx): no path is resolved again from the root, and a folder swapped
	 * for a link at any moment is never followed. Elsewhere each folder is walked (PathGuard::walk(),
	 * every folder on the way looked at with lstat, a link refused) once for all of its copies, its
	 * copies are looked at by path, then the folder is walked again and must be the same folders
	 * (device and inode); a folder swapped or renamed meanwhile has its copies looked at again one by
	 * one, by stat(). What that cannot catch is a writer who swaps a folder for a link and puts the
	 * same folder back between the two walks: at worst a size and a time read elsewhere, never a write.
	 *
	 * @param array<array-key, string> $paths key => path in the user's files
	 * @param array<array-key, string|null> $drivePaths key => on-drive path as recorded (none, null: the encoded path)
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null> key => what stat()
	 *                                                                                   returns, or the exception it throws for a link on the way
	 * @throws ReplicationException a path that stat() refuses too (a ".." in it)
	 */
	public function statMany(string $userId, array $paths, array $drivePaths = []): array {
		return $this->lookAt($userId, $paths, $drivePaths, null);
	}

	/**
	 * The copies among these that are not current (isCurrent()'s rule), looked at as statMany() looks
	 * at them: key => what stat() gives (null: no plain file there) or the exception it throws for a
	 * link on the way. A current copy is left out: a resync asks this of every copy, and most are.
	 *
	 * @param array<array-key, string> $paths key => path in the user's files
	 * @param array<array-key, array{0: int, 1: int}> $recorded key => the recorded size and modification time
	 * @param array<array-key, string|null> $drivePaths key => on-drive path as recorded (none, null: the encoded path)
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException a path that stat() refuses too (a ".." in it)
	 */
	public function notCurrent(string $userId, array $paths, array $recorded, array $drivePaths = []): array {
		return $this->lookAt($userId, $paths, $drivePaths, $recorded);
	}

	/**
	 * statMany(), or with $recorded notCurrent().
	 *
	 * @param array<array-key, string> $paths
	 * @param array<array-key, string|null> $drivePaths
	 * @param array<array-key, array{0: int, 1: int}>|null $recorded
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException
	 */
	private function lookAt(string $userId, array $paths, array $drivePaths, ?array $recorded): array {
		/** @var array<string, array{0: list<string>, 1: array<array-key, string>}> $folders folder => its on-drive segments, and key => on-drive name */
		$folders = [];
		$names = $this->paths->names();
		$plain = $names->encoding === null;
		foreach ($paths as $key => $path) {
			$drivePath = $drivePaths[$key] ?? null;
			// the same segments as segments() gives, split once per folder instead of once per copy
			$slash = strrpos($path, '/');
			$name = $slash === false ? $path : substr($path, $slash + 1);
			$parent = $slash === false ? '' : substr($path, 0, $slash);
			if ($drivePath !== null || $name === '' || $name === '.' || $name === '..' || str_contains($name, "\0")) {
				$segments = $this->paths->segments($userId, $path, $drivePath); // throws for "..", else what is left of "a/b/."
				$name = array_pop($segments);
				$parent = "\0" . implode('/', $segments); // a group of its own
				$folders[$parent] ??= [$segments, []];
			} else {
				$folders[$parent] ??= [$this->paths->segments($userId, $parent), []];
				if (!$plain) {
					$name = $names->encode($name);
				}
			}
			$folders[$parent][1][$key] = $name;
		}
		$result = [];
		foreach ($folders as [$segments, $inFolder]) {
			$result += $this->statFolder($userId, $segments, $inFolder, $paths, $drivePaths, $recorded);
		}
		return $result;
	}

	/**
	 * @param list<string> $segments
	 * @param array<array-key, string> $names key => name in that folder
	 * @param array<array-key, string> $paths key => path in the user's files
	 * @param array<array-key, string|null> $drivePaths
	 * @param array<array-key, array{0: int, 1: int}>|null $recorded given: current copies are left out
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 */
	private function statFolder(string $userId, array $segments, array $names, array $paths, array $drivePaths, ?array $recorded): array {
		$folder = $this->guard->path($segments);
		$calls = $this->guard->calls();
		try {
			// race-free: the folder opened below the root without following a link, each copy looked at
			// from it (one statx of one name); else lstat() on paths, the folder walked before and after
			$stats = $calls->raceFree() ? $calls->lstatEach($folder, $names) : $this->lstatBetweenWalks($segments, $folder, $names);
		} catch (UnsafePathException $e) {
			return array_fill_keys(array_keys($names), $e);
		}
		if ($stats === null) {
			return array_fill_keys(array_keys($names), null);
		}
		$result = [];
		foreach ($names as $key => $name) {
			if ($stats === false) { // changed while we looked: each copy again, the careful way
				try {
					$stat = $this->stat($userId, $paths[$key], $drivePaths[$key] ?? null);
				} catch (UnsafePathException $e) {
					$result[$key] = $e;
					continue;
				}
			} else {
				$stat = $stats[$key];
				$kind = $stat === null ? null : PathGuard::kindOf($stat['mode']);
				if ($kind === PathGuard::LINK) {
					$result[$key] = $this->guard->linkFound($folder . '/' . $name);
					continue;
				}
				$stat = $stat === null || $kind !== PathGuard::FILE ? null : ['size' => $stat['size'], 'mtime' => $stat['mtime']];
			}
			if ($recorded !== null && $stat !== null && Drive::matches($stat, $recorded[$key][0], $recorded[$key][1])) {
				continue;
			}
			$result[$key] = $stat;
		}
		return $result;
	}

	/**
	 * Where PHP has no openat(): the folder walked (PathGuard::walk()), its entries looked at by path,
	 * then the folder walked again, which must find the same folders.
	 *
	 * @param list<string> $segments
	 * @param array<array-key, string> $names
	 * @return array<array-key, array{mode: int, size: int, mtime: int}|null>|false|null null: no such
	 *                                                                                  folder; false: it changed while its entries were looked at
	 * @throws UnsafePathException a link on the way
	 */
	private function lstatBetweenWalks(array $segments, string $folder, array $names): array|false|null {
		$before = $this->guard->walk($segments);
		if ($before === null) {
			return null;
		}
		$stats = $this->guard->calls()->lstatEach($folder, $names);
		try {
			$same = $this->guard->walk($segments) === $before;
		} catch (UnsafePathException) {
			$same = false;
		}
		return $same && $stats !== null ? $stats : false;
	}

	/**
	 * sha256 of a user's mirror copy; null when there is no plain file there. With $size (the
	 * recorded one), the open copy's size comes first: a different one fails before a byte is read.
	 *
	 * @param (callable(): void)|null $heartbeat
	 * @throws ReplicationException a link on the way, a read error, DIFFERENT_SIZE
	 */
	public function checksum(string $userId, string $path, ?callable $heartbeat = null, ?string $drivePath = null, ?int $size = null): ?string {
		if ($this->stat($userId, $path, $drivePath) === null) {
			return null;
		}
		return $this->temporary->checksum($this->paths->locate($userId, $path, $drivePath), $heartbeat, 'sha256', $size);
	}

	/**
	 * sha256 of a user's mirror copy read from the drive itself (its pages dropped from the page cache
	 * first, where this process can: FFI), after its size is found to be $size; null when there is no
	 * plain file there. $onRead is called after each piece is read, with its length (a throttle).
	 *
	 * @param callable(int): void $onRead
	 * @throws TargetOfflineException the drive is not (or no longer) the one mounted
	 * @throws ReplicationException a link on the way, a read error, DIFFERENT_SIZE
	 */
	public function recheck(string $userId, string $path, ?string $drivePath, int $size, callable $onRead): ?string {
		$this->ensureMounted();
		if ($this->stat($userId, $path, $drivePath) === null) {
			$this->ensureMounted(); // not missing: unplugged meanwhile
			return null;
		}
		return $this->temporary->checksum($this->paths->locate($userId, $path, $drivePath), null, 'sha256', $size, $onRead);
	}

	/**
	 * Opens a user's copy for reading (a restore); null when there is no plain file there. Never
	 * through a link.
	 *
	 * @return resource|null
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function openCopy(string $userId, string $path, ?string $drivePath = null) {
		$this->ensureMounted();
		$file = $this->paths->existing($userId, $path, $drivePath);
		return $file === null ? null : $this->openPlainFile($file);
	}

	/**
	 * Opens a file in a user's trash ("2026-11-30/Photos/a.jpg", as recorded); null when there is none.
	 *
	 * @return resource|null
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function openTrashed(string $userId, string $trashPath) {
		$this->ensureMounted();
		$segments = [Drive::TRASH_DIR, UserFolderName::for($userId), ...PathGuard::segments($trashPath)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		return $dir === null ? null : $this->openPlainFile($dir . '/' . $name);
	}

	/**
	 * @return resource|null
	 */
	private function openPlainFile(string $file) {
		if ($this->guard->kindNoLink($file) !== PathGuard::FILE) {
			return null;
		}
		$this->guard->assertInside(dirname($file));
		$handle = $this->io->attempt(fn () => $this->calls()->openRead($file));
		return $handle === false ? null : $handle;
	}

	public function isFolder(string $userId, string $path, ?string $drivePath = null): bool {
		return $this->guard->folder($this->paths->segments($userId, $path, $drivePath)) !== null;
	}

	/**
	 * The first bytes of a user's copy (what the tripwire compares with the file's type); null when there is none.
	 *
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function head(string $userId, string $path, int $bytes, ?string $drivePath = null): ?string {
		$this->ensureMounted();
		$file = $this->paths->existing($userId, $path, $drivePath);
		if ($file === null || $this->guard->kind($file) !== PathGuard::FILE) {
			return null;
		}
		$handle = $this->io->attempt(fn () => $this->calls()->openRead($file));
		if ($handle === false) {
			return null;
		}
		$head = fread($handle, max(1, $bytes));
		fclose($handle);
		return $head === false ? null : $head;
	}

	private function calls(): DriveCalls {
		return $this->guard->calls();
	}

	/**
	 * @throws TargetOfflineException
	 */
	private function ensureMounted(): void {
		($this->mounted)();
	}
}
