<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * The cheap check before any hash of a copy on a drive: its size, taken by fstat on the very handle
 * that is then read (never a stat of a path, then another open), must be the recorded size. A copy of
 * another size fails at once, nothing of it read: an 8 GiB (or 1 TB) sparse file planted at a copy
 * costs one fstat, not minutes of hashing zeros. Nor is more than the recorded size ever read: a
 * file that grows while it is hashed fails too.
 */
final class SizedHash {
	private const CHUNK = 1048576;

	/**
	 * The hash of an open file, from its start, once its size is $size.
	 *
	 * @param resource $handle
	 * @param string $path where it is, for the error (admins' eyes)
	 * @param (callable(): void)|null $heartbeat called after each MiB
	 * @param (callable(int): void)|null $onRead called after each piece is read, with its length (a throttle)
	 * @throws ReplicationException DIFFERENT_SIZE (nothing read), or IO (a read error)
	 */
	public static function of($handle, int $size, string $path, ?callable $heartbeat = null, string $algo = 'sha256', ?callable $onRead = null): string {
		$stat = @fstat($handle);
		if ($stat === false) {
			throw self::readError($path);
		}
		if ($stat['size'] !== $size) {
			throw self::differentSize($path, sprintf('%d bytes, %d recorded', $stat['size'], $size), ['size' => $stat['size'], 'recorded' => $size]);
		}
		if (!@rewind($handle)) {
			throw self::readError($path);
		}
		$hash = hash_init($algo);
		for ($left = $size; $left > 0;) {
			$chunk = @fread($handle, min(self::CHUNK, $left));
			if ($onRead !== null && is_string($chunk)) {
				$onRead(strlen($chunk)); // what was read (a stream may give less than asked): a throttle waits before the next piece
			}
			if ($chunk === false) {
				throw self::readError($path);
			}
			if ($chunk === '') {
				break; // it shrank while read: the hash is not the recorded one
			}
			hash_update($hash, $chunk);
			$left -= strlen($chunk);
			if ($heartbeat !== null) {
				$heartbeat();
			}
		}
		$more = @fread($handle, 1);
		if ($more === false) {
			throw self::readError($path);
		}
		if ($more !== '') {
			throw self::differentSize($path, sprintf('it grew beyond the %d bytes recorded while it was read', $size), ['grew' => 1, 'recorded' => $size]);
		}
		return hash_final($hash);
	}

	/**
	 * @param array<string, int> $sizes the numbers, for words in the reader's language (a restore's)
	 */
	private static function differentSize(string $path, string $detail, array $sizes): ReplicationException {
		return new ReplicationException('The copy at ' . $path . ' has a different size: ' . $detail, ReplicationException::DIFFERENT_SIZE, null,
			['action' => 'read', 'path' => $path, 'detail' => 'different size: ' . $detail] + $sizes);
	}

	private static function readError(string $path): ReplicationException {
		return new ReplicationException('Could not read ' . $path, ReplicationException::IO, null, ['action' => 'read', 'path' => $path, 'detail' => 'read error']);
	}
}
