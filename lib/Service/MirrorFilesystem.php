<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Exception\ReplicationException;

/**
 * The only code that writes to a mirror drive. Every write is atomic (temporary file in the
 * destination folder, fsync, verify, rename) and nothing that is already on the drive is ever
 * destroyed: whatever would be replaced is moved (or hard-linked) into the drive's trash first.
 *
 * Callers check the target's marker before calling in; this class works on plain paths.
 */
class MirrorFilesystem {
	public const TRASH_DIR = '.mirror-trash';

	private ?string $lastError = null;
	private const CHUNK = 1048576;
	private const READBACK_ALGO = 'xxh128';

	public function __construct(
		private int $fileMode = 0644,
		private int $dirMode = 0755,
	) {
	}

	/**
	 * Joins a target-relative path, refusing anything that could leave the target.
	 */
	public function join(string $root, string ...$parts): string {
		$path = rtrim($root, '/');
		foreach ($parts as $part) {
			foreach (explode('/', $part) as $segment) {
				if ($segment === '' || $segment === '.') {
					continue;
				}
				if ($segment === '..' || str_contains($segment, "\0")) {
					throw new ReplicationException('Refusing unsafe path segment "' . $segment . '"', ReplicationException::NAME);
				}
				$path .= '/' . $segment;
			}
		}
		return $path;
	}

	/**
	 * Creates the folders from $root down to $dir (both absolute, $dir inside $root).
	 * A file standing where a folder must be is moved to the trash first.
	 */
	public function ensureDirectory(string $root, string $dir, string $trashDir): void {
		$relative = ltrim(substr($dir, strlen(rtrim($root, '/'))), '/');
		$current = rtrim($root, '/');
		foreach ($relative === '' ? [] : explode('/', $relative) as $segment) {
			$current .= '/' . $segment;
			if (is_link($current)) {
				throw new ReplicationException('The mirror holds a symbolic link at ' . $current . '; refusing to follow it', ReplicationException::PERMISSION);
			}
			if (is_dir($current)) {
				continue;
			}
			if (file_exists($current)) {
				$this->moveToTrash($current, $trashDir . substr($current, strlen(rtrim($root, '/'))));
			}
			$this->makeDirectory($current);
		}
	}

	/**
	 * Copies a stream to $dest atomically: temporary file next to it, sha256 while writing,
	 * fsync, read back and compare (xxh128, computed while writing), mtime and mode, then one rename. An existing different file at
	 * $dest is hard-linked (or copied) to $trashPath first, so the old content survives.
	 *
	 * @param resource $source
	 * @param callable(): void $heartbeat called now and then during long copies
	 * @return array{size: int, checksum: string}
	 */
	public function copyAtomically($source, string $dest, int $mtime, int $expectedSize, string $trashPath, callable $heartbeat): array {
		$dir = dirname($dest);
		$tmp = $this->temporaryPath($dest);
		$free = @disk_free_space($dir);
		if ($free !== false && $free < $expectedSize) {
			throw new ReplicationException(sprintf('The mirror drive is full: %d bytes needed, %d bytes free', $expectedSize, (int)$free), ReplicationException::FULL, $expectedSize);
		}

		$out = $this->call(fn () => fopen($tmp, 'wb'), 'create temporary file in ' . $dir, $expectedSize);
		$hash = hash_init('sha256');
		// a fast non-cryptographic hash, only to check that the drive reads back what was written
		$readBack = hash_init(self::READBACK_ALGO);
		$written = 0;
		$emptyReads = 0;
		try {
			while (!feof($source)) {
				$chunk = $this->readChunk($source);
				if ($chunk === '') {
					if (++$emptyReads > 1000) {
						throw new ReplicationException('Reading the file from Nextcloud stalled', ReplicationException::SOURCE);
					}
					continue;
				}
				$emptyReads = 0;
				$length = strlen($chunk);
				$offset = 0;
				while ($offset < $length) {
					$n = $this->call(fn () => fwrite($out, $offset === 0 ? $chunk : substr($chunk, $offset)), 'write ' . $tmp, $expectedSize);
					if ($n === 0) {
						throw $this->errorFor('write ' . $tmp, $expectedSize, 'No space left on device');
					}
					$offset += $n;
				}
				hash_update($hash, $chunk);
				hash_update($readBack, $chunk);
				$written += $length;
				$heartbeat();
			}
			$this->call(fn () => fflush($out), 'flush ' . $tmp, $expectedSize);
			$this->call(fn () => fsync($out), 'sync ' . $tmp, $expectedSize);
		} catch (\Throwable $e) {
			fclose($out);
			@unlink($tmp);
			throw $e;
		}
		fclose($out);

		try {
			$checksum = hash_final($hash);
			if ($written !== $expectedSize) {
				throw new ReplicationException(sprintf('The file changed while it was copied (%d bytes read, %d expected); it will be copied again', $written, $expectedSize), ReplicationException::CHANGED);
			}
			clearstatcache(true, $tmp);
			$onDisk = $this->checksumOf($tmp, $heartbeat, self::READBACK_ALGO);
			if ($onDisk !== hash_final($readBack) || filesize($tmp) !== $written) {
				throw new ReplicationException('The copy on the mirror drive does not read back the same (checksum mismatch)', ReplicationException::VERIFY);
			}
			// best effort: FAT and some network filesystems have no Unix modes and refuse chmod
			@chmod($tmp, $this->fileMode);
			$this->call(fn () => touch($tmp, $mtime), 'set modification time on ' . $tmp);
			if (is_dir($dest) && !is_link($dest)) {
				$this->moveToTrash($dest, $trashPath);
			} elseif (file_exists($dest) || is_link($dest)) {
				$this->preserveBeforeReplace($dest, $trashPath, $checksum, $written);
			}
			$this->call(fn () => rename($tmp, $dest), 'move the copy into place at ' . $dest);
			$this->keepMtime($dest, $mtime);
		} catch (\Throwable $e) {
			@unlink($tmp);
			throw $e;
		}
		return ['size' => $written, 'checksum' => $checksum];
	}

