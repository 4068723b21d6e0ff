<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;

/**
 * Puts a moved entry's modification time back where the filesystem stamped it anew.
 */
final class MtimeKeeper {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
	) {
	}

	/**
	 * Some filesystems (fusefat) stamp a renamed entry with the current time: put the file's own
	 * modification time back, or the next comparison would take the copy for a changed one.
	 */
	public function keepMtime(string $path, int $mtime): void {
		$stat = $this->guard->lstat($path);
		if ($stat !== null && PathGuard::kindOf($stat['mode']) !== PathGuard::LINK && abs($stat['mtime'] - $mtime) > Drive::MTIME_TOLERANCE) {
			$this->io->attempt(fn () => $this->calls()->touch($path, $mtime));
		}
	}

	private function calls(): DriveCalls {
		return $this->guard->calls();
	}
}
