<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Fd;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\PathGuard;

/**
 * Drive calls made from one held descriptor of the target's root: every folder below it is opened
 * with openat(O_DIRECTORY|O_NOFOLLOW) relative to the one above, and each create, rename, link,
 * removal, chmod and time change is made relative to the held folder with a single name. A folder
 * swapped for a link at any moment fails the walk (ENOTDIR/ELOOP: UnsafePathException), so no path
 * below the root is ever resolved again by the kernel from the root.
 *
 * The root (the drive's own folder, reached by the admin's path) is opened once per call and
 * checked against the drive whose marker was read: the same device and inode, a plain marker file
 * in it. It is not held between calls: a held descriptor keeps an unplugged drive busy (umount
 * fails) and would go on writing to a drive lazily unmounted. PHP's stat and realpath caches are
 * cleared after each change, as PHP's own calls do.
 *
 * Except for a batch of copies (hold() to release(), which the Drive brackets around staging and
 * committing one batch: seconds): the root and the folders walked are then held and reused by the
 * batch's next calls, instead of walking from the root again for each call (a photo took about 20
 * openat() and 8 statx() calls for four walks). A held folder is one that was opened below the
 * checked root without following a link, so every call still lands in a folder that was inside the
 * drive when it was opened; a folder the stranger renames or swaps for a link meanwhile is not
 * followed anywhere new. Folders this class renames or removes are let go at once, and at most
 * MAX_HELD are held.
 */
final class FdCalls implements DriveCalls {
	/** folders held open at once by a removal: deeper folders are left (never a leak of descriptors) */
	private const MAX_DEPTH = 200;
	/** folders held at once during a batch (the rest are opened and closed per call, as outside one) */
	private const MAX_HELD = 64;

	/** whether walked folders are kept for the next call (a batch is under way: hold()) */
	private bool $holding = false;
	/** @var array<string, int> held folders: their names below the root joined by '/' ('' the root) => descriptor */
	private array $held = [];

	/**
	 * @param \Closure(): (array{0: int, 1: int}|null) $identity device and inode of the root where the
	 *                                                           marker was read (null: none read yet, the marker is being written)
	 */
	public function __construct(
		private readonly string $rootPath,
		private readonly Libc $libc,
		private readonly \Closure $identity,
	) {
	}

	public function raceFree(): bool {
		return true;
	}

	public function hold(): void {
		$this->holding = true;
	}

	public function release(): void {
		foreach ($this->held as $fd) {
			$this->libc->close($fd);
		}
		$this->held = [];
		$this->holding = false;
	}

	public function syncFilesystem(): ?int {
		$fd = $this->walk([]); // the root, checked against the marker's (or held for the batch)
		if ($fd === null) {
			return null;
		}
		try {
			$root = $this->libc->statx($fd, '');
			return $root !== null && $this->libc->syncfs($fd) === 0 ? $root['dev'] : null;
		} finally {
			$this->done($fd);
		}
	}

	public function mkdir(string $dir, int $mode): bool {
		return $this->at($dir, 'mkdir', fn (int $fd, string $name): bool => $this->libc->mkdirat($fd, $name, $mode) === 0);
	}

	public function rename(string $from, string $to, bool $replace): bool {
		$this->letGo($from);
		$this->letGo($to);
		return $this->at($from, 'rename', fn (int $fromFd, string $fromName): bool => $this->at($to, 'rename', function (int $toFd, string $toName) use ($fromFd, $fromName, $replace): bool {
			if ($replace) {
				return $this->libc->renameat($fromFd, $fromName, $toFd, $toName) === 0;
			}
			if ($this->libc->renameat($fromFd, $fromName, $toFd, $toName, Libc::RENAME_NOREPLACE) === 0) {
				return true;
			}
			$errno = $this->libc->errno();
			if ($errno !== Libc::ENOSYS && $errno !== Libc::EINVAL) {
				return false;
			}
			// no renameat2 on this filesystem (FUSE, fusefat): look, then rename. Whatever appears in
			// between is replaced, but only ever below the held folder.
			if ($this->libc->statx($toFd, $toName) !== null) {
				return $this->failWith('rename', $toName, Libc::EEXIST);
			}
			return $this->libc->renameat($fromFd, $fromName, $toFd, $toName) === 0;
		}));
	}

	public function link(string $from, string $to): bool {
		return $this->at($from, 'link', fn (int $fromFd, string $fromName): bool => $this->at($to, 'link',
			fn (int $toFd, string $toName): bool => $this->libc->linkat($fromFd, $fromName, $toFd, $toName) === 0));
	}

	public function copy(string $from, string $to): bool {
		$in = $this->openRead($from);
		if ($in === false) {
			return false;
		}
		try {
			$out = $this->createExclusive($to, 0644);
			if ($out === false) {
				return false;
			}
			$copied = stream_copy_to_stream($in, $out);
			$closed = fclose($out);
			return $copied !== false && $closed;
		} finally {
			fclose($in);
		}
	}

