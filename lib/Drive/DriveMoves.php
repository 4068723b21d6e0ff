<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Exception\ReplicationException;

/**
 * Moves within a user's folder on the drive: renames (a file's or a folder's, a change of case only),
 * and a file of the trash put back at its place.
 */
final class DriveMoves {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly NamePlacer $placer,
		private readonly DrivePaths $paths,
		private readonly DriveTrash $trash,
		private readonly MtimeKeeper $mtimes,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
		private readonly FolderSync $folderSync,
	) {
	}

	/**
	 * Renames a user's file or folder on the drive. Never replaces anything. The new name is given
	 * its place as a new copy's is (NamePlacer): on a drive that ignores case, beside a case twin it
	 * gets a suffix.
	 *
	 * @param string|null $fromDrive where it stands below the user's folder, as recorded (null: the encoded path)
	 * @param bool $folder it is a folder (not renamed at once where the filesystem would lose its content: null)
	 * @return string|null where it went below the user's folder, for the record; null when there is
	 *                     nothing to rename or something already stands there
	 * @throws TargetOfflineException
	 * @throws ReplicationException WRITE_BACK when the rename may not be on the disk (FolderSync):
	 *                              it is undone as far as the drive takes it, nothing is to be recorded
	 */
	public function rename(string $userId, string $from, string $to, ?string $fromDrive = null, bool $folder = false): ?string {
		$this->ensureMounted();
		if ($folder && in_array($this->paths->names()->filesystem, Drive::LOSES_RENAMED_FOLDERS, true)) {
			return null; // the callers rename file by file instead
		}
		$old = $this->paths->existing($userId, $from, $fromDrive);
		if ($old === null) {
			return null;
		}
		$fromSegments = $this->paths->segments($userId, $from, $fromDrive);
		$toNames = PathGuard::segments($to);
		$toName = $this->paths->names()->encode((string)end($toNames));
		// a change of case only ("a.jpg" -> "A.jpg") of a name the drive holds unsuffixed: to a drive that
		// ignores case that is the same entry, renamed in place
		$caseOnly = PathGuard::segments(dirname('/' . $from)) === array_slice($toNames, 0, -1)
			&& $this->paths->names()->caseInsensitive && $this->paths->names()->same((string)end($fromSegments), $toName);
		$toDrive = $caseOnly
			? implode('/', [...array_slice($fromSegments, 1, -1), $toName])
			: $this->placer->place($this->paths->names(), UserFolderName::for($userId), $userId, $to, $folder);
		$toSegments = $this->paths->segments($userId, $to, $toDrive);
		if (array_slice($toSegments, 0, count($fromSegments)) === $fromSegments) {
			return null; // into itself (Photos -> Photos/Old): the callers copy anew instead
		}
		$toName = array_pop($toSegments);
		$toParent = $this->guard->folder($toSegments);
		if (!$caseOnly && $toParent !== null && $this->guard->kindNoLink($toParent . '/' . $toName) !== null) {
			return null;
		}
		$toDir = $this->trash->folder($userId, $toSegments);
		$new = $toDir . '/' . $toName;
		clearstatcache(true, $old);
		$mtime = @filemtime($old);
		$this->guard->assertInside(dirname($old));
		$this->guard->assertInside($toDir);
		if ($this->guard->kind($old) === PathGuard::DIR) {
			$this->placer->forget(); // the folders below it stand elsewhere now
		}
		if ($caseOnly) {
			$this->renameCaseOnly($old, $new);
		} else {
			$this->io->call(fn () => $this->calls()->rename($old, $new, false), 'rename', $new);
		}
		if ($mtime !== false) {
			$this->mtimes->keepMtime($new, $mtime);
		}
		// a change of case only is the same entry to the drive: the record's old name still finds it, nothing to undo
		$this->folderSync->sync($toDir, $caseOnly ? null : fn () => $this->calls()->rename($new, $old, false));
		return implode('/', [...array_slice($toSegments, 1), $toName]);
	}

	/**
	 * "a.jpg" -> "A.jpg" on a drive that ignores case, through a name of its own: fusefat damages a
	 * file renamed straight onto its other spelling (all but its first cluster is lost).
	 */
	private function renameCaseOnly(string $old, string $new): void {
		$aside = dirname($new) . '/.mirror-' . bin2hex(random_bytes(8)) . '.part';
		$this->io->call(fn () => $this->calls()->rename($old, $aside, false), 'rename', $new);
		try {
			$this->guard->assertInside(dirname($new));
			$this->io->call(fn () => $this->calls()->rename($aside, $new, false), 'rename', $new);
		} catch (\Throwable $e) {
			$this->io->attempt(fn () => $this->calls()->rename($aside, $old, false)); // back where it was, for the next try
			throw $e;
		}
	}

	/**
	 * Puts a file of a user's trash ("2026-11-30/Photos/a.jpg", as recorded) back at its place in the
	 * user's folder: a deleted file restored into Nextcloud with these very bytes, so the copy is
	 * current again and nothing needs copying. Its place is given as a new copy's is (NamePlacer): on
	 * a drive that ignores case, a case twin's file goes back to its own folder, not into its twin's.
	 * Never replaces anything, never through a link.
	 *
	 * Only where the drive's calls are race-free: the Files sidebar's "Restore deleted files" (a web
	 * request, on paths) does not call it, and the worker copies the restored file instead (README).
	 *
	 * @param int|null $size the recorded size: a file of another size there is not the one recorded
	 * @return string|null where it went below the user's folder, for the record; null when no plain
	 *                     file (of $size bytes) is at $trashPath or something already stands at its place
	 * @throws TargetOfflineException
	 * @throws ReplicationException WRITE_BACK when the move may not be on the disk: it is undone as far as the drive takes it
	 */
	public function untrash(string $userId, string $trashPath, string $path, ?int $size = null): ?string {
		$this->ensureMounted();
		$segments = [Drive::TRASH_DIR, UserFolderName::for($userId), ...PathGuard::segments($trashPath)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		if ($dir === null || $this->guard->kindNoLink($dir . '/' . $name) !== PathGuard::FILE) {
			return null;
		}
		$old = $dir . '/' . $name;
		if ($size !== null && ($this->guard->lstat($old)['size'] ?? null) !== $size) {
			return null; // not the file recorded: the worker copies the restored file instead
		}
		$toSegments = $this->paths->segments($userId, $path, $this->placer->place($this->paths->names(), UserFolderName::for($userId), $userId, $path));
		$toName = array_pop($toSegments);
		$toParent = $this->guard->folder($toSegments);
		if ($toParent !== null && $this->guard->kindNoLink($toParent . '/' . $toName) !== null) {
			return null;
		}
		$toDir = $this->trash->folder($userId, $toSegments);
		$new = $toDir . '/' . $toName;
		clearstatcache(true, $old);
		$mtime = @filemtime($old);
		$this->guard->assertInside($dir);
		$this->guard->assertInside($toDir);
		$this->io->call(fn () => $this->calls()->rename($old, $new, false), 'rename', $new);
		if ($mtime !== false) {
			$this->mtimes->keepMtime($new, $mtime);
		}
		$this->folderSync->sync($toDir, fn () => $this->calls()->rename($new, $old, false)); // back in the trash, as its record says
		return implode('/', [...array_slice($toSegments, 1), $toName]);
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
