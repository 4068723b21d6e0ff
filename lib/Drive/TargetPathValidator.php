<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\InvalidTargetException;
use OCP\IConfig;

/**
 * Decides whether a folder may become a mirror target. Mirror writes there as the web server
 * user, which can write Nextcloud's own code and configuration: a target must be a folder of
 * its own, never a system folder, never Nextcloud's, never around or inside another target.
 */
class TargetPathValidator {
	/** Never a target, nor anything inside them. */
	private const SYSTEM_TREES = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sbin', '/sys', '/usr'];
	/** Never a target themselves; a folder inside them is fine (/mnt/backup, /media/usb, /srv/mirror). */
	private const SYSTEM_FOLDERS = ['/', '/home', '/media', '/mnt', '/opt', '/root', '/run', '/run/media', '/srv', '/tmp', '/var', '/var/lib', '/var/www', '/var/tmp'];
	/** Where drives are mounted: a target below them is on a drive, never on the disk holding the folder. */
	private const MOUNT_FOLDERS = ['/mnt', '/media', '/run/media'];
	/** Inside /run only where desktops mount removable drives. */
	private const RUN_MOUNTS = '/run/media/';

	/**
	 * @param string $mounts the table of what is mounted now (bind mounts included)
	 * @param string $fstab the table of the mounts the system expects
	 */
	public function __construct(
		private readonly IConfig $config,
		private readonly string $mounts = '/proc/self/mounts',
		private readonly string $fstab = '/etc/fstab',
	) {
	}

	/**
	 * @param list<Target> $others the existing targets
	 * @param bool $offlineDrive the new target is an offline drive: it may share its mount point with
	 *                           other offline drives (the rotation of two drives, one at home, one away)
	 * @return string the real path (symbolic links resolved), as stored
	 * @throws InvalidTargetException with a message for the admin
	 */
	public function validate(string $path, array $others = [], ?int $ignoreTargetId = null, bool $offlineDrive = false): string {
		$path = trim($path);
		if ($path === '') {
			throw new InvalidTargetException('The path must not be empty.', 'path_empty');
		}
		if (!str_starts_with($path, '/')) {
			throw new InvalidTargetException('The path must be absolute (start with /): ' . $path, 'path_relative', ['path' => $path]);
		}
		if (str_contains($path, "\0")) {
			throw new InvalidTargetException('The path contains a NUL byte.', 'path_nul');
		}
		// before anything is looked at there: /proc and /sys answer stat in surprising ways
		$this->refuseSystemFolder($this->normalize($path), $path);
		clearstatcache();
		if (!file_exists($path)) {
			throw new InvalidTargetException('The folder ' . $path . ' does not exist.', 'path_missing', ['path' => $path]);
		}
		if (!is_dir($path)) {
			throw new InvalidTargetException($path . ' is not a folder.', 'not_folder', ['path' => $path]);
		}
		$real = realpath($path);
		if ($real === false) {
			throw new InvalidTargetException('The folder ' . $path . ' cannot be resolved.', 'unresolvable', ['path' => $path]);
		}
		$this->refuseSystemFolder($real, $path);
		foreach ($this->nextcloudFolders() as $what => $folder) {
			if ($this->overlaps($real, $folder)) {
				throw new InvalidTargetException('The target must be outside Nextcloud\'s ' . $what . ' folder (' . $folder . ') and must not contain it: Mirror writes there as the web server user.', 'nextcloud_folder', ['folder' => $what, 'path' => $folder]);
			}
		}
		if (!is_writable($real)) {
			throw new InvalidTargetException('Nextcloud (as user ' . $this->processUser() . ') cannot write to ' . $real . '.', 'not_writable', ['user' => $this->processUser(), 'path' => $real]);
		}
		$this->refuseBareMountPoint($real);
		if ($offlineDrive) {
			$this->refuseHostDisk($real);
		}
		foreach ($others as $other) {
			if ($other->getId() === $ignoreTargetId) {
				continue;
			}
			$otherReal = realpath($other->getPath()) ?: $other->getPath();
			if ($offlineDrive && $other->isOfflineDrive() && rtrim($otherReal, '/') === rtrim($real, '/')) {
				continue; // offline drives in turn at one mount point: each recognises its own marker
			}
			if ($offlineDrive && $other->isOfflineDrive() && $this->overlaps($real, $otherReal)) {
				throw new InvalidTargetException('The target overlaps the offline drive "' . $other->getName() . '" (' . $otherReal . '): offline drives may share a mount point, but neither be inside nor contain another target.', 'overlaps_offline_drive', ['name' => $other->getName(), 'path' => $otherReal]);
			}
			if ($this->overlaps($real, $otherReal)) {
				$shared = $other->isOfflineDrive() && rtrim($otherReal, '/') === rtrim($real, '/')
					? ' Only offline drives (plugged in now and then) may share a mount point.'
					: '';
				throw new InvalidTargetException('The target overlaps the existing target "' . $other->getName() . '" (' . $otherReal . '): targets must neither be inside nor contain another target.' . $shared, $shared === '' ? 'overlaps_target' : 'overlaps_target_shared', ['name' => $other->getName(), 'path' => $otherReal]);
			}
		}
		return $real;
	}

