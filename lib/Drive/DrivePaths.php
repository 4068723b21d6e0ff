<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * Path mapping for one drive: where a user's file or folder stands on the drive (the user's folder,
 * names encoded where the filesystem refuses a character, a case twin's suffixed place as recorded),
 * and what of it to record. Only looks (lstat, no write); the Drive asks it, and so do callers
 * through the Drive's façade, instead of doing their own path bookkeeping.
 */
final class DrivePaths {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly NamePlacer $placer,
		/** @var \Closure(): DriveNames what the mounted drive's filesystem takes (Drive::names()) */
		private readonly \Closure $names,
	) {
	}

	/**
	 * The path of a user's file on the drive, for admins' eyes (occ, logs); never for users.
	 *
	 * @param string|null $drivePath where the copy stands below the user's folder, as recorded (null: the encoded path)
	 */
	public function locate(string $userId, string $path, ?string $drivePath = null): string {
		return $this->guard->path($this->segments($userId, $path, $drivePath));
	}

	/**
	 * A path of the user's files with the names this drive refuses encoded: where a copy stands
	 * unless its record says otherwise.
	 */
	public function encodedPath(string $path): string {
		if ($this->names()->encoding === null && self::isPlain($path)) {
			return $path; // what the names give back joined: a manifest asks this of every copy
		}
		return implode('/', $this->driveSegments($path));
	}

	/**
	 * Whether a path is its names joined by single slashes already (no empty, ".", ".." or NUL name).
	 */
	private static function isPlain(string $path): bool {
		return $path !== '' && $path[0] !== '/' && $path[-1] !== '/' && !str_contains($path, '//') && !str_contains($path, "\0")
			&& preg_match('#(^|/)\.{1,2}(/|$)#', $path) !== 1;
	}

	/**
	 * Where a folder stands on the drive (below the user's folder), read from a copy recorded below it.
	 *
	 * @param string $path the copy's path, below $folder
	 * @param string|null $drivePath the copy's on-drive path as recorded
	 */
	public function folderAt(string $folder, string $path, ?string $drivePath): string {
		$onDrive = PathGuard::segments($drivePath ?? $this->encodedPath($path));
		return implode('/', array_slice($onDrive, 0, count(PathGuard::segments($folder))));
	}

	/**
	 * Where a folder no copy is recorded below stands on the drive (below the user's folder): where
	 * it was given its place (NamePlacer), as ensureFolder() did. Not simply its encoded path: to a
	 * drive that ignores case, "photos" opens its case twin's folder "Photos".
	 */
	public function unrecordedFolderAt(string $userId, string $folder): string {
		$at = $this->placer->place($this->names(), UserFolderName::for($userId), $userId, $folder, true);
		// the folder is looked for, not created: its place is not remembered for the copies to come
		$this->placer->forget();
		return $at;
	}

	/**
	 * Where a copy below $folder stands once the folder was renamed to $folderDrive on the drive.
	 */
	public function movedWith(string $folder, string $folderDrive, string $path, ?string $drivePath): string {
		$onDrive = PathGuard::segments($drivePath ?? $this->encodedPath($path));
		return implode('/', [...PathGuard::segments($folderDrive), ...array_slice($onDrive, count(PathGuard::segments($folder)))]);
	}

	/**
	 * What to record as a copy's on-drive path: null when it is the encoded path (most copies).
	 */
	public function recordable(string $path, ?string $drivePath): ?string {
		return $drivePath === null || $drivePath === $this->encodedPath($path) ? null : $drivePath;
	}

	/**
	 * Where a user's file or folder stands on the drive; null when nothing does. On a drive that
	 * ignores case, an entry stored under another spelling is not this one (its copy went, and a
	 * case twin took the name): it is left alone.
	 *
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function existing(string $userId, string $path, ?string $drivePath = null): ?string {
		$segments = $this->segments($userId, $path, $drivePath);
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		if ($dir === null || !in_array($this->guard->kindNoLink($dir . '/' . $name), [PathGuard::FILE, PathGuard::DIR], true)) {
			return null;
		}
		$relative = [...array_slice($segments, 1), $name];
		if (count($segments) > 0 && !$this->placer->isOwnPlace($this->names(), $segments[0], implode('/', $relative))) {
			return null;
		}
		return $dir . '/' . $name;
	}

	/**
	 * @param string|null $drivePath where the copy stands below the user's folder, as recorded (null: the encoded path)
	 * @return non-empty-list<string> the user's folder, then the path's names on the drive
	 * @throws ReplicationException
	 */
	public function segments(string $userId, string $path, ?string $drivePath = null): array {
		$folder = UserFolderName::for($userId);
		if ($folder === '') {
			throw new ReplicationException('An empty user id cannot be mirrored', ReplicationException::NAME);
		}
		return [$folder, ...($drivePath === null ? $this->driveSegments($path) : PathGuard::segments($drivePath))];
	}

	/**
	 * A path of the user's files as names on this drive (encoded where its filesystem refuses a character).
	 *
	 * @return list<string>
	 */
	public function driveSegments(string $path): array {
		$names = $this->names();
		return array_map(static fn (string $segment): string => $names->encode($segment), PathGuard::segments($path));
	}

	/**
	 * What the drive's filesystem takes (plain until it was seen online).
	 */
	public function names(): DriveNames {
		return ($this->names)();
	}
}
