<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * Whether a folder sits on an encrypted block device (dm-crypt: LUKS or plain), from the kernel's own
 * tables: the mount that holds the folder (/proc/self/mountinfo, the longest mount point that is a prefix
 * of its real path) gives the device's major:minor; /sys/dev/block/<major:minor> leads to the device in
 * sysfs. A device-mapper device whose dm/uuid starts with "CRYPT-" is dm-crypt (cryptsetup names every
 * mapping so: CRYPT-LUKS2-…, CRYPT-PLAIN-…); a device-mapper stack (LVM on LUKS) is walked down through
 * slaves/, and a partition through the disk it is on.
 *
 * Only reads: the folder is not opened, nothing on the drive is touched.
 */
final class BlockDevice {
	/** deeper than any real stack (LVM on LUKS on RAID on a partition is 4): a loop in sysfs ends here */
	private const MAX_DEPTH = 16;

	public function __construct(
		private readonly string $mountInfo = '/proc/self/mountinfo',
		/** sysfs's mount point; tests give a folder of their own */
		private readonly string $sysfs = '/sys',
	) {
	}

	/**
	 * True: on dm-crypt; false: on a block device without it; null: unknown (no block device behind it:
	 * FUSE, NFS, tmpfs, btrfs's own device numbers; or the kernel's tables cannot be read).
	 */
	public function encrypted(string $path): ?bool {
		$device = $this->deviceOf($path);
		if ($device === null) {
			return null;
		}
		$dir = @realpath($this->sysfs . '/dev/block/' . $device);
		if ($dir === false || !is_dir($dir)) {
			return null;
		}
		return $this->isCrypt($dir, 0);
	}

	/**
	 * The major:minor of the mount that holds $path, null when it is none (major 0: no block device).
	 */
	public function deviceOf(string $path): ?string {
		$real = @realpath($path);
		$lines = @file($this->mountInfo, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
		if ($real === false || $lines === false) {
			return null;
		}
		$best = null;
		$bestLength = -1;
		foreach ($lines as $line) {
			// "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue" (proc(5))
			$fields = explode(' ', $line);
			if (count($fields) < 5 || !preg_match('/^\d+:\d+$/', $fields[2])) {
				continue;
			}
			$mountPoint = self::unescape($fields[4]);
			$inside = $mountPoint === '/' || $real === $mountPoint || str_starts_with($real, $mountPoint . '/');
			// the later of two mounts at the same point is the one on top
			if ($inside && strlen($mountPoint) >= $bestLength) {
				$best = $fields[2];
				$bestLength = strlen($mountPoint);
			}
		}
		return $best === null || str_starts_with($best, '0:') ? null : $best;
	}

	/** Whether the device at $dir (a folder in sysfs), or one below it, is dm-crypt. */
	private function isCrypt(string $dir, int $depth): bool {
		if ($depth > self::MAX_DEPTH) {
			return false;
		}
		$uuid = @file_get_contents($dir . '/dm/uuid');
		if (is_string($uuid) && str_starts_with(trim($uuid), 'CRYPT-')) {
			return true;
		}
		$below = [];
		if (is_file($dir . '/partition')) {
			$below[] = dirname($dir); // a partition: the disk it is on
		}
		foreach (@scandir($dir . '/slaves') ?: [] as $name) {
			if ($name !== '.' && $name !== '..') {
				$below[] = $dir . '/slaves/' . $name;
			}
		}
		foreach ($below as $next) {
			$real = @realpath($next);
			if ($real !== false && is_dir($real) && $this->isCrypt($real, $depth + 1)) {
				return true;
			}
		}
		return false;
	}

	/** mountinfo writes a space, a tab, a newline and a backslash in octal (\040, \011, \012, \134). */
	private static function unescape(string $field): string {
		return (string)preg_replace_callback('/\\\\([0-7]{3})/', static fn (array $m): string => chr((int)octdec($m[1])), $field);
	}
}
