<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\DamagedManifestException;

/**
 * A drive that describes itself: per user, <root>/.mirror-manifest/<user folder>.sha256 in the format
 * `sha256sum -c` reads (paths relative to the user's folder on the drive), and <user folder>.json with
 * size and modification time. Written whole and atomically (a new file, synced, renamed over the old
 * one); read back as a stranger's file: every entry is checked before it is used.
 *
 * The .json is signed (format 2): its first member, "", says what it is and whose ({"manifest": "mirror",
 * "version": 2, "user": "<folder>"}); one entry per line follows; its last member, "..", holds the
 * HMAC-SHA256, under the recovery key, of the format, the user's folder and every byte before that
 * line. Neither "" nor ".." can name a file, so no entry can pass for them, and the file stays one JSON
 * object for jq. The .sha256 is for people and is not signed: Mirror never reads it.
 */
final class Manifest {
	public const DIR = '.mirror-manifest';
	public const VERSION = 2;
	/** the header's and the signature's members: names no file can have */
	public const HEADER = '';
	public const SIGNATURE = '..';
	/** a line longer than this is not an entry Mirror wrote (a path and its place on the drive, escaped) */
	public const MAX_LINE = 64 * 1024;
	/** this many lines that are not entries, and the manifest is damaged: it is read no further */
	public const MAX_MALFORMED = 100;
	/** bytes of a manifest gathered before they are written */
	private const CHUNK = 65536;
	private const JSON = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE;

	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
	) {
	}

	/**
	 * @param iterable<array{path: string, sha256: string, size: int, mtime: int, drivePath?: string}> $entries path: in Nextcloud (the index's key); drivePath: on the drive (the sha256sum line's,
	 *                                                                                                      and the index's when it is not the path)
	 * @return int how many entries were written
	 */
	public function write(string $folder, iterable $entries, RecoveryKey $key): int {
		$dir = (string)$this->guard->folder([self::DIR], true);
		$sums = $this->open($dir);
		$index = $this->open($dir);
		$count = 0;
		try {
			$mac = self::mac($key, $folder);
			$line = '{' . json_encode(self::HEADER) . ':' . json_encode(['manifest' => 'mirror', 'version' => self::VERSION, 'user' => $folder], self::JSON);
			// written a chunk at a time: PHP writes to a file unbuffered, one system call per fwrite()
			$sumsChunk = '';
			$indexChunk = '';
			foreach ($entries as $entry) {
				$sumsChunk .= self::sumLine($entry['sha256'], $entry['drivePath'] ?? $entry['path']);
				$indexChunk .= $line . ",\n";
				$line = json_encode($entry['path'], self::JSON)
					. ':' . json_encode(['size' => $entry['size'], 'mtime' => $entry['mtime'], 'sha256' => $entry['sha256']]
						+ (($entry['drivePath'] ?? $entry['path']) === $entry['path'] ? [] : ['drivePath' => $entry['drivePath']]), self::JSON);
				$count++;
				if (strlen($indexChunk) >= self::CHUNK) {
					fwrite($sums[1], $sumsChunk);
					hash_update($mac, $indexChunk); // every byte before the signature's line, in order
					fwrite($index[1], $indexChunk);
					$sumsChunk = '';
					$indexChunk = '';
				}
			}
			$indexChunk .= $line . ",\n";
			fwrite($sums[1], $sumsChunk);
			hash_update($mac, $indexChunk);
			fwrite($index[1], $indexChunk . json_encode(self::SIGNATURE) . ':' . json_encode(['hmac-sha256' => hash_final($mac)]) . "\n}\n");
			$this->place($sums, $dir . '/' . $folder . '.sha256');
			$this->place($index, $dir . '/' . $folder . '.json');
		} finally {
			foreach ([$sums, $index] as [$tmp, $handle]) {
				if (is_resource($handle)) {
					fclose($handle);
				}
				if ($this->guard->kind($tmp) === PathGuard::FILE) {
					$this->io->attempt(fn () => $this->guard->calls()->unlink($tmp));
				}
			}
		}
		return $count;
	}

	/**
	 * A user's index as found on the drive, read within bounds: refused at once when the file is larger
	 * than $maxBytes, and as soon as a line is longer than an entry can be or more than MAX_MALFORMED
	 * lines are not entries. Read once, line by line, into a temporary copy (memory, then disk) while
	 * its signature is computed; the entries are then served from that copy, so the bytes verified are
	 * the bytes used. Only entries with a safe path and well-formed values are kept; the on-drive path
	 * (drivePath, null: the path encoded) is only ever looked up below the user's folder, through
	 * PathGuard, like any other, and only one that could be the file's own place is kept.
	 *
	 * @return ManifestReading|null null when there is none (or a link stands there)
	 * @throws DamagedManifestException
	 */
	public function read(string $folder, RecoveryKey $key, int $maxBytes): ?ManifestReading {
		$dir = $this->guard->folder([self::DIR]);
		$file = $dir . '/' . $folder . '.json';
		$stat = $dir === null ? null : $this->guard->lstat($file);
		if ($dir === null || $stat === null || PathGuard::kindOf($stat['mode']) !== PathGuard::FILE) {
			return null;
		}
		$this->guard->assertInside($dir);
		$handle = @fopen($file, 'rb');
		if ($handle === false) {
			return null;
		}
		try {
			$opened = fstat($handle);
			if ($opened === false || $opened['dev'] !== $stat['dev'] || $opened['ino'] !== $stat['ino'] || PathGuard::kindOf($opened['mode']) !== PathGuard::FILE) {
				return null; // swapped between the look and the open: not what was looked at
			}
			if ($opened['size'] > $maxBytes) {
				throw new DamagedManifestException(sprintf('The manifest %s is %s bytes, more than the %s bytes a manifest of this user\'s files can take; it is not read.',
					$file, number_format($opened['size']), number_format($maxBytes)), DamagedManifestException::TOO_BIG, ['file' => $file, 'size' => $opened['size'], 'max' => $maxBytes]);
			}
			return $this->verify($handle, $file, $folder, $key, $maxBytes);
		} finally {
			fclose($handle);
		}
	}

	/**
	 * @param resource $handle
	 * @throws DamagedManifestException
	 */
	private function verify($handle, string $file, string $folder, RecoveryKey $key, int $maxBytes): ManifestReading {
		$copy = fopen('php://temp/maxmemory:' . (1024 * 1024), 'w+b');
		if ($copy === false) {
			throw new \RuntimeException('No temporary file for reading a manifest.');
		}
		$mac = self::mac($key, $folder);
		$header = null;
		$signature = null;
		$afterSignature = false;
		$read = 0;
		$lines = 0;
		$malformed = 0;
		$entries = 0;
		while (($line = fgets($handle, self::MAX_LINE + 1)) !== false) {
			$read += strlen($line);
			if ($read > $maxBytes) {
				fclose($copy);
				throw new DamagedManifestException(sprintf('The manifest %s grew past %s bytes while it was read; it is not used.', $file, number_format($maxBytes)), DamagedManifestException::TOO_BIG, ['file' => $file, 'max' => $maxBytes]);
			}
			if (strlen($line) === self::MAX_LINE && !str_ends_with($line, "\n") && !feof($handle)) {
				fclose($copy);
				throw new DamagedManifestException(sprintf('The manifest %s has a line longer than %d bytes (line %d): Mirror writes one entry per line; it is not used.', $file, self::MAX_LINE, $lines + 1), DamagedManifestException::LONG_LINE, ['file' => $file, 'max' => self::MAX_LINE, 'line' => $lines + 1]);
			}
			$lines++;
			if ($signature !== null) {
				$afterSignature = $afterSignature || !in_array(trim($line), ['', '}'], true);
				continue;
			}
			$member = self::member($line, $lines === 1);
			if ($member !== false && $member !== null && $member[0] === self::SIGNATURE) {
				$signature = is_array($member[1]) && is_string($member[1]['hmac-sha256'] ?? null) ? $member[1]['hmac-sha256'] : '';
				continue;
			}
			hash_update($mac, $line);
			if ($member === false) {
				continue; // the opening or closing brace, an empty line
			}
			$entry = $member === null ? null : ($member[0] === self::HEADER ? null : self::entry($member[0], $member[1]));
			if ($member !== null && $member[0] === self::HEADER && $lines === 1) {
				$header = $member[1];
			} elseif ($entry === null) {
				if (++$malformed > self::MAX_MALFORMED) {
					fclose($copy);
					throw new DamagedManifestException(sprintf('The manifest %s is damaged: more than %d lines are not entries (line %d); it is not used.', $file, self::MAX_MALFORMED, $lines), DamagedManifestException::MALFORMED, ['file' => $file, 'max' => self::MAX_MALFORMED, 'line' => $lines]);
				}
			} else {
				fwrite($copy, json_encode($entry, self::JSON) . "\n");
				$entries++;
			}
		}
		$why = match (true) {
			$signature === null => ManifestReading::UNSIGNED,
			is_array($header) && is_string($header['user'] ?? null) && $header['user'] !== $folder => ManifestReading::OTHER_USER,
			!is_array($header) || $afterSignature || !hash_equals(hash_final($mac), $signature) => ManifestReading::MISMATCH,
			default => null,
		};
		return new ManifestReading($copy, $why, $entries, $malformed);
	}

	/**
	 * The HMAC of a user's index: the format and the user's folder first, so that one user's signed
	 * manifest is not valid as another's, nor as another format's.
	 */
	private static function mac(RecoveryKey $key, string $folder): \HashContext {
		$mac = hash_init('sha256', HASH_HMAC, $key->bytes());
		hash_update($mac, 'mirror-manifest ' . self::VERSION . "\0" . $folder . "\0");
		return $mac;
	}

	/**
	 * One line of the index as a member of the JSON object: [name, value]; false for a line that holds
	 * none (the braces, an empty line); null for one that is not exactly one member.
	 *
	 * @return array{0: string, 1: mixed}|false|null
	 */
	private static function member(string $line, bool $first): array|false|null {
		$text = trim($line);
		if ($first && str_starts_with($text, '{')) {
			$text = ltrim(substr($text, 1));
		}
		if ($text === '' || $text === '}') {
			return false;
		}
		if (str_ends_with($text, ',')) {
			$text = substr($text, 0, -1);
		}
		$decoded = json_decode('{' . $text . '}', true, 4);
		if (!is_array($decoded) || count($decoded) !== 1) {
			return null;
		}
		return [(string)array_key_first($decoded), reset($decoded)]; // a JSON key is a string: PHP makes "2024" an int
	}

	/**
	 * @return array{0: string, 1: int, 2: int, 3: string, 4: string|null}|null path, size, mtime, sha256, drivePath
	 */
	private static function entry(string $path, mixed $entry): ?array {
		if (!is_array($entry) || !is_int($entry['size'] ?? null) || !is_int($entry['mtime'] ?? null) || $entry['size'] < 0
			|| !is_string($entry['sha256'] ?? null) || preg_match('/^[0-9a-f]{64}$/', $entry['sha256']) !== 1) {
			return null;
		}
		$drivePath = $entry['drivePath'] ?? null;
		try {
			$safe = implode('/', PathGuard::segments($path));
			$safeOnDrive = is_string($drivePath) ? implode('/', PathGuard::segments($drivePath)) : null;
		} catch (\Throwable) {
			return null; // "..", a NUL: a name no stranger gets to use
		}
		if ($safe === '' || $safeOnDrive === '' || ($drivePath !== null && !(is_string($drivePath) && self::isPlaceOf($safe, (string)$safeOnDrive)))) {
			return null;
		}
		return [$safe, $entry['size'], $entry['mtime'], $entry['sha256'], $safeOnDrive];
	}

	/**
	 * Whether a copy of $path may stand at $drivePath: the same names, each one encoded and perhaps
	 * suffixed for a case twin (DriveNames::isPlaceFor()). Any other on-drive path is a stranger's
	 * word that would record one file's copy at another's.
	 */
	private static function isPlaceOf(string $path, string $drivePath): bool {
		$names = PathGuard::segments($path);
		$placed = PathGuard::segments($drivePath);
		if (count($names) !== count($placed)) {
			return false;
		}
		foreach ($names as $i => $name) {
			if (!DriveNames::isPlaceFor($name, $placed[$i], $i < count($names) - 1)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * One line of `sha256sum` output; a name with a newline or backslash is escaped the way sha256sum does.
	 */
	public static function sumLine(string $sha256, string $path): string {
		if (str_contains($path, "\n") || str_contains($path, '\\') || str_contains($path, "\r")) {
			return '\\' . $sha256 . '  ' . str_replace(['\\', "\n", "\r"], ['\\\\', '\\n', '\\r'], $path) . "\n";
		}
		return $sha256 . '  ' . $path . "\n";
	}

	/**
	 * @return array{0: string, 1: resource}
	 */
	private function open(string $dir): array {
		$this->guard->assertInside($dir);
		$tmp = $dir . '/.mirror-' . bin2hex(random_bytes(8)) . '.part';
		$handle = $this->io->call(fn () => $this->guard->calls()->createExclusive($tmp, 0644), 'create_temporary', $dir);
		return [$tmp, $handle];
	}

	/**
	 * @param array{0: string, 1: resource} $file
	 */
	private function place(array $file, string $dest): void {
		[$tmp, $handle] = $file;
		$this->io->call(fn () => fflush($handle) && fsync($handle), 'sync', $tmp);
		fclose($handle);
		if ($this->guard->kind($dest) === PathGuard::LINK) {
			throw $this->guard->linkFound($dest);
		}
		$this->guard->assertInside(dirname($dest));
		$this->io->call(fn () => $this->guard->calls()->rename($tmp, $dest, true), 'place', $dest);
	}
}