	/**
	 * Reads up to one chunk: Nextcloud's stream wrappers hand out 8 KiB per fread, and writing
	 * (and hashing) in large pieces is what makes a copy fast.
	 *
	 * @param resource $source
	 */
	private function readChunk($source): string {
		$buffer = '';
		while (strlen($buffer) < self::CHUNK && !feof($source)) {
			$piece = fread($source, self::CHUNK - strlen($buffer));
			if ($piece === false) {
				throw new ReplicationException('Reading the file from Nextcloud failed', ReplicationException::SOURCE);
			}
			if ($piece === '') {
				break;
			}
			$buffer .= $piece;
		}
		return $buffer;
	}

	/**
	 * The deterministic temporary name used for $dest: a new attempt simply overwrites a stray one
	 * left by a killed process. Short, so that it fits every filesystem's name limit.
	 */
	public function temporaryPath(string $dest): string {
		return dirname($dest) . '/.mirror-' . substr(hash('sha256', basename($dest)), 0, 16) . '.part';
	}

	/**
	 * Removes a temporary file that a killed worker may have left for $dest.
	 */
	public function removeStrayTemporary(string $dest): void {
		$tmp = $this->temporaryPath($dest);
		if (is_file($tmp)) {
			@unlink($tmp);
		}
	}

	/**
	 * @param callable(): void|null $heartbeat
	 */
	public function checksumOf(string $path, ?callable $heartbeat = null, string $algo = 'sha256'): string {
		$in = $this->call(fn () => fopen($path, 'rb'), 'read ' . $path);
		$hash = hash_init($algo);
		try {
			while (!feof($in)) {
				$chunk = fread($in, self::CHUNK);
				if ($chunk === false) {
					throw $this->errorFor('read ' . $path);
				}
				hash_update($hash, $chunk);
				if ($heartbeat !== null) {
					$heartbeat();
				}
			}
		} finally {
			fclose($in);
		}
		return hash_final($hash);
	}

	/**
	 * Renames on the mirror; the parent of $to must exist. Never replaces anything.
	 */
	public function rename(string $from, string $to): void {
		if (file_exists($to) || is_link($to)) {
			throw new ReplicationException('Cannot rename on the mirror: ' . $to . ' already exists', ReplicationException::IO);
		}
		clearstatcache(true, $from);
		$mtime = @filemtime($from);
		$this->call(fn () => rename($from, $to), 'rename ' . $from . ' to ' . $to);
		if ($mtime !== false) {
			$this->keepMtime($to, $mtime);
		}
	}

	/**
	 * Some filesystems (fusefat) stamp a renamed entry with the current time: put the file's own
	 * modification time back, or the next comparison would take the copy for a changed one.
	 */
	private function keepMtime(string $path, int $mtime): void {
		clearstatcache(true, $path);
		$now = @filemtime($path);
		if ($now !== false && abs($now - $mtime) > 2) {
			$this->attempt(fn () => touch($path, $mtime));
		}
	}

	/**
	 * Moves a file or folder into the trash; "name (2).ext" when that trash path is taken.
	 *
	 * @return string where it went
	 */
	public function moveToTrash(string $path, string $trashPath): string {
		$trashPath = $this->freeTrashPath($trashPath);
		$this->makeParents(dirname($trashPath));
		$this->call(fn () => rename($path, $trashPath), 'move ' . $path . ' to the mirror trash');
		return $trashPath;
	}