	/**
	 * An offline drive is added while it is plugged in and mounted. Added on a bare mount point, its
	 * marker would land on the server's own disk (the one holding / or the data folder), and at every
	 * later look the bare folder would pass for the drive: everything would be copied onto the SD card.
	 *
	 * @throws InvalidTargetException
	 */
	private function refuseHostDisk(string $real): void {
		$mountPoint = $this->mountPointOf($real);
		if ($mountPoint === null) {
			return; // no mount table to tell
		}
		$data = realpath($this->config->getSystemValueString('datadirectory', '')) ?: null;
		if ($mountPoint === '/' || ($data !== null && $this->mountPointOf($data) === $mountPoint)) {
			throw new InvalidTargetException('Nothing is mounted at ' . $real . ': it is on the server\'s own disk (as ' . ($mountPoint === '/' ? '/' : $data) . '). Plug the offline drive in and mount it there, then add it.', 'host_disk', ['path' => $real, 'disk' => $mountPoint === '/' ? '/' : $data]);
		}
	}

	/**
	 * A folder where a drive is expected (below /mnt, /media or /run/media, or at or below a mount
	 * point that /etc/fstab names) with no mount between it and the folder holding the drive: the
	 * marker, then every copy, would go onto the server's own disk, where the folder would pass for
	 * the drive whenever the drive is out. What is mounted is read from the mount table, so a bind
	 * mount counts as a drive.
	 *
	 * @throws InvalidTargetException
	 */
	private function refuseBareMountPoint(string $real): void {
		$holders = [];
		foreach (self::MOUNT_FOLDERS as $folder) {
			if (str_starts_with($real, $folder . '/')) {
				$holders[] = $folder; // a drive is mounted somewhere below it
			}
		}
		foreach ($this->mountPointsIn($this->fstab) as $expected) {
			if ($expected !== '/' && ($real === $expected || str_starts_with($real, $expected . '/'))) {
				$holders[] = dirname($expected); // a drive is mounted at the fstab's mount point
			}
		}
		$mountPoint = $holders === [] ? null : $this->mountPointOf($real);
		foreach ($holders as $holder) {
			if ($mountPoint !== null && !str_starts_with($mountPoint, rtrim($holder, '/') . '/')) {
				throw new InvalidTargetException('Nothing is mounted at ' . $real . ': it is a folder on the server\'s own disk. Mount the backup drive there first, then add it.', 'bare_mount_point', ['path' => $real]);
			}
		}
	}

	/**
	 * The deepest mount point at or above a path (null: the mount table cannot be read).
	 */
	private function mountPointOf(string $path): ?string {
		$found = null;
		foreach ($this->mountPointsIn($this->mounts) as $mountPoint) {
			$inside = $mountPoint === '/' || $path === $mountPoint || str_starts_with($path, $mountPoint . '/');
			if ($inside && ($found === null || strlen($mountPoint) > strlen($found))) {
				$found = $mountPoint;
			}
		}
		return $found;
	}

