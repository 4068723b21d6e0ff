<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The dated folders of a drive's trash (<root>/.mirror-trash/<user folder>/<Y-m-d>/…), listed and
 * removed the way a stranger's drive must be handled: names found there are checked before use, a
 * symbolic link is removed as a link (never followed). Race-free where DriveCalls are (FdCalls: each
 * folder opened below the one above without following a link, each entry removed relative to it);
 * elsewhere, before anything is removed in a folder, that folder must still be inside the trash.
 */
final class TrashFolder {
	private const DAY = '/^\d{4}-\d{2}-\d{2}$/';

	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
	) {
	}

	/**
	 * Every dated folder of the trash, oldest first.
	 *
	 * @return list<array{folder: string, day: string}>
	 */
	public function days(): array {
		$trash = $this->guard->folder([Drive::TRASH_DIR]);
		if ($trash === null) {
			return [];
		}
		$out = [];
		foreach ($this->entries($trash) as $folder) {
			if ($this->guard->kind($trash . '/' . $folder) !== PathGuard::DIR) {
				continue;
			}
			foreach ($this->daysIn($trash . '/' . $folder) as $day) {
				$out[] = ['folder' => $folder, 'day' => $day];
			}
		}
		usort($out, static fn (array $a, array $b): int => [$a['day'], $a['folder']] <=> [$b['day'], $b['folder']]);
		return $out;
	}

	/**
	 * The dated folders of one user's trash, newest first.
	 *
	 * @param string $folder a user's folder (UserFolderName)
	 * @return list<string>
	 */
	public function daysOf(string $folder): array {
		$dir = $this->guard->folder([Drive::TRASH_DIR, $folder]);
		$days = $dir === null ? [] : $this->daysIn($dir);
		rsort($days);
		return $days;
	}

	/**
	 * @return list<string>
	 */
	private function daysIn(string $dir): array {
		return array_values(array_filter($this->entries($dir),
			fn (string $day): bool => preg_match(self::DAY, $day) === 1 && $this->guard->kind($dir . '/' . $day) === PathGuard::DIR));
	}

	/**
	 * Removes one dated folder of one user's trash with all it holds.
	 *
	 * @return int the bytes its files took
	 */
	public function remove(string $folder, string $day): int {
		if (preg_match(self::DAY, $day) !== 1 || $folder === '' || str_contains($folder, '/') || $folder === '.' || $folder === '..') {
			return 0;
		}
		$dir = $this->guard->folder([Drive::TRASH_DIR, $folder, $day]);
		if ($dir === null) {
			return 0;
		}
		$calls = $this->guard->calls();
		$bytes = $calls->raceFree() ? $calls->removeContent($dir) : $this->removeTree($dir);
		$this->guard->assertInside(dirname($dir));
		$this->io->attempt(fn () => $calls->rmdir($dir));
		return $bytes;
	}

	private function removeTree(string $dir): int {
		$bytes = 0;
		foreach ($this->entries($dir) as $name) {
			$path = $dir . '/' . $name;
			$stat = $this->guard->lstat($path);
			if ($stat === null) {
				continue;
			}
			if (PathGuard::kindOf($stat['mode']) === PathGuard::DIR) {
				$bytes += $this->removeTree($path);
				$this->guard->assertInside($dir);
				$this->io->attempt(fn () => rmdir($path));
				continue;
			}
			// a file, or a link (unlink removes the link itself, never what it points to)
			$this->guard->assertInside($dir);
			if ($this->io->attempt(fn () => unlink($path)) === true && PathGuard::kindOf($stat['mode']) === PathGuard::FILE) {
				$bytes += $stat['size'];
			}
		}
		return $bytes;
	}

	/**
	 * @return list<string> the names in a folder (not . and ..)
	 */
	private function entries(string $dir): array {
		$this->guard->assertInside($dir);
		$names = @scandir($dir);
		return $names === false ? [] : array_values(array_diff($names, ['.', '..']));
	}
}