	/**
	 * Keeps the content that is about to be replaced at $dest: skipped when it is the same bytes.
	 */
	private function preserveBeforeReplace(string $dest, string $trashPath, string $newChecksum, int $newSize): void {
		$size = @filesize($dest);
		// same bytes already there (an adopted drive, a re-run after a crash): nothing to keep
		if (!is_link($dest) && $size !== false && $size === $newSize && $this->checksumOf($dest) === $newChecksum) {
			return;
		}
		$trashPath = $this->freeTrashPath($trashPath);
		$this->makeParents(dirname($trashPath));
		// a hard link keeps the old bytes without copying them and leaves $dest in place until the rename
		if (is_link($dest) || !@link($dest, $trashPath)) {
			$this->call(fn () => is_link($dest) ? rename($dest, $trashPath) : copy($dest, $trashPath), 'keep the previous copy of ' . $dest . ' in the mirror trash');
		}
	}

	private function freeTrashPath(string $trashPath): string {
		if (!file_exists($trashPath) && !is_link($trashPath)) {
			return $trashPath;
		}
		$dir = dirname($trashPath);
		$base = basename($trashPath);
		$dot = strrpos($base, '.');
		[$stem, $ext] = ($dot === false || $dot === 0) ? [$base, ''] : [substr($base, 0, $dot), substr($base, $dot)];
		for ($i = 2; ; $i++) {
			$candidate = $dir . '/' . $stem . ' (' . $i . ')' . $ext;
			if (!file_exists($candidate) && !is_link($candidate)) {
				return $candidate;
			}
		}
	}

	private function makeParents(string $dir): void {
		if (is_dir($dir)) {
			return;
		}
		$this->makeParents(dirname($dir));
		$this->makeDirectory($dir);
	}

	/**
	 * mkdir that tolerates another worker creating the same folder at the same moment.
	 */
	private function makeDirectory(string $dir): void {
		if ($this->attempt(fn () => mkdir($dir, $this->dirMode))) {
			@chmod($dir, $this->dirMode); // best effort, as for files
			return;
		}
		clearstatcache(true, $dir);
		if (!is_dir($dir)) {
			throw $this->errorFor('create folder ' . $dir);
		}
	}

	/**
	 * Runs one filesystem call, turning false or a PHP warning into a clear ReplicationException.
	 *
	 * @template T
	 * @param callable(): T $operation
	 * @return T
	 */
	private function call(callable $operation, string $what, ?int $sizeHint = null): mixed {
		$result = $this->attempt($operation);
		if ($result === false) {
			throw $this->errorFor($what, $sizeHint);
		}
		return $result;
	}

	/**
	 * Runs a filesystem call and keeps the warning PHP gives when it fails. error_get_last() is no
	 * help inside Nextcloud: its error handler takes the warnings first.
	 *
	 * @template T
	 * @param callable(): T $operation
	 * @return T
	 */
	private function attempt(callable $operation): mixed {
		$this->lastError = null;
		set_error_handler(function (int $type, string $message): bool {
			$this->lastError = $message;
			return true;
		});
		try {
			return $operation();
		} finally {
			restore_error_handler();
		}
	}

	private function errorFor(string $what, ?int $sizeHint = null, ?string $detail = null): ReplicationException {
		$detail ??= $this->lastError ?? 'unknown error';
		// "rename(/a/b,/c/d): Operation not permitted" -> "Operation not permitted"
		$detail = preg_replace('/^\w+\(.*?\): (Failed to open stream: )?/', '', $detail) ?? $detail;
		$lower = strtolower($detail);
		$badName = preg_match('/[:*?"<>|\\\\]|[. ]$/', basename($what)) === 1; // the path ends $what
		$code = ReplicationException::IO;
		$message = 'Could not ' . $what . ': ' . $detail;
		if ($badName && (str_contains($lower, 'operation not permitted') || str_contains($lower, 'invalid argument') || str_contains($lower, 'no such file'))) {
			$code = ReplicationException::NAME;
			$message = 'The mirror drive\'s filesystem refuses this name (FAT and exFAT drives do not allow : * ? " < > | \\ or a name ending in a dot or space): could not ' . $what;
		} elseif (str_contains($lower, 'no space left') || str_contains($lower, 'disk quota')) {
			$code = ReplicationException::FULL;
			$message = 'The mirror drive is full: could not ' . $what;
		} elseif (str_contains($lower, 'permission denied') || str_contains($lower, 'read-only file system') || str_contains($lower, 'operation not permitted')) {
			$code = ReplicationException::PERMISSION;
			$message = 'Permission denied on the mirror drive: could not ' . $what;
		} elseif (str_contains($lower, 'file too large')) {
			$code = ReplicationException::TOO_LARGE;
			$message = 'The mirror drive\'s filesystem cannot hold a file this large: could not ' . $what;
		} elseif (str_contains($lower, 'invalid argument') || str_contains($lower, 'file name too long') || str_contains($lower, 'illegal byte sequence')) {
			$code = ReplicationException::NAME;
			$message = 'The mirror drive\'s filesystem refuses this name: could not ' . $what;
		}
		return new ReplicationException($message, $code, $code === ReplicationException::FULL ? $sizeHint : null);
	}
}
