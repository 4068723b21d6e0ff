<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\ReplicationException;

/**
 * The read-back after writing, for drives that lie (a cheap USB stick, a failing cable, an SD card,
 * fusefat): once a batch is synced and in place, each new copy's pages are dropped from the page
 * cache (posix_fadvise DONTNEED) and the copy is read back from the drive and hashed; one that
 * reads back different is not in place as far as the records go (CopyWriter::commit() reports it as
 * failed, with READ_BACK), so it is copied again.
 *
 * Where: on FUSE and removable drives unless the target says 'never', on every drive with 'always'.
 * Only where the cache can be dropped (the CLI with FFI: FdCalls): elsewhere reading back would read
 * the page cache, which proves nothing, so nothing is read (see README, "Read-back after writing").
 */
final class ReadBack {
	/** read back because the drive is a FUSE filesystem, a removable (or USB, or SD) drive, or the target says so */
	public const FUSE = 'fuse';
	public const REMOVABLE = 'removable';
	public const SETTING = 'setting';

	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly string $mode,
		/** @var \Closure(): DriveNames what the mounted drive's filesystem is */
		private readonly \Closure $names,
	) {
	}

	/**
	 * Why copies are read back on this drive (FUSE, REMOVABLE, SETTING), or null when they are not.
	 *
	 * @return self::FUSE|self::REMOVABLE|self::SETTING|null
	 */
	public function reason(): ?string {
		return match ($this->mode) {
			Target::READ_BACK_ALWAYS => self::SETTING,
			Target::READ_BACK_NEVER => null,
			default => self::kindOf(($this->names)()->filesystem, $this->guard->root()),
		};
	}

	/**
	 * Whether this process can read a copy from the drive rather than from the page cache.
	 */
	public function possible(): bool {
		return $this->guard->calls()->raceFree();
	}

	/**
	 * Reads back the copies of a batch that are in place (no error yet), where it is wanted and possible.
	 *
	 * @param list<StagedCopy> $batch
	 * @param list<\Throwable|null> $errors per copy, as CopyWriter::commit() found them
	 * @return list<\Throwable|null> the same, with READ_BACK (or a read error) for copies that did not read back the same
	 */
	public function check(array $batch, array $errors): array {
		if ($this->reason() === null || !$this->possible()) {
			return $errors;
		}
		foreach ($batch as $i => $copy) {
			if ($errors[$i] !== null) {
				continue;
			}
			try {
				$this->checkOne($copy);
			} catch (\Throwable $e) {
				$errors[$i] = $e;
			}
		}
		return $errors;
	}

	/**
	 * @throws ReplicationException READ_BACK when the drive gave other bytes (or another size)
	 */
	private function checkOne(StagedCopy $copy): void {
		$handle = $this->io->call(fn () => $this->guard->calls()->openFromDrive($copy->dest), 'read', $copy->dest);
		try {
			$read = SizedHash::of($handle, $copy->size, $copy->dest);
		} catch (ReplicationException $e) {
			if ($e->errorCode !== ReplicationException::DIFFERENT_SIZE) {
				throw $e;
			}
			$read = null;
		} finally {
			fclose($handle);
		}
		if ($read !== $copy->checksum) {
			throw new ReplicationException(sprintf('The mirror drive returned different bytes when %s was read back after writing (sha256 %s written, %s read); it will be copied again', $copy->dest, $copy->checksum, $read ?? 'of another size'),
				ReplicationException::READ_BACK, null, ['path' => $copy->dest, 'detail' => 'sha256 ' . ($read ?? 'of another size') . ' read back, ' . $copy->checksum . ' written']);
		}
	}

	/**
	 * FUSE when the filesystem type says so (fuse, fuse.*, fuseblk: ntfs-3g, exfat-fuse, fusefat),
	 * REMOVABLE when the block device behind $root is removable, on USB or an SD card (sysfs), else null.
	 *
	 * @return self::FUSE|self::REMOVABLE|null
	 */
	public static function kindOf(string $filesystem, string $root): ?string {
		if ($filesystem === 'fuse' || $filesystem === 'fuseblk' || str_starts_with($filesystem, 'fuse.')) {
			return self::FUSE;
		}
		return self::isRemovable($root) ? self::REMOVABLE : null;
	}

	private static function isRemovable(string $root): bool {
		$stat = @stat($root);
		if ($stat === false) {
			return false;
		}
		$dev = $stat['dev'];
		// glibc's major() and minor()
		$major = (($dev >> 8) & 0xfff) | (($dev >> 32) & ~0xfff);
		$minor = ($dev & 0xff) | (($dev >> 12) & ~0xff);
		$device = @realpath('/sys/dev/block/' . $major . ':' . $minor);
		if ($major === 0 || $device === false) {
			return false; // not a block device (tmpfs, NFS, a bind of one of them)
		}
		if (str_contains($device, '/usb') || str_contains($device, '/mmc')) {
			return true; // a USB disk often says it is not removable; it is unplugged all the same
		}
		// a partition's flag is its disk's
		foreach ([$device, dirname($device)] as $dir) {
			if (trim((string)@file_get_contents($dir . '/removable')) === '1') {
				return true;
			}
		}
		return false;
	}
}