	public function unlink(string $file): bool {
		return $this->at($file, 'unlink', fn (int $fd, string $name): bool => $this->libc->unlinkat($fd, $name, 0) === 0);
	}

	public function rmdir(string $dir): bool {
		$this->letGo($dir);
		return $this->at($dir, 'rmdir', fn (int $fd, string $name): bool => $this->libc->unlinkat($fd, $name, Libc::AT_REMOVEDIR) === 0);
	}

	public function chmod(string $path, int $mode): bool {
		return $this->at($path, 'chmod', function (int $fd, string $name) use ($mode): bool {
			$entry = $this->libc->openat($fd, $name, $this->libc->flags->readFile());
			if ($entry < 0) {
				return false; // a link: ELOOP, never followed
			}
			try {
				return $this->libc->fchmod($entry, $mode) === 0;
			} finally {
				$this->libc->close($entry);
			}
		});
	}

	public function touch(string $path, int $mtime): bool {
		return $this->at($path, 'touch', fn (int $fd, string $name): bool => $this->libc->utimensat($fd, $name, $mtime) === 0);
	}

	public function createExclusive(string $path, int $mode) {
		return $this->stream($path, 'fopen', $this->libc->flags->createExclusive(), $mode, 'r+b');
	}

	public function openRead(string $path) {
		return $this->stream($path, 'fopen', $this->libc->flags->readFile(), 0, 'rb');
	}

	public function openFromDrive(string $path) {
		return $this->stream($path, 'fopen', $this->libc->flags->readFile(), 0, 'rb', true);
	}

	public function removeContent(string $dir): int {
		$segments = $this->segments($dir);
		$this->letGo($dir);
		$fd = $segments === [] ? null : $this->walk($segments);
		if ($fd === null) {
			return 0;
		}
		try {
			return $this->removeBelow($fd, $dir, 1);
		} finally {
			$this->done($fd);
			clearstatcache(true);
		}
	}

	public function lstatEach(string $dir, array $names): ?array {
		$fd = $this->walk($this->segments($dir));
		if ($fd === null) {
			return null;
		}
		try {
			return $this->libc->statxEach($fd, $names);
		} finally {
			$this->done($fd);
		}
	}

	/**
	 * Empties the held folder $fd: a folder is opened (O_NOFOLLOW) and emptied in turn, then removed
	 * relative to $fd; anything else (a file, a link, a link swapped in for a folder) is unlinked
	 * itself, relative to $fd: what a link points to is never touched.
	 */
	private function removeBelow(int $fd, string $path, int $depth): int {
		$bytes = 0;
		$names = @scandir('/proc/self/fd/' . $fd); // the held folder's own entries, not a path's
		foreach ($names === false ? [] : $names as $name) {
			if ($name === '.' || $name === '..') {
				continue;
			}
			$stat = $this->libc->statx($fd, $name);
			if ($stat === null) {
				continue;
			}
			if (PathGuard::kindOf($stat['mode']) === PathGuard::DIR) {
				if ($depth >= self::MAX_DEPTH) {
					continue; // left in place (the removal of the folders above fails): never a descriptor per level without end
				}
				$child = $this->libc->openat($fd, $name, $this->libc->flags->folder());
				if ($child < 0) {
					// swapped for a link (or a file) since the look: remove that, as itself
					$this->libc->unlinkat($fd, $name, 0);
					continue;
				}
				try {
					$bytes += $this->removeBelow($child, $path . '/' . $name, $depth + 1);
				} finally {
					$this->libc->close($child);
				}
				$this->libc->unlinkat($fd, $name, Libc::AT_REMOVEDIR);
				continue;
			}
			// a file or a link; a folder swapped in since the look fails with EISDIR and stays
			if ($this->libc->unlinkat($fd, $name, 0) === 0 && PathGuard::kindOf($stat['mode']) === PathGuard::FILE) {
				$bytes += $stat['size'];
			}
		}
		return $bytes;
	}

	/**
	 * @return resource|false
	 */
	private function stream(string $path, string $call, int $flags, int $mode, string $streamMode, bool $dropCache = false) {
		$handle = false;
		$this->at($path, $call, function (int $fd, string $name) use ($flags, $mode, $streamMode, $dropCache, &$handle): bool {
			$file = $this->libc->openat($fd, $name, $flags, $mode);
			if ($file < 0) {
				return false;
			}
			try {
				if ($dropCache && $this->libc->dropCache($file) !== 0) {
					return false;
				}
				$handle = @fopen('php://fd/' . $file, $streamMode); // a dup() of $file
			} finally {
				$this->libc->close($file);
			}
			return $handle !== false;
		});
		return $handle;
	}

