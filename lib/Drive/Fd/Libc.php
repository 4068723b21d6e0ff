<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Fd;

/**
 * The few libc calls PHP lacks for working below a held folder (openat and friends), through PHP's
 * FFI extension. Each call returns what libc returns; errno() is read right after it. Loaded only
 * where it can be: Linux, FFI allowed (the CLI with the default ffi.enable=preload), an architecture
 * whose open() flags are known (OpenFlags), and /proc/self/fd to list a held folder.
 *
 * @psalm-suppress UndefinedMethod,MixedAssignment,MixedReturnStatement,MixedInferredReturnType,MixedArgument,MixedArrayAccess,MixedOperand,MixedMethodCall,MixedPropertyFetch
 */
final class Libc {
	public const AT_FDCWD = -100;
	public const AT_SYMLINK_NOFOLLOW = 0x100;
	public const AT_REMOVEDIR = 0x200;
	public const AT_EMPTY_PATH = 0x1000;
	public const RENAME_NOREPLACE = 1;
	public const RENAME_EXCHANGE = 2;
	/** posix_fadvise(): the file's cached pages are not needed (clean ones are dropped); 4 on Linux */
	public const POSIX_FADV_DONTNEED = 4;
	/** stx_mode, stx_ino, stx_size, stx_mtime (STATX_TYPE|MODE|INO|SIZE|MTIME) */
	private const STATX_WANTED = 0x1 | 0x2 | 0x100 | 0x200 | 0x40;
	/** stx_mode, stx_size, stx_mtime (STATX_TYPE|MODE|SIZE|MTIME): what a look at a copy needs */
	private const STATX_ENTRY = 0x1 | 0x2 | 0x200 | 0x40;

	public const ENOENT = 2;
	public const EEXIST = 17;
	public const EXDEV = 18;
	public const ENOTDIR = 20;
	public const EISDIR = 21;
	public const EINVAL = 22;
	public const ENOSYS = 38;
	public const ENOTEMPTY = 39;
	public const ELOOP = 40;

	/** the same layout on every architecture (unlike struct stat), which is why statx is used */
	private const DECLARATIONS = <<<'C'
		typedef struct { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; } mirror_statx_timestamp;
		typedef struct {
			uint32_t stx_mask; uint32_t stx_blksize; uint64_t stx_attributes;
			uint32_t stx_nlink; uint32_t stx_uid; uint32_t stx_gid; uint16_t stx_mode; uint16_t spare0;
			uint64_t stx_ino; uint64_t stx_size; uint64_t stx_blocks; uint64_t stx_attributes_mask;
			mirror_statx_timestamp stx_atime; mirror_statx_timestamp stx_btime;
			mirror_statx_timestamp stx_ctime; mirror_statx_timestamp stx_mtime;
			uint32_t stx_rdev_major; uint32_t stx_rdev_minor; uint32_t stx_dev_major; uint32_t stx_dev_minor;
			uint64_t spare2[14];
		} mirror_statx;
		typedef struct { long tv_sec; long tv_nsec; } mirror_timespec;
		int openat(int dirfd, const char *pathname, int flags, unsigned int mode);
		int close(int fd);
		int mkdirat(int dirfd, const char *pathname, unsigned int mode);
		int unlinkat(int dirfd, const char *pathname, int flags);
		int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
		int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
		int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
		int fchmod(int fd, unsigned int mode);
		int utimensat(int dirfd, const char *pathname, const mirror_timespec times[2], int flags);
		int fsync(int fd);
		int fdatasync(int fd);
		int syncfs(int fd);
		int posix_fadvise(int fd, long offset, long len, int advice);
		int statx(int dirfd, const char *pathname, int flags, unsigned int mask, mirror_statx *statxbuf);
		char *strerror(int errnum);
		int *__errno_location(void);
		void _exit(int status);
		int sched_getaffinity(int pid, size_t cpusetsize, uint64_t *mask);
		C;

	private int $errno = 0;

	private function __construct(
		private readonly \FFI $ffi,
		public readonly OpenFlags $flags,
	) {
	}

	/** @var array{0: self|null, 1: string}|null */
	private static ?array $loaded = null;

	/**
	 * libc here, or null when drive operations cannot be race-free in this process (why: reason()).
	 */
	public static function load(): ?self {
		self::$loaded ??= self::tryLoad();
		return self::$loaded[0];
	}

