<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * Finds a copy that is in the trash without having been recorded there: a move to the trash whose
 * folder sync failed is undone (FolderSync), but a replug may keep the move and lose the undo. The
 * record still names the copy's place, where it no longer is; its bytes are in one of the user's
 * dated trash folders, at its path below the user's folder (or a "name (2)" beside it), with the
 * recorded size and sha256.
 */
final class TrashedCopy {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly DrivePaths $paths,
		private readonly TrashFolder $trashFolder,
		private readonly TemporaryCopy $temporary,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
	) {
	}

	/**
	 * @param string|null $drivePath where the copy stood below the user's folder, as recorded (null: the encoded path)
	 * @return string|null where it is, below the user's trash folder ("2026-12-01/Photos/a.jpg"), the newest day first; null when it is in none
	 * @throws TargetOfflineException
	 */
	public function find(string $userId, string $path, ?string $drivePath, int $size, string $checksum): ?string {
		($this->mounted)();
		$relative = array_slice($this->paths->segments($userId, $path, $drivePath), 1);
		$name = (string)array_pop($relative);
		$userFolder = UserFolderName::for($userId);
		foreach ($this->trashFolder->daysOf($userFolder) as $day) {
			$dir = $this->guard->folder([Drive::TRASH_DIR, $userFolder, $day, ...$relative]);
			for ($i = 1; $dir !== null; $i++) {
				$candidate = $dir . '/' . ($i === 1 ? $name : FileName::tagged($name, (string)$i));
				$stat = $this->guard->lstat($candidate);
				if ($stat === null) {
					break;
				}
				if (PathGuard::kindOf($stat['mode']) === PathGuard::FILE && $stat['size'] === $size && $this->sha256($candidate, $size) === $checksum) {
					return substr($candidate, strlen($this->guard->path([Drive::TRASH_DIR, $userFolder])) + 1);
				}
			}
		}
		return null;
	}

	private function sha256(string $file, int $size): ?string {
		try {
			return $this->temporary->checksum($file, null, 'sha256', $size);
		} catch (ReplicationException) {
			return null; // unreadable, or changed while read: not the copy recorded
		}
	}
}
