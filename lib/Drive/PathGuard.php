<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Drive\Fd\PathCalls;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;

/**
 * Walks paths below a target's root the way a stranger's drive must be walked: every component is
 * looked at with lstat, a symbolic link anywhere is refused (never followed, never deleted), and
 * right before anything is created, renamed or removed in a folder, that folder's real path must
 * still be the one walked (a folder swapped for a link meanwhile is caught there).
 *
 * Every change itself is made through DriveCalls: race-free where FFI gives openat() (FdCalls: the
 * CLI), else on the path right after these checks (PathCalls: a writer who swaps a folder for a link
 * in the microseconds between the check and the call is followed). See README, "Export the mirror read-only".
 */
final class PathGuard {
	public const FILE = 'file';
	public const DIR = 'dir';
	public const LINK = 'link';
	public const OTHER = 'other';

	private ?string $realRoot = null;
	private readonly DriveCalls $calls;

	public function __construct(
		private readonly string $root,
		private readonly IoCall $io,
		private readonly int $dirMode = 0755,
		?DriveCalls $calls = null,
	) {
		$this->calls = $calls ?? new PathCalls();
	}

	/**
	 * How changes below the root are made (race-free or on paths).
	 */
	public function calls(): DriveCalls {
		return $this->calls;
	}

	public function root(): string {
		return $this->root;
	}

	/**
	 * Splits a target-relative path into its names, refusing anything that could leave the folder.
	 *
	 * @return list<string>
	 * @throws ReplicationException
	 */
	public static function segments(string $relative): array {
		$segments = [];
		foreach (explode('/', $relative) as $segment) {
			if ($segment === '' || $segment === '.') {
				continue;
			}
			if ($segment === '..' || str_contains($segment, "\0")) {
				throw new ReplicationException('Refusing unsafe path segment "' . $segment . '"', ReplicationException::NAME, null, ['path' => $relative]);
			}
			$segments[] = $segment;
		}
		return $segments;
	}

	/**
	 * @param list<string> $segments
	 */
	public function path(array $segments): string {
		return $segments === [] ? $this->root : $this->root . '/' . implode('/', $segments);
	}

	/**
	 * What stands at $path, without following it: file, dir, link, other, or null for nothing.
	 */
	public function kind(string $path): ?string {
		$stat = $this->lstat($path);
		return $stat === null ? null : self::kindOf($stat['mode']);
	}

	/**
	 * lstat() of $path, or null for nothing there.
	 *
	 * @return array{dev: int, ino: int, mode: int, size: int, mtime: int}|null
	 */
	public function lstat(string $path): ?array {
		clearstatcache(true, $path);
		$stat = @lstat($path);
		return $stat === false ? null : ['dev' => $stat['dev'], 'ino' => $stat['ino'], 'mode' => $stat['mode'], 'size' => $stat['size'], 'mtime' => $stat['mtime']];
	}

	/**
	 * What a mode (from lstat) says stands there: file, dir, link or other.
	 */
	public static function kindOf(int $mode): string {
		return match ($mode & 0170000) {
			0100000 => self::FILE,
			0040000 => self::DIR,
			0120000 => self::LINK,
			default => self::OTHER,
		};
	}

	/**
	 * The folder at $segments, walked from the root without following any link.
	 *
	 * @param list<string> $segments
	 * @param bool $create create missing folders
	 * @param (callable(string): void)|null $makeRoom with $create: moves a file that stands where a folder must be
	 * @return string|null the folder's path; null when it (or a folder above it) is missing and not created
	 * @throws UnsafePathException a link on the way
	 * @throws ReplicationException
	 */
	public function folder(array $segments, bool $create = false, ?callable $makeRoom = null): ?string {
		$current = $this->root;
		foreach ($segments as $segment) {
			$parent = $current;
			$current .= '/' . $segment;
			$kind = $this->kind($current);
			if ($kind === self::DIR) {
				continue;
			}
			if ($kind === self::LINK) {
				throw $this->linkFound($current);
			}
			if (!$create) {
				return null;
			}
			if ($kind !== null) {
				if ($makeRoom === null || $kind !== self::FILE) {
					throw new ReplicationException('Cannot create the folder ' . $current . ' on the mirror: something else stands there', ReplicationException::IO, null,
						['action' => 'create_folder', 'path' => $current, 'detail' => 'something else stands there']);
				}
				$makeRoom($current);
			}
			$this->makeDirectory($parent, $current);
		}
		return $current;
	}

	/**
	 * Device and inode of each folder from the root down to $segments, every one looked at with lstat:
	 * who walks the same folders again and finds the same list knows that none was swapped in between.
	 *
	 * @param list<string> $segments
	 * @return list<array{0: int, 1: int}>|null null when one of them is missing or is not a folder
	 * @throws UnsafePathException a link on the way
	 */
	public function walk(array $segments): ?array {
		$identities = [];
		$current = $this->root;
		foreach ($segments as $segment) {
			$current .= '/' . $segment;
			$stat = $this->lstat($current);
			$kind = $stat === null ? null : self::kindOf($stat['mode']);
			if ($kind === self::LINK) {
				throw $this->linkFound($current);
			}
			if ($stat === null || $kind !== self::DIR) {
				return null;
			}
			$identities[] = [$stat['dev'], $stat['ino']];
		}
		return $identities;
	}

	/**
	 * mkdir in a checked folder; tolerates another worker creating the same folder at the same moment.
	 */
	private function makeDirectory(string $parent, string $dir): void {
		$this->assertInside($parent);
		if ($this->io->attempt(fn () => $this->calls->mkdir($dir, $this->dirMode))) {
			$this->io->attempt(fn () => $this->calls->chmod($dir, $this->dirMode)); // best effort: FAT and some network filesystems have no modes
		}
		$kind = $this->kind($dir);
		if ($kind === self::LINK) {
			throw $this->linkFound($dir);
		}
		if ($kind !== self::DIR) {
			throw $this->io->errorFor('create_folder', $dir);
		}
	}

	/**
	 * Right before creating, renaming or removing an entry in $dir: its real path must be the path
	 * walked, so nothing swapped in since (a link to elsewhere) is written through.
	 *
	 * @throws UnsafePathException
	 */
	public function assertInside(string $dir): void {
		clearstatcache(true, $dir);
		$real = realpath($dir);
		// the root itself may be reached through a link the admin chose (/media -> /run/media): resolve it once
		$this->realRoot ??= realpath($this->root) ?: $this->root;
		$expected = $this->realRoot . substr($dir, strlen($this->root));
		if (!str_starts_with($dir, $this->root) || $real !== $expected) {
			throw new UnsafePathException('The folder ' . $dir . ' on the mirror drive leads elsewhere (' . ($real === false ? 'it cannot be resolved' : $real) . '); Mirror does not follow links on the drive and leaves it as it is', $dir);
		}
	}

	/**
	 * Refuses $path when it is a link; returns what it is otherwise.
	 *
	 * @throws UnsafePathException
	 */
	public function kindNoLink(string $path): ?string {
		$kind = $this->kind($path);
		if ($kind === self::LINK) {
			throw $this->linkFound($path);
		}
		return $kind;
	}

	public function linkFound(string $path): UnsafePathException {
		return self::linkAt($path);
	}

	public static function linkAt(string $path): UnsafePathException {
		return new UnsafePathException('The mirror drive holds a symbolic link at ' . $path . '; Mirror never follows links on the drive and leaves it as it is: remove it to mirror this file', $path);
	}
}