	/**
	 * Why load() gives null ('' when it does not).
	 */
	public static function reason(): string {
		self::$loaded ??= self::tryLoad();
		return self::$loaded[1];
	}

	/**
	 * @return array{0: self|null, 1: string}
	 */
	private static function tryLoad(): array {
		if (getenv('MIRROR_DRIVE_FFI') === '0') {
			return [null, 'turned off (MIRROR_DRIVE_FFI=0)'];
		}
		if (PHP_OS_FAMILY !== 'Linux') {
			return [null, 'not Linux'];
		}
		if (!extension_loaded('ffi') || !class_exists(\FFI::class)) {
			return [null, 'the PHP FFI extension is not installed'];
		}
		$flags = OpenFlags::forMachine(php_uname('m'));
		if ($flags === null) {
			return [null, 'the open() flags of this architecture (' . php_uname('m') . ') are not known'];
		}
		if (!is_dir('/proc/self/fd')) {
			return [null, '/proc is not mounted'];
		}
		try {
			$ffi = \FFI::cdef(self::DECLARATIONS, 'libc.so.6');
		} catch (\Throwable $e) {
			// the web server's SAPI with ffi.enable=preload, ffi.enable=0, or a libc without these calls
			return [null, 'FFI is not allowed here (ffi.enable=' . (string)ini_get('ffi.enable') . ', ' . PHP_SAPI . '): ' . $e->getMessage()];
		}
		return [new self($ffi, $flags), ''];
	}

	public function errno(): int {
		return $this->errno;
	}

	/** Keeps an errno of an earlier call (read before other calls were made) as the last one. */
	public function keep(int $errno): void {
		$this->errno = $errno;
	}

	public function strerror(int $errno): string {
		return \FFI::string($this->ffi->strerror($errno));
	}

	private function result(int $result): int {
		$this->errno = $result < 0 ? (int)$this->ffi->__errno_location()[0] : 0;
		return $result;
	}

	public function openat(int $dirfd, string $name, int $flags, int $mode = 0): int {
		return $this->result($this->ffi->openat($dirfd, $name, $flags, $mode));
	}

	public function close(int $fd): void {
		$this->ffi->close($fd);
	}

	public function mkdirat(int $dirfd, string $name, int $mode): int {
		return $this->result($this->ffi->mkdirat($dirfd, $name, $mode));
	}

	public function unlinkat(int $dirfd, string $name, int $flags): int {
		return $this->result($this->ffi->unlinkat($dirfd, $name, $flags));
	}

	/**
	 * renameat2(); without flags, or where the filesystem has no renameat2 (ENOSYS, EINVAL: FUSE, old
	 * kernels) and no NOREPLACE was asked, renameat(). Never a copy: another filesystem is EXDEV.
	 */
	public function renameat(int $fromDir, string $from, int $toDir, string $to, int $flags = 0): int {
		if ($flags === 0) {
			return $this->result($this->ffi->renameat($fromDir, $from, $toDir, $to));
		}
		return $this->result($this->ffi->renameat2($fromDir, $from, $toDir, $to, $flags));
	}

	public function linkat(int $fromDir, string $from, int $toDir, string $to): int {
		return $this->result($this->ffi->linkat($fromDir, $from, $toDir, $to, 0)); // 0: a link is linked as the link
	}

	public function fchmod(int $fd, int $mode): int {
		return $this->result($this->ffi->fchmod($fd, $mode));
	}

	/**
	 * Sets access and modification time of $name in $dirfd, a link's own times if it is one.
	 */
	public function utimensat(int $dirfd, string $name, int $mtime): int {
		$times = $this->ffi->new('mirror_timespec[2]');
		foreach ([0, 1] as $i) {
			$times[$i]->tv_sec = $mtime;
			$times[$i]->tv_nsec = 0;
		}
		return $this->result($this->ffi->utimensat($dirfd, $name, $times, self::AT_SYMLINK_NOFOLLOW));
	}

	public function fsync(int $fd): int {
		return $this->result($this->ffi->fsync($fd));
	}

	public function fdatasync(int $fd): int {
		return $this->result($this->ffi->fdatasync($fd));
	}

	/**
	 * Writes back every dirty page and inode of the filesystem that holds $fd, and commits its
	 * journal (with the drive's cache flushed, where the filesystem does that on sync: see BatchSync).
	 * Since Linux 5.8 it fails with the error of any writeback of that filesystem since $fd was opened.
	 */
	public function syncfs(int $fd): int {
		return $this->result($this->ffi->syncfs($fd));
	}

