<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * Whether the filesystem holding a path turned itself read-only after an error, as the kernel says in
 * /proc/self/mountinfo: ext4 whose journal aborted on a write error ("emergency_ro" among the
 * filesystem's options, Linux 6.x), or a filesystem read-only (errors=remount-ro) under a mount made
 * read-write. A drive mounted read-only by the admin, or whose permissions refuse Nextcloud, is not:
 * its mount says "ro", or the filesystem is read-write. statvfs() cannot tell (ST_RDONLY stays unset
 * after a journal abort).
 */
final class ReadOnlyAfterError {
	public function __construct(
		private readonly string $mountInfo = '/proc/self/mountinfo',
	) {
	}

	public function holds(string $path): bool {
		$text = @file_get_contents($this->mountInfo);
		if ($text === false || !str_starts_with($path, '/')) {
			return false;
		}
		$path = self::existing($path);
		$found = null;
		$longest = -1;
		foreach (explode("\n", $text) as $line) {
			// "36 35 98:0 / /mnt/usb rw,relatime shared:1 - ext4 /dev/sdb1 rw,emergency_ro"
			$halves = explode(' - ', $line, 2);
			$fields = explode(' ', $halves[0]);
			if (count($halves) !== 2 || count($fields) < 6) {
				continue;
			}
			$point = self::unescape($fields[4]);
			// the longest mount point above the path; of two on the same point, the later (on top)
			if (strlen($point) >= $longest && ($point === '/' || $path === $point || str_starts_with($path, $point . '/'))) {
				$found = [explode(',', $fields[5]), explode(',', explode(' ', $halves[1])[2] ?? '')];
				$longest = strlen($point);
			}
		}
		if ($found === null) {
			return false;
		}
		[$mount, $filesystem] = $found;
		return in_array('emergency_ro', $filesystem, true) || (in_array('rw', $mount, true) && in_array('ro', $filesystem, true));
	}

	/** The path with its links resolved, as the mount table names it (of its nearest existing folder). */
	private static function existing(string $path): string {
		for ($at = $path; $at !== '/' && $at !== '.' && $at !== ''; $at = dirname($at)) {
			$real = @realpath($at);
			if ($real !== false) {
				return $real . substr($path, strlen($at));
			}
		}
		return $path;
	}

	/** mountinfo writes a space, a tab, a newline and a backslash as \040, \011, \012, \134 */
	private static function unescape(string $field): string {
		return (string)preg_replace_callback('/\\\\([0-7]{3})/', static fn (array $m): string => chr((int)octdec($m[1])), $field);
	}
}
