<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * The drive's trash (<target>/.mirror-trash/<user>/<YYYY-MM-DD>/<path>): what a deletion moves there,
 * what a new copy replaces kept there, the dated folders retention prunes; and the user's folders
 * created on the way, a file standing where a folder must be going to the trash.
 */
final class DriveTrash {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly TemporaryCopy $temporary,
		private readonly NamePlacer $placer,
		private readonly DrivePaths $paths,
		private readonly MtimeKeeper $mtimes,
		private readonly TrashFolder $trashFolder,
		private readonly ITimeFactory $time,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
		private readonly FolderSync $folderSync,
		/** @var (\Closure(string, string, string): void)|null told (user id, from, to: below the user's trash folder) when a file of the trash is renamed aside */
		private readonly ?\Closure $movedAside = null,
	) {
	}

	/**
	 * Moves a user's file or folder into the trash (<target>/.mirror-trash/<user>/<date>/<path>):
	 * a deletion never destroys the backup.
	 *
	 * @return string|null where it went, below the user's trash folder ("2026-12-01/Photos/a.jpg"); null when nothing was there
	 * @throws TargetOfflineException
	 * @throws ReplicationException WRITE_BACK when the move may not be on the disk (FolderSync): it is
	 *                              undone as far as the drive takes it, nothing is to be recorded
	 */
	public function moveToTrash(string $userId, string $path, ?string $drivePath = null): ?string {
		$this->ensureMounted();
		$entry = $this->paths->existing($userId, $path, $drivePath);
		if ($entry === null) {
			return null;
		}
		return $this->trashEntry($userId, array_slice($this->paths->segments($userId, $path, $drivePath), 1), $entry, true);
	}

	/**
	 * The dated folders of the trash, oldest first: what retention and the space guard prune.
	 *
	 * @return list<array{folder: string, day: string}> folder: a user's folder (UserFolderName)
	 * @throws TargetOfflineException
	 */
	public function trashDays(): array {
		$this->ensureMounted();
		return $this->trashFolder->days();
	}

	/**
	 * Removes one dated folder of one user's trash, and only that.
	 *
	 * @return int the bytes freed
	 * @throws TargetOfflineException
	 */
	public function pruneTrashDay(string $folder, string $day): int {
		$this->ensureMounted();
		return $this->trashFolder->remove($folder, $day);
	}

	/**
	 * Keeps what stands at $dest before a new copy replaces it: nothing when it is the same bytes;
	 * a folder moves to the trash; a file is hard-linked (or copied) there and replaced by the rename.
	 *
	 * @param string $drivePath where it stands below the user's folder
	 * @return string|null where it was kept, below the user's trash folder
	 * @throws ReplicationException WRITE_BACK when what was kept may not be on the disk: it is not replaced then
	 */
	public function keepBeforeReplace(string $userId, string $drivePath, string $dest, string $newChecksum, int $newSize): ?string {
		$kind = $this->guard->kindNoLink($dest);
		if ($kind === null) {
			return null;
		}
		if ($kind === PathGuard::DIR) {
			return $this->trashEntry($userId, PathGuard::segments($drivePath), $dest, true);
		}
		if ($kind !== PathGuard::FILE) {
			throw new ReplicationException('Something that is neither a file nor a folder stands at ' . $dest . ' on the mirror drive', ReplicationException::IO, null,
				['action' => 'place', 'path' => $dest, 'detail' => 'neither a file nor a folder stands there']);
		}
		// same bytes already there (an adopted drive, a re-run after a crash): nothing to keep
		try {
			if ($this->temporary->checksum($dest, null, 'sha256', $newSize) === $newChecksum) {
				return null;
			}
		} catch (ReplicationException $e) {
			if ($e->errorCode !== ReplicationException::DIFFERENT_SIZE) {
				throw $e;
			}
		}
		return $this->trashEntry($userId, PathGuard::segments($drivePath), $dest, false);
	}

	/**
	 * @param list<string> $relative where the entry stands below the user's folder (names as on the drive)
	 * @param bool $move move the entry (a deletion); false: keep a hard link or copy (it is about to be replaced)
	 * @return string where it went, below the user's trash folder ("2026-12-01/Photos/a (2).jpg")
	 */
	private function trashEntry(string $userId, array $relative, string $entry, bool $move): string {
		$segments = [Drive::TRASH_DIR, UserFolderName::for($userId), date('Y-m-d', $this->time->getTime()), ...($relative === [] ? [basename($entry)] : $relative)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments, true, fn (string $blocked) => $this->moveAside($userId, $blocked));
		$trashPath = $this->freeName($dir, $name);
		$this->guard->assertInside(dirname($entry));
		$this->guard->assertInside($dir);
		$folder = $move && $this->guard->kind($entry) === PathGuard::DIR;
		if ($folder) {
			$this->placer->forget(); // the folders below it are gone
		}
		$undo = null;
		if ($folder && in_array($this->paths->names()->filesystem, Drive::LOSES_RENAMED_FOLDERS, true)) {
			$this->moveFolderFileByFile($entry, $trashPath); // not undone: entry by entry, each may be at either place
		} elseif ($move) {
			$this->io->call(fn () => $this->calls()->rename($entry, $trashPath, false), 'trash', $entry);
			$undo = fn () => $this->calls()->rename($trashPath, $entry, false);
		} else {
			if (!$this->io->attempt(fn () => $this->calls()->link($entry, $trashPath))) {
				// a hard link keeps the old bytes without copying them; FAT has none: copy
				$this->io->call(fn () => $this->calls()->copy($entry, $trashPath), 'keep', $entry);
			}
			$undo = fn () => $this->calls()->unlink($trashPath); // the old bytes stay at their place: the new copy does not replace them
		}
		$this->folderSync->sync($dir, $undo);
		$userTrash = $this->guard->path([Drive::TRASH_DIR, UserFolderName::for($userId)]);
		return substr($trashPath, strlen($userTrash) + 1);
	}

	/**
	 * Moves a folder where renaming it would lose its content (LOSES_RENAMED_FOLDERS): a new folder at
	 * $to, each entry renamed into it (never followed: a link moves as the link it is), folders in turn,
	 * then the emptied folder is removed.
	 */
	private function moveFolderFileByFile(string $from, string $to): void {
		$this->guard->assertInside(dirname($to));
		$this->io->call(fn () => $this->calls()->mkdir($to, 0755), 'trash', $from);
		$entries = $this->io->call(fn () => scandir($from), 'trash', $from);
		foreach ($entries as $name) {
			if ($name === '.' || $name === '..') {
				continue;
			}
			$stat = $this->guard->lstat($from . '/' . $name);
			if ($stat !== null && PathGuard::kindOf($stat['mode']) === PathGuard::DIR) {
				$this->moveFolderFileByFile($from . '/' . $name, $to . '/' . $name);
				continue;
			}
			$this->guard->assertInside($from);
			$this->guard->assertInside($to);
			$this->io->call(fn () => $this->calls()->rename($from . '/' . $name, $to . '/' . $name, false), 'trash', $from . '/' . $name);
			if ($stat !== null) {
				$this->mtimes->keepMtime($to . '/' . $name, $stat['mtime']);
			}
		}
		$this->guard->assertInside(dirname($from));
		$this->io->call(fn () => $this->calls()->rmdir($from), 'trash', $from);
	}

	/**
	 * A file in the trash where a dated folder must go (a clash of names): rename it aside, durably
	 * (undone when the folder's fsync fails, WRITE_BACK), then its trash record is told its new place
	 * (TrashRecords), so that it is still listed and restored; when that fails, the rename is undone too.
	 */
	private function moveAside(string $userId, string $blocked): void {
		$dir = dirname($blocked);
		$this->guard->assertInside($dir);
		$aside = $this->freeName($dir, basename($blocked));
		$back = fn () => $this->calls()->rename($aside, $blocked, false);
		$this->io->call(fn () => $this->calls()->rename($blocked, $aside, false), 'aside', $blocked);
		$this->folderSync->sync($dir, $back);
		$userTrash = $this->guard->path([Drive::TRASH_DIR, UserFolderName::for($userId)]) . '/';
		if ($this->movedAside === null || !str_starts_with($blocked, $userTrash)) {
			return; // no record names a place outside the user's trash folder
		}
		try {
			($this->movedAside)($userId, substr($blocked, strlen($userTrash)), substr($aside, strlen($userTrash)));
		} catch (\Throwable $e) {
			$this->io->attempt($back); // the record still names the old place: the file goes back there
			throw $e;
		}
	}

	/**
	 * "name", or "name (2).ext", "name (3).ext"… when taken.
	 */
	private function freeName(string $dir, string $name): string {
		if ($this->guard->kind($dir . '/' . $name) === null) {
			return $dir . '/' . $name;
		}
		for ($i = 2; ; $i++) {
			$candidate = $dir . '/' . FileName::tagged($name, (string)$i);
			if ($this->guard->kind($candidate) === null) {
				return $candidate;
			}
		}
	}

	/**
	 * A user's folder on the drive, created as needed; a file standing where a folder must be goes to the trash.
	 *
	 * @param list<string> $segments as from segments(): the user's folder first
	 */
	public function folder(string $userId, array $segments): string {
		$userRoot = $this->guard->path([$segments[0]]);
		return (string)$this->guard->folder($segments, true, function (string $blocked) use ($userId, $userRoot): void {
			$this->trashEntry($userId, $blocked === $userRoot ? [] : PathGuard::segments(substr($blocked, strlen($userRoot) + 1)), $blocked, true);
		});
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