	/**
	 * Drops the file's clean pages from the page cache, so that the next read comes from the drive
	 * (a synced file's pages are all clean). Returns 0, or the error number (posix_fadvise() does not
	 * set errno): errno() gives it too.
	 */
	public function dropCache(int $fd): int {
		$error = (int)$this->ffi->posix_fadvise($fd, 0, 0, self::POSIX_FADV_DONTNEED);
		$this->errno = $error;
		return $error;
	}

	/**
	 * What stands at $name in $dirfd, never following a link ('' with $dirfd: the folder itself);
	 * null when nothing does (errno() says why).
	 *
	 * @return array{dev: int, ino: int, mode: int, size: int, mtime: int}|null the numbers PHP's lstat() gives
	 */
	public function statx(int $dirfd, string $name): ?array {
		$buffer = $this->ffi->new('mirror_statx');
		$flags = self::AT_SYMLINK_NOFOLLOW | ($name === '' ? self::AT_EMPTY_PATH : 0);
		if ($this->result($this->ffi->statx($dirfd, $name, $flags, self::STATX_WANTED, \FFI::addr($buffer))) < 0) {
			return null;
		}
		return [
			'dev' => self::makedev((int)$buffer->stx_dev_major, (int)$buffer->stx_dev_minor),
			'ino' => (int)$buffer->stx_ino,
			'mode' => (int)$buffer->stx_mode,
			'size' => (int)$buffer->stx_size,
			'mtime' => (int)$buffer->stx_mtime->tv_sec,
		];
	}

	/**
	 * What stands at each of $names in the folder $dirfd, never following a link: its mode, size and
	 * modification time, or null where nothing does (or it cannot be looked at). Each name is one name
	 * in that folder, resolved by the kernel from $dirfd alone. One buffer serves them all: a resync
	 * looks at every copy, and a new FFI buffer per look costs more than the call itself.
	 *
	 * @param array<array-key, string> $names
	 * @return array<array-key, array{mode: int, size: int, mtime: int}|null>
	 */
	public function statxEach(int $dirfd, array $names): array {
		$buffer = $this->ffi->new('mirror_statx');
		$address = \FFI::addr($buffer);
		$mtime = $buffer->stx_mtime; // a view into $buffer, not a copy
		$stats = [];
		foreach ($names as $key => $name) {
			if ($name === '' || str_contains($name, '/') || str_contains($name, "\0")) {
				throw new \InvalidArgumentException('Not one name in a folder: ' . json_encode($name));
			}
			$stats[$key] = $this->ffi->statx($dirfd, $name, self::AT_SYMLINK_NOFOLLOW, self::STATX_ENTRY, $address) < 0
				? null
				: ['mode' => (int)$buffer->stx_mode, 'size' => (int)$buffer->stx_size, 'mtime' => (int)$mtime->tv_sec];
		}
		return $stats;
	}

	/**
	 * Ends this process at once, as a forked child must (LookAhead): none of PHP's shutdown runs, so
	 * nothing the parent still uses (its database connection, its temporary files) is closed or
	 * removed by the child's exit.
	 */
	public function exitNow(int $status): never {
		$this->ffi->_exit($status);
		exit($status); // not reached: _exit() does not return
	}

	/**
	 * How many CPUs this process may run on (its affinity: taskset, a cgroup's cpuset), at least 1.
	 */
	public function cpusAllowed(): int {
		$mask = $this->ffi->new('uint64_t[16]'); // 1,024 CPUs, glibc's cpu_set_t
		if ($this->ffi->sched_getaffinity(0, 128, $mask) !== 0) {
			return 1;
		}
		$cpus = 0;
		for ($i = 0; $i < 16; $i++) {
			$word = (int)$mask[$i]; // a CPU past 63 makes it negative: its bits count all the same
			for (; $word !== 0; $word &= $word - 1) {
				$cpus++;
			}
		}
		return max(1, $cpus);
	}

	/**
	 * glibc's makedev(): the device number stat() (and PHP's lstat()) gives.
	 */
	public static function makedev(int $major, int $minor): int {
		return (($major & 0xfffff000) << 32) | (($major & 0xfff) << 8) | (($minor & 0xffffff00) << 12) | ($minor & 0xff);
	}
}