	/**
	 * Runs $call with the held folder above $path and its last name; closes the folder after.
	 *
	 * @param callable(int, string): bool $call
	 */
	private function at(string $path, string $what, callable $call): bool {
		$segments = $this->segments($path);
		$name = array_pop($segments);
		if ($name === null) {
			return $this->failWith($what, $path, Libc::EINVAL);
		}
		$fd = $this->walk($segments);
		if ($fd === null) {
			return $this->fail($what, $path);
		}
		try {
			if ($call($fd, $name)) {
				return true;
			}
			return $this->fail($what, $path);
		} finally {
			$this->done($fd);
			clearstatcache(true);
		}
	}

	/** Closes a folder the walk gave, unless it is held for the batch. */
	private function done(int $fd): void {
		if (!in_array($fd, $this->held, true)) {
			$this->libc->close($fd);
		}
	}

	/** Lets go of the held folder at $path and every held folder below it (it is renamed or removed). */
	private function letGo(string $path): void {
		if ($this->held === []) {
			return;
		}
		$key = implode('/', $this->segments($path));
		foreach ($this->held as $heldKey => $fd) {
			if ($heldKey === $key || str_starts_with($heldKey, $key . '/') || ($key === '' && $heldKey !== '')) {
				$this->libc->close($fd);
				unset($this->held[$heldKey]);
			}
		}
	}

	/**
	 * The folder at $segments below the root, opened level by level without following a link.
	 *
	 * @param list<string> $segments
	 * During a batch it starts from the deepest held folder on the way, and holds the folders it opens.
	 *
	 * @return int|null a descriptor the caller gives to done(); null when a folder on the way is missing (errno says why)
	 * @throws \OCA\Mirror\Exception\UnsafePathException a link (or a file) where a folder was
	 */
	private function walk(array $segments): ?int {
		$fd = null;
		$from = 0;
		if ($this->holding) {
			for ($i = count($segments); $i >= 0; $i--) {
				$key = implode('/', array_slice($segments, 0, $i));
				if (isset($this->held[$key])) {
					[$fd, $from] = [$this->held[$key], $i];
					break;
				}
			}
		}
		if ($fd === null) {
			$fd = $this->openRoot();
			if ($fd === null) {
				return null;
			}
			$this->keep('', $fd);
		}
		$path = $this->rootPath . ($from === 0 ? '' : '/' . implode('/', array_slice($segments, 0, $from)));
		for ($i = $from, $n = count($segments); $i < $n; $i++) {
			$segment = $segments[$i];
			$path .= '/' . $segment;
			$next = $this->libc->openat($fd, $segment, $this->libc->flags->folder());
			$errno = $this->libc->errno();
			$what = $next < 0 && ($errno === Libc::ENOTDIR || $errno === Libc::ELOOP) ? $this->libc->statx($fd, $segment) : null;
			$this->done($fd);
			if ($next >= 0) {
				$fd = $next;
				$this->keep(implode('/', array_slice($segments, 0, $i + 1)), $fd);
				continue;
			}
			if ($what !== null && PathGuard::kindOf($what['mode']) === PathGuard::LINK) {
				throw PathGuard::linkAt($path);
			}
			$this->libc->keep($errno);
			return null;
		}
		return $fd;
	}

	/** Holds a folder just opened for the batch's next calls (when holding, and while there is room). */
	private function keep(string $key, int $fd): void {
		if ($this->holding && !isset($this->held[$key]) && count($this->held) < self::MAX_HELD) {
			$this->held[$key] = $fd;
		}
	}

	/**
	 * The root, opened: it must be the folder where the marker was read (same device and inode), and
	 * hold the marker as a plain file.
	 */
	private function openRoot(): ?int {
		// the root itself is the admin's path, and may be reached through a link the admin chose
		$fd = $this->libc->openat(Libc::AT_FDCWD, $this->rootPath, OpenFlags::RDONLY | $this->libc->flags->directory | OpenFlags::CLOEXEC);
		if ($fd < 0) {
			return null;
		}
		$expected = ($this->identity)();
		if ($expected !== null) {
			$self = $this->libc->statx($fd, '');
			$marker = $this->libc->statx($fd, Drive::MARKER);
			if ($self === null || [$self['dev'], $self['ino']] !== $expected || $marker === null || PathGuard::kindOf($marker['mode']) !== PathGuard::FILE) {
				$this->libc->close($fd);
				$this->libc->keep(Libc::ENOENT);
				return null;
			}
		}
		return $fd;
	}

	/**
	 * @return list<string> the names from the root down to $path
	 */
	private function segments(string $path): array {
		if ($path !== $this->rootPath && !str_starts_with($path, $this->rootPath . '/')) {
			throw PathGuard::linkAt($path); // not below the root: never
		}
		return PathGuard::segments(substr($path, strlen($this->rootPath)));
	}

	private function fail(string $what, string $path): bool {
		return $this->failWith($what, $path, $this->libc->errno());
	}

	/**
	 * Leaves the warning PHP's own call would give (IoCall turns it into the error), returns false.
	 */
	private function failWith(string $what, string $path, int $errno): bool {
		trigger_error($what . '(' . $path . '): ' . ($errno === 0 ? 'unknown error' : $this->libc->strerror($errno)), E_USER_WARNING);
		return false;
	}
}
