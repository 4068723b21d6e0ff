<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use OCP\IBinaryFinder;

/**
 * Writes a stream to a new temporary file next to its destination: created exclusively
 * (O_CREAT|O_EXCL refuses any existing path, a planted symbolic link too) under a random name,
 * sha256 while writing; synced later, together with the rest of its batch. A large file is hashed by
 * a child `openssl dgst` while it is written (Sha256Pipe), a small one in process.
 *
 * The sha256 recorded here is what `mirror:verify` compares the drive's bytes with. Reading the
 * copy back here would read the page cache, not the drive; ReadBack does it once the batch is synced,
 * with the pages dropped first (see README, "Read-back after writing").
 */
final class TemporaryCopy {
	private const CHUNK = 1048576;
	/**
	 * Piece size of a large file's copy: read, written to the temporary file and to the hashing
	 * child's pipe. 64 KiB, the pipe's buffer, was the fastest: Drive::copyIn() of 300 MiB (fdatasync
	 * included) took 0.73 s, 1.21 s with 256 KiB and 1.00 s with 1 MiB (medians of 6, 2 cores).
	 */
	private const COPY_CHUNK = 65536;
	/** Files up to this size are read, hashed and written in one piece. */
	private const WHOLE_FILE = 16 * 1048576;
	private const PREFIX = '.mirror-';
	private const SUFFIX = '.part';

	/** the openssl binary once looked up: its path, false when there is none, null before */
	private string|false|null $openssl = null;

	public function __construct(
		private readonly IoCall $io,
		private readonly PathGuard $guard,
		private readonly ?IBinaryFinder $binaries = null,
		private readonly int $fileMode = 0644,
	) {
	}

	private function openssl(): string|false {
		if ($this->openssl === null) {
			$path = $this->binaries?->findBinaryPath('openssl') ?? false;
			$this->openssl = is_string($path) && $path !== '' ? $path : false;
		}
		return $this->openssl;
	}

	/**
	 * Temporary names for $name: one prefix per destination, a random part per attempt.
	 */
	private function prefix(string $name): string {
		return self::PREFIX . substr(hash('sha256', $name), 0, 16) . '.';
	}

	/**
	 * Writes $source to a new temporary file in $dir, hashing it; the file stays open and unsynced
	 * until sync() (a batch is synced together) or discard().
	 *
	 * @param resource $source
	 * @param callable(): void $heartbeat
	 * @throws ReplicationException
	 */
	public function create(string $userId, string $path, string $dir, string $name, $source, int $expectedSize, int $mtime, callable $heartbeat): StagedCopy {
		$free = @disk_free_space($dir);
		if ($free !== false && $free < $expectedSize) {
			throw new ReplicationException(sprintf('The mirror drive is full: %d bytes needed, %d bytes free', $expectedSize, (int)$free), ReplicationException::FULL, $expectedSize,
				['path' => $dir, 'needed' => $expectedSize, 'free' => (int)$free]);
		}
		$this->guard->assertInside($dir);
		$tmp = $dir . '/' . $this->prefix($name) . bin2hex(random_bytes(6)) . self::SUFFIX;
		// read and write: when the hashing child fails, the written bytes are hashed again through this handle
		$out = $this->io->call(fn () => $this->guard->calls()->createExclusive($tmp, $this->fileMode), 'create_temporary', $dir, $expectedSize);
		try {
			$stat = fstat($out);
			[$written, $checksum] = $expectedSize <= self::WHOLE_FILE
				? $this->copyWhole($source, $out, $tmp, $expectedSize, $heartbeat)
				: $this->copyStreamed($source, $out, $tmp, $expectedSize, $heartbeat);
		} catch (\Throwable $e) {
			fclose($out);
			$this->removeOwn($tmp);
			throw $e;
		}
		return new StagedCopy($userId, $path, $dir, $dir . '/' . $name, $tmp, $out, $stat === false ? 0 : $stat['ino'], $stat === false ? 0 : $stat['mode'] & 0777, $written, $checksum, $mtime, $stat === false ? 0 : $stat['dev']);
	}

	/**
	 * A photo: read at once, hashed with OpenSSL in process (several times faster than hash_update here).
	 *
	 * @param resource $source
	 * @param resource $out
	 * @param callable(): void $heartbeat
	 * @return array{int, string} bytes written, sha256
	 * @throws ReplicationException
	 */
	private function copyWhole($source, $out, string $tmp, int $expectedSize, callable $heartbeat): array {
		$data = $this->readUpTo($source, $expectedSize + 1);
		if ($data !== '') {
			$this->writeAll($out, $data, $tmp, $expectedSize);
		}
		$heartbeat();
		$this->assertComplete($out, $tmp, strlen($data), $expectedSize);
		return [strlen($data), self::sha256($data)];
	}

