<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Fd;

use OCA\Mirror\Drive\PathGuard;

/**
 * Drive calls made on paths with PHP's own functions, where FFI is not available (the web server's
 * SAPI, ffi.enable=0, an unknown architecture). PathGuard's checks come right before each call; a
 * writer who swaps a folder for a link in between is followed (README: export the drive read-only).
 */
final class PathCalls implements DriveCalls {
	public function raceFree(): bool {
		return false;
	}

	public function mkdir(string $dir, int $mode): bool {
		return mkdir($dir, $mode);
	}

	public function rename(string $from, string $to, bool $replace): bool {
		return rename($from, $to);
	}

	public function link(string $from, string $to): bool {
		return link($from, $to);
	}

	public function copy(string $from, string $to): bool {
		return copy($from, $to);
	}

	public function unlink(string $file): bool {
		return unlink($file);
	}

	public function rmdir(string $dir): bool {
		return rmdir($dir);
	}

	public function chmod(string $path, int $mode): bool {
		return !is_link($path) && chmod($path, $mode);
	}

	public function touch(string $path, int $mtime): bool {
		return !is_link($path) && touch($path, $mtime);
	}

	public function createExclusive(string $path, int $mode) {
		return fopen($path, 'x+b');
	}

	public function openRead(string $path) {
		return fopen($path, 'rb');
	}

	public function openFromDrive(string $path) {
		throw new \LogicException('openFromDrive() needs FFI (posix_fadvise); without it a read-back would read the page cache');
	}

	public function removeContent(string $dir): int {
		throw new \LogicException('removeContent() is only for race-free calls; TrashFolder removes by path here');
	}

	public function lstatEach(string $dir, array $names): ?array {
		clearstatcache(); // PHP keeps the last lstat: never answer from it
		$folder = @lstat($dir);
		$kind = $folder === false ? null : PathGuard::kindOf($folder['mode']);
		if ($kind === PathGuard::LINK) {
			throw PathGuard::linkAt($dir);
		}
		if ($kind !== PathGuard::DIR) {
			return null;
		}
		$stats = [];
		foreach ($names as $key => $name) {
			$stat = @lstat($dir . '/' . $name);
			$stats[$key] = $stat === false ? null : ['mode' => $stat['mode'], 'size' => $stat['size'], 'mtime' => $stat['mtime']];
		}
		return $stats;
	}

	public function hold(): void {
	}

	public function syncFilesystem(): ?int {
		return null; // PHP has no syncfs(): the copies are synced one by one
	}

	public function release(): void {
	}
}
