<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * Real filesystems for mirror targets (needs root):
 *  - a "USB drive": a folder bind-mounted onto a mount point; unmounting leaves the bare mount-point
 *    directory (unplugged), binding the same folder again plugs the same drive back with its content;
 *  - a small tmpfs (a disk that fills up; `resize()` grows it);
 *  - a FAT filesystem in an image file, mounted with fusefat (the "drive that lies": fusefat loses and
 *    changes files, see issue 23; keep it out of proofs of the name rules);
 *  - exFAT on a loop device (exfat-fuse needs a block device), as most USB drives and SD cards come;
 *  - NTFS in an image file with ntfs-3g, as drives formatted on Windows, with or without windows_names;
 *  - ext4 in an image file on a loop device (a real block device in sysfs, freed at the unmount);
 *  - ext4 on a loop device whose image lies on a small tmpfs that can be filled: a drive whose writeback fails.
 * Every mount made here is remembered and undone by unmountAll().
 */
final class Mounts {
	/** failingExt4(): errors=continue (a metadata write error does not turn it read-only), noinit_itable (no zeroing thread) */
	private const FAILING_EXT4 = 'loop,errors=continue,noinit_itable';

	/** @var list<array{dir:string, fuse:bool}> */
	private array $mounted = [];

	/** Plugs a "drive": bind-mounts FOLDER onto DIR (both created if missing). */
	public function bind(string $folder, string $dir, bool $readOnly = false): void {
		self::mkdir($folder);
		self::mkdir($dir);
		self::must(['mount', '--bind', $folder, $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => false];
		if ($readOnly) {
			self::must(['mount', '-o', 'remount,bind,ro', $dir]);
		}
	}

	public function tmpfs(string $dir, string $size): void {
		self::mkdir($dir);
		self::must(['mount', '-t', 'tmpfs', '-o', 'size=' . $size . ',mode=0755', 'tmpfs', $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => false];
	}

	/** Grows (or shrinks) a tmpfs in place: `mount -o remount,size=`. */
	public function resize(string $dir, string $size): void {
		self::must(['mount', '-o', 'remount,size=' . $size, $dir]);
	}

	/**
	 * Creates a FAT image of SIZE MiB with mkfs.vfat and mounts it read-write on DIR with fusefat.
	 */
	public function fat(string $image, string $dir, int $sizeMiB = 64): void {
		self::mkdir(dirname($image));
		self::mkdir($dir);
		if (!is_file($image)) {
			$h = fopen($image, 'w');
			ftruncate($h, $sizeMiB * 1024 * 1024);
			fclose($h);
			self::must(['mkfs.vfat', '-n', 'MIRRORFAT', $image]);
		}
		self::must(['fusefat', '-o', 'rw+', $image, $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => true];
		// fusefat daemonizes; wait until the mount is visible.
		$deadline = microtime(true) + 10;
		while (!self::isMountPoint($dir) && microtime(true) < $deadline) {
			usleep(50_000);
		}
		if (!self::isMountPoint($dir)) {
			throw new \RuntimeException("fusefat did not mount $image on $dir");
		}
	}

	/**
	 * Creates an exFAT image of SIZE MiB (sparse), formats it with mkfs.exfat (exfatprogs) on a loop device and
	 * mounts it on DIR with mount.exfat-fuse. The loop device is detached at once: the kernel frees it when
	 * exfat-fuse closes it at the unmount, so none is left behind, whatever happens to the test.
	 */
	public function exfat(string $image, string $dir, int $sizeMiB = 64): void {
		self::mkdir(dirname($image));
		self::mkdir($dir);
		$fresh = !is_file($image);
		if ($fresh) {
			self::sparseFile($image, $sizeMiB);
		}
		$loop = trim(self::must(['losetup', '-f', '--show', $image])->stdout);
		try {
			if ($fresh) {
				self::must(['mkfs.exfat', '-L', 'MIRROREX', $loop]);
			}
			self::must(['mount.exfat-fuse', $loop, $dir]);
		} finally {
			Proc::run(['losetup', '-d', $loop]); // busy while mounted: detached when exfat-fuse lets go
		}
		$this->mounted[] = ['dir' => $dir, 'fuse' => true];
		self::waitMounted($dir, $image);
	}

	/**
	 * Creates an ext4 image of SIZE MiB (sparse) and mounts it on DIR through a loop device (`mount -o loop`:
	 * the kernel detaches it at the unmount), as a disk's partition is mounted: a block device in sysfs.
	 */
	public function ext4(string $image, string $dir, int $sizeMiB = 32): void {
		self::mkdir(dirname($image));
		self::mkdir($dir);
		if (!is_file($image)) {
			self::sparseFile($image, $sizeMiB);
			self::must(['mkfs.ext4', '-q', '-F', '-L', 'MIRROREXT4', $image]);
		}
		self::must(['mount', '-o', 'loop', $image, $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => false];
	}

	/**
	 * A drive that fails its writeback: ext4 on a loop device whose image lies on a tmpfs of its own
	 * (BACKING, SIZE + 16 MiB). Every block of the image that ext4 holds (superblocks, bitmaps, inode
	 * tables, the journal) takes pages of that tmpfs; its free blocks are punched out (fstrim through the
	 * loop device), so each first write of a data block needs a new page. starve() fills the tmpfs: from
	 * then on write() still succeeds into the page cache, but the writeback of new data fails at the
	 * loop device (ENOSPC, "critical space allocation error") and ext4 reports it at syncfs/fsync, as
	 * with a dying USB stick or a full thin device. The journal's own blocks have their pages, so the
	 * journal keeps working and the filesystem stays writable (errors=continue: a metadata write error
	 * does not turn it read-only); that is the case in which trusting a write that was not synced would
	 * record a copy whose bytes are not on the drive. feed() gives the pages back (the drive replaced).
	 */
	public function failingExt4(string $backing, string $dir, int $sizeMiB = 48): void {
		$this->tmpfs($backing, ($sizeMiB + 16) . 'm');
		$image = $backing . '/drive.img';
		self::mkdir($dir);
		self::must(['fallocate', '-l', $sizeMiB . 'M', $image]);
		// inode tables zeroed now, not by ext4lazyinit after the mount: its zeroing punches pages out of the tmpfs, which
		// would give later writes room again
		self::must(['mkfs.ext4', '-q', '-F', '-E', 'nodiscard,lazy_itable_init=0,lazy_journal_init=0', '-L', 'MIRRORFAIL', $image]);
		// mkfs zeroes the journal and the inode tables by punching them out of the file: give them their pages back
		self::must(['fallocate', '-l', $sizeMiB . 'M', $image]);
		self::must(['mount', '-o', self::FAILING_EXT4, $image, $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => false];
		self::must(['fstrim', $dir]);
	}

	/** Fills the tmpfs under a failingExt4() drive: writes of new data to the drive fail at writeback. */
	public function starve(string $backing): void {
		$free = (int)disk_free_space($backing);
		if ($free > 0) {
			self::must(['fallocate', '-l', (string)$free, $backing . '/filler-' . count(glob($backing . '/filler-*') ?: [])]);
		}
		if ((int)disk_free_space($backing) !== 0) {
			throw new \RuntimeException("the tmpfs under the drive at $backing still has room");
		}
	}

	/**
	 * Makes a failingExt4() drive's journal fail too: everything written so far is checkpointed to its
	 * place in the image (fsfreeze flushes the journal), the journal's blocks but its superblock are
	 * punched out of the image, and the tmpfs is filled again. The next journal commit (a folder's
	 * fsync after a rename, for one) fails with EIO, ext4 aborts the journal and turns the filesystem
	 * read-only ("emergency_ro" in /proc/self/mountinfo, Linux 6.x): later writes fail with EROFS, as
	 * on a USB drive that died mid-run. Nothing written before is lost: a replug after feed() replays
	 * an empty journal (the filesystem is marked as having had an error, e2fsck finds nothing).
	 */
	public function failJournal(string $backing, string $dir): void {
		self::must(['sync', '--file-system', $dir]);
		self::must(['fsfreeze', '--freeze', $dir]);
		self::must(['fsfreeze', '--unfreeze', $dir]);
		$image = $backing . '/drive.img';
		$extents = self::must(['debugfs', '-R', 'stat <8>', $image])->stdout;
		$blockSize = self::must(['dumpe2fs', '-h', $image])->stdout;
		if (preg_match('/\(0-(\d+)\):(\d+)-(\d+)/', $extents, $journal) !== 1 || preg_match('/^Block size:\s+(\d+)/m', $blockSize, $size) !== 1) {
			throw new \RuntimeException("the journal of $image is not one extent:\n$extents");
		}
		[$first, $last, $bytes] = [(int)$journal[2], (int)$journal[3], (int)$size[1]];
		self::must(['fallocate', '--punch-hole', '--offset', (string)(($first + 1) * $bytes), '--length', (string)(($last - $first) * $bytes), $image]);
		$this->starve($backing);
	}

	/** Frees the tmpfs under a failingExt4() drive again: its writes reach the image. */
	public function feed(string $backing): void {
		foreach (glob($backing . '/filler-*') ?: [] as $filler) {
			unlink($filler);
		}
	}

	/**
	 * Unplugs a failingExt4() drive and plugs it in again: what is read from it next comes from the
	 * image, not from the page cache.
	 */
	public function replug(string $backing, string $dir): void {
		$this->unmount($dir);
		self::must(['mount', '-o', self::FAILING_EXT4, $backing . '/drive.img', $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => false];
	}

	/**
	 * Creates an NTFS image of SIZE MiB (sparse, mkfs.ntfs -F -Q) and mounts it on DIR with ntfs-3g: with
	 * windows_names it refuses the names Windows refuses; without, it takes them, as Windows cannot read.
	 */
	public function ntfs(string $image, string $dir, bool $windowsNames, int $sizeMiB = 64): void {
		self::mkdir(dirname($image));
		self::mkdir($dir);
		if (!is_file($image)) {
			self::sparseFile($image, $sizeMiB);
			self::must(['mkfs.ntfs', '-F', '-Q', '-L', 'MIRRORNTFS', $image]);
		}
		self::must(['ntfs-3g', ...($windowsNames ? ['-o', 'windows_names'] : []), $image, $dir]);
		$this->mounted[] = ['dir' => $dir, 'fuse' => true];
		self::waitMounted($dir, $image);
	}

	private static function sparseFile(string $path, int $sizeMiB): void {
		$h = fopen($path, 'w');
		ftruncate($h, $sizeMiB * 1024 * 1024);
		fclose($h);
	}

	/** FUSE daemons return before the mount is visible everywhere: wait for it. */
	private static function waitMounted(string $dir, string $image): void {
		$deadline = microtime(true) + 10;
		while (!self::isMountPoint($dir) && microtime(true) < $deadline) {
			usleep(50_000);
		}
		if (!self::isMountPoint($dir)) {
			throw new \RuntimeException("$image did not mount on $dir");
		}
	}

	/** Unplugs: unmounts DIR, leaving the bare mount-point directory. */
	public function unmount(string $dir): void {
		foreach (array_reverse($this->mounted, true) as $i => $m) {
			if ($m['dir'] === $dir) {
				if (self::isMountPoint($dir)) {
					self::unmountOne($dir, $m['fuse']);
				}
				unset($this->mounted[$i]);
				$this->mounted = array_values($this->mounted);
				return;
			}
		}
		self::unmountOne($dir, false);
	}

	/**
	 * Yanks the drive out while it may be in use: a lazy unmount detaches it at once (open files keep
	 * working on the detached filesystem; new lookups of DIR see the bare directory).
	 */
	public function yank(string $dir): void {
		self::must(['umount', '-l', $dir]);
		foreach ($this->mounted as $i => $m) {
			if ($m['dir'] === $dir) {
				unset($this->mounted[$i]);
			}
		}
		$this->mounted = array_values($this->mounted);
	}

	public function unmountAll(): void {
		foreach (array_reverse($this->mounted) as $m) {
			if (self::isMountPoint($m['dir'])) {
				try {
					self::unmountOne($m['dir'], $m['fuse']);
				} catch (\Throwable $e) {
					self::forceUnmount($m['dir']);
				}
			}
		}
		$this->mounted = [];
	}

	private static function unmountOne(string $dir, bool $fuse): void {
		$deadline = microtime(true) + 10;
		do {
			$r = $fuse ? Proc::run(['fusermount', '-u', $dir]) : Proc::run(['umount', $dir]);
			if ($r->ok()) {
				return;
			}
			usleep(200_000); // busy: a process may still hold a file open
		} while (microtime(true) < $deadline);
		throw new \RuntimeException("Cannot unmount $dir:\n" . $r->describe());
	}

	public static function forceUnmount(string $dir): void {
		Proc::run(['umount', $dir]);
		if (self::isMountPoint($dir)) {
			Proc::run(['umount', '-l', $dir]);
		}
	}

	public static function isMountPoint(string $dir): bool {
		return in_array(rtrim($dir, '/'), self::mountPoints(), true);
	}

	/** @return list<string> mount points below (or at) $base, deepest first */
	public static function mountPointsBelow(string $base): array {
		$base = rtrim($base, '/');
		$below = array_values(array_filter(self::mountPoints(),
			static fn (string $m) => $m === $base || str_starts_with($m, $base . '/')));
		usort($below, static fn (string $a, string $b) => strlen($b) <=> strlen($a));
		return $below;
	}

	/** @return list<string> */
	private static function mountPoints(): array {
		$points = [];
		foreach (file('/proc/self/mounts', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
			$fields = explode(' ', $line);
			if (isset($fields[1])) {
				// /proc/mounts escapes space, tab, newline and backslash as octal.
				$points[] = preg_replace_callback('/\\\\([0-7]{3})/', static fn ($m) => chr(octdec($m[1])), $fields[1]);
			}
		}
		return $points;
	}

	/** @return array{free:int,total:int} */
	public static function space(string $dir): array {
		return ['free' => (int)disk_free_space($dir), 'total' => (int)disk_total_space($dir)];
	}

	private static function mkdir(string $dir): void {
		if (!is_dir($dir) && !mkdir($dir, 0755, true) && !is_dir($dir)) {
			throw new \RuntimeException("Cannot create $dir");
		}
	}

	/** @param list<string> $command */
	private static function must(array $command): ProcResult {
		$r = Proc::run($command, [], null, null, 60);
		if (!$r->ok()) {
			throw new \RuntimeException("Command failed:\n" . $r->describe());
		}
		return $r;
	}
}