	/**
	 * A large file: copied piece by piece, each piece also handed to a hashing child on another core.
	 *
	 * @param resource $source
	 * @param resource $out
	 * @param callable(): void $heartbeat
	 * @return array{int, string} bytes written, sha256
	 * @throws ReplicationException
	 */
	private function copyStreamed($source, $out, string $tmp, int $expectedSize, callable $heartbeat): array {
		$hash = new Sha256Pipe($this->openssl());
		try {
			$written = 0;
			$emptyReads = 0;
			while (!feof($source)) {
				$chunk = $this->readChunk($source);
				if ($chunk === '') {
					if (++$emptyReads > 1000) {
						throw new ReplicationException('Reading the file from Nextcloud stalled', ReplicationException::SOURCE, null, ['reason' => 'stalled']);
					}
					continue;
				}
				$emptyReads = 0;
				$this->writeAll($out, $chunk, $tmp, $expectedSize);
				$hash->update($chunk);
				$written += strlen($chunk);
				$heartbeat();
			}
			$this->assertComplete($out, $tmp, $written, $expectedSize);
			return [$written, $hash->finish(fn (): string => $this->hashWritten($out, $tmp, $written, $heartbeat))];
		} finally {
			$hash->abort(); // ends and reaps the child if the copy failed; nothing left to do after finish()
		}
	}

	/**
	 * @param resource $out
	 * @throws ReplicationException when fewer or more bytes came than the file has
	 */
	private function assertComplete($out, string $tmp, int $written, int $expectedSize): void {
		$this->io->call(fn () => fflush($out), 'write', $tmp, $expectedSize);
		if ($written !== $expectedSize) {
			throw new ReplicationException(sprintf('The file changed while it was copied (%d bytes read, %d expected); it will be copied again', $written, $expectedSize), ReplicationException::CHANGED, null,
				['read' => $written, 'expected' => $expectedSize]);
		}
	}

	/**
	 * The sha256 of the first $length bytes of the temporary file, read back through the handle that
	 * wrote them (so it is that file, whatever happened to its name).
	 *
	 * @param resource $out
	 * @param callable(): void $heartbeat
	 * @throws ReplicationException
	 */
	private function hashWritten($out, string $tmp, int $length, callable $heartbeat): string {
		$this->io->call(fn () => fseek($out, 0) === 0, 'read', $tmp);
		$hash = hash_init('sha256');
		$left = $length;
		while ($left > 0) {
			$chunk = $this->io->call(fn () => fread($out, min(self::CHUNK, $left)), 'read', $tmp);
			if ($chunk === '') {
				throw $this->io->errorFor('read', $tmp, null, sprintf('the file ended after %d of %d bytes', $length - $left, $length));
			}
			hash_update($hash, $chunk);
			$left -= strlen($chunk);
			$heartbeat();
		}
		return hash_final($hash);
	}

	private static function sha256(string $data): string {
		$digest = function_exists('openssl_digest') ? openssl_digest($data, 'sha256') : false;
		return $digest === false ? hash('sha256', $data) : $digest;
	}

	/**
	 * Makes a staged copy's bytes durable (fdatasync) and closes it; gives it the file mode.
	 *
	 * @param bool $durable its bytes are durable already (the batch's syncfs: BatchSync), only close it
	 * @throws ReplicationException the copy is discarded
	 */
	public function sync(StagedCopy $copy, bool $durable = false): void {
		$out = $copy->handle;
		if (!is_resource($out)) {
			return;
		}
		try {
			if (!$durable) {
				$this->io->call(fn () => fdatasync($out), 'sync', $copy->temporary, $copy->size);
			}
		} catch (\Throwable $e) {
			$this->discard($copy);
			throw $e;
		}
		$copy->handle = null;
		fclose($out);
		if ($copy->mode !== $this->fileMode) {
			$this->assertSameFile($copy->temporary, $copy->inode);
			$this->io->attempt(fn () => $this->guard->calls()->chmod($copy->temporary, $this->fileMode)); // best effort: FAT and some network filesystems refuse chmod
		}
	}

	/**
	 * Drops a staged copy: closes it and removes its temporary file.
	 */
	public function discard(StagedCopy $copy): void {
		$handle = $copy->handle;
		$copy->handle = null;
		if (is_resource($handle)) {
			fclose($handle);
		}
		$this->removeOwn($copy->temporary);
	}

	/**
	 * @param resource $out
	 */
	private function writeAll($out, string $chunk, string $tmp, int $expectedSize): void {
		$length = strlen($chunk);
		$offset = 0;
		while ($offset < $length) {
			$n = $this->io->call(fn () => fwrite($out, $offset === 0 ? $chunk : substr($chunk, $offset)), 'write', $tmp, $expectedSize);
			if ($n === 0) {
				throw $this->io->errorFor('write', $tmp, $expectedSize, 'No space left on device');
			}
			$offset += $n;
		}
	}