	/**
	 * @return list<string> the mount points a table in fstab's format (/etc/fstab, /proc/self/mounts) names
	 */
	private function mountPointsIn(string $table): array {
		$lines = @file($table, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
		$out = [];
		foreach ($lines === false ? [] : $lines as $line) {
			$fields = preg_split('/\s+/', trim($line));
			if ($fields !== false && count($fields) >= 2 && !str_starts_with($fields[0], '#') && str_starts_with($fields[1], '/')) {
				// a space in a path is written \040
				$out[] = rtrim(preg_replace_callback('/\\\\([0-7]{3})/', static fn (array $m): string => chr((int)octdec($m[1])), $fields[1]) ?? $fields[1], '/') ?: '/';
			}
		}
		return $out;
	}

	/**
	 * "/a/./b//c/" -> "/a/b/c\" -> "/a/b/c" (without touching the filesystem; ".." is resolved by name).
	 */
	private function normalize(string $path): string {
		$parts = [];
		foreach (explode('/', $path) as $part) {
			if ($part === '' || $part === '.') {
				continue;
			}
			if ($part === '..') {
				array_pop($parts);
				continue;
			}
			$parts[] = $part;
		}
		return '/' . implode('/', $parts);
	}

	/**
	 * @throws InvalidTargetException
	 */
	private function refuseSystemFolder(string $path, string $given): void {
		$shown = $path === $given ? $given : $given . ' (' . $path . ')';
		if (in_array($path, self::SYSTEM_FOLDERS, true)) {
			throw new InvalidTargetException($shown . ' is a system folder and cannot be a mirror target: mount the backup drive on a folder of its own, for example /mnt/backup, and use that.', 'system_folder', ['path' => $shown]);
		}
		foreach (self::SYSTEM_TREES as $tree) {
			if ($path === $tree || str_starts_with($path, $tree . '/')) {
				throw new InvalidTargetException($shown . ' is inside the system folder ' . $tree . ' and cannot be a mirror target: mount the backup drive on a folder of its own, for example /mnt/backup, and use that.', 'system_tree', ['path' => $shown, 'tree' => $tree]);
			}
		}
		if (str_starts_with($path, '/run/') && !str_starts_with($path, self::RUN_MOUNTS)) {
			throw new InvalidTargetException($shown . ' is inside /run, which holds the system\'s runtime state and is emptied at every boot: mount the backup drive on a folder of its own, for example /mnt/backup.', 'runtime_folder', ['path' => $shown]);
		}
	}

	/**
	 * @return array<string, string> what => real path, for those that exist
	 */
	private function nextcloudFolders(): array {
		$install = $this->installDirectory();
		// as Nextcloud finds its configuration: NEXTCLOUD_CONFIG_DIR, else <install>/config
		$configDir = getenv('NEXTCLOUD_CONFIG_DIR') ?: ($install === null ? '' : $install . '/config');
		$folders = [
			'data' => $this->config->getSystemValueString('datadirectory', ''),
			'installation' => $install ?? '',
			'configuration' => $configDir,
		];
		$out = [];
		foreach ($folders as $what => $folder) {
			$real = $folder === '' ? false : realpath($folder);
			if ($real !== false) {
				$out[$what] = $real;
			}
		}
		return $out;
	}

	private function overlaps(string $a, string $b): bool {
		$a = rtrim($a, '/') . '/';
		$b = rtrim($b, '/') . '/';
		return str_starts_with($a, $b) || str_starts_with($b, $a);
	}

	private function installDirectory(): ?string {
		// No public API names the server root: lib/public/IConfig.php is <root>/lib/public/IConfig.php.
		$file = (new \ReflectionClass(IConfig::class))->getFileName();
		if ($file === false) {
			return null;
		}
		return realpath(dirname($file, 3)) ?: null;
	}

	private function processUser(): string {
		if (function_exists('posix_geteuid') && function_exists('posix_getpwuid')) {
			$info = posix_getpwuid(posix_geteuid());
			if (is_array($info)) {
				return $info['name'];
			}
		}
		return get_current_user();
	}
}