	/**
	 * Reads until $limit bytes or the end: one read for a local file; Nextcloud's stream wrappers
	 * hand out 8 KiB per fread. (stream_get_contents() with a length is several times slower.)
	 *
	 * @param resource $source
	 */
	private function readUpTo($source, int $limit): string {
		$data = '';
		$emptyReads = 0;
		while (strlen($data) < $limit && !feof($source)) {
			$piece = fread($source, $limit - strlen($data));
			if ($piece === false) {
				throw new ReplicationException('Reading the file from Nextcloud failed', ReplicationException::SOURCE, null, ['reason' => 'unreadable']);
			}
			if ($piece === '' && ++$emptyReads > 1000) {
				throw new ReplicationException('Reading the file from Nextcloud stalled', ReplicationException::SOURCE, null, ['reason' => 'stalled']);
			}
			$data .= $piece;
		}
		return $data;
	}

	/**
	 * Reads up to one piece: Nextcloud's stream wrappers hand out 8 KiB per fread, and writing
	 * (and hashing) in larger pieces is what makes a copy fast.
	 *
	 * @param resource $source
	 */
	private function readChunk($source): string {
		$buffer = '';
		while (strlen($buffer) < self::COPY_CHUNK && !feof($source)) {
			$piece = fread($source, self::COPY_CHUNK - strlen($buffer));
			if ($piece === false) {
				throw new ReplicationException('Reading the file from Nextcloud failed', ReplicationException::SOURCE, null, ['reason' => 'unreadable']);
			}
			if ($piece === '') {
				break;
			}
			$buffer .= $piece;
		}
		return $buffer;
	}

	/**
	 * The entry at $path must still be the file this worker created (not swapped for a link or another file).
	 *
	 * @throws ReplicationException
	 */
	public function assertSameFile(string $path, int $inode): void {
		$stat = $this->guard->lstat($path);
		if ($stat === null || PathGuard::kindOf($stat['mode']) !== PathGuard::FILE || ($inode !== 0 && $stat['ino'] !== $inode)) {
			throw new UnsafePathException('The temporary file ' . $path . ' on the mirror drive was replaced while it was being written; nothing was moved into place', $path);
		}
	}

	/**
	 * Hash of a regular file, opened without following a link: the handle must be the entry looked at.
	 * With $size, the cheap check comes first (SizedHash): the open handle's size must be $size, or
	 * nothing is read (a sparse file of 1 TB planted at a copy costs one fstat, not hours).
	 *
	 * @param (callable(): void)|null $heartbeat
	 * @param int|null $size the size the file must have (the recorded one)
	 * @param (callable(int): void)|null $fromDrive with $size: the file's pages are dropped from the page cache first where
	 *                                                that can be done (DriveCalls::openFromDrive()), and this is called
	 *                                                after each piece is read, with its length (a throttle)
	 * @throws ReplicationException DIFFERENT_SIZE, a link, a read error
	 */
	public function checksum(string $path, ?callable $heartbeat = null, string $algo = 'sha256', ?int $size = null, ?callable $fromDrive = null): string {
		$before = $this->guard->lstat($path);
		$kind = $before === null ? null : PathGuard::kindOf($before['mode']);
		if ($before === null || $kind !== PathGuard::FILE) {
			throw $kind === PathGuard::LINK ? $this->guard->linkFound($path) : $this->io->errorFor('read', $path, null, 'not a regular file');
		}
		$calls = $this->guard->calls();
		$in = $this->io->call(fn () => $fromDrive !== null && $calls->raceFree() ? $calls->openFromDrive($path) : $calls->openRead($path), 'read', $path);
		try {
			$opened = fstat($in);
			if ($opened === false || $opened['ino'] !== $before['ino'] || $opened['dev'] !== $before['dev']) {
				throw $this->guard->linkFound($path);
			}
			if ($size !== null) {
				return SizedHash::of($in, $size, $path, $heartbeat, $algo, $fromDrive);
			}
			$hash = hash_init($algo);
			while (!feof($in)) {
				$chunk = fread($in, self::CHUNK);
				if ($chunk === false) {
					throw $this->io->errorFor('read', $path);
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
	 * Removes temporary files that a dead worker left for $name in $dir (regular files only). Called
	 * when work is taken over from a worker that died or stopped answering, so none is still writing.
	 */
	public function removeStrays(string $dir, string $name): void {
		$prefix = $this->prefix($name);
		$entries = @scandir($dir);
		foreach ($entries === false ? [] : $entries as $entry) {
			if (!str_starts_with($entry, $prefix) || !str_ends_with($entry, self::SUFFIX)) {
				continue;
			}
			$path = $dir . '/' . $entry;
			if ($this->guard->kind($path) === PathGuard::FILE) {
				$this->guard->assertInside($dir);
				$this->io->attempt(fn () => $this->guard->calls()->unlink($path));
			}
		}
	}

	private function removeOwn(string $tmp): void {
		try {
			if ($this->guard->kind($tmp) === PathGuard::FILE) {
				$this->io->attempt(fn () => $this->guard->calls()->unlink($tmp));
			}
		} catch (UnsafePathException) {
			// a folder on the way swapped for a link since: the temporary file stays where it is
		}
	}
}
