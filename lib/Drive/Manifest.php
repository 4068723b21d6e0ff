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
 *
 * A large library's manifest is written in shards (format 3, ManifestShards): <user folder>.json then
 * lists the shards, each a signed file of the same form. ManifestShards reads both; this class holds
 * what both share: one signed file written, and one read within bounds.
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
	 * A user's whole manifest in one file (format 2), for a library small enough that rewriting it costs little.
	 *
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries path: in Nextcloud (the index's key); drivePath: on the drive (the sha256sum line's,
	 *                                                                                                      and the index's when it is not the path)
	 * @return int how many entries were written
	 */
	public function write(string $folder, iterable $entries, RecoveryKey $key): int {
		$dir = (string)$this->guard->folder([self::DIR], true);
		[, $count] = $this->writeSigned($dir, $folder . '.json', $dir . '/' . $folder . '.sha256',
			['manifest' => 'mirror', 'version' => self::VERSION, 'user' => $folder], self::entryMembers($entries), self::mac($key, $folder));
		return $count;
	}

	/**
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries
	 * @return \Generator<int, array{0: string, 1: array<string, mixed>, 2: string}> name, value, sha256sum line
	 */
	public static function entryMembers(iterable $entries): \Generator {
		foreach ($entries as $entry) {
			$onDrive = $entry['drivePath'] ?? $entry['path'];
			yield [$entry['path'], ['size' => $entry['size'], 'mtime' => $entry['mtime'], 'sha256' => $entry['sha256']]
				+ ($onDrive === $entry['path'] ? [] : ['drivePath' => $onDrive]), self::sumLine($entry['sha256'], $onDrive)];
		}
	}

	/**
	 * One signed file, written whole and atomically (a new file, synced, renamed over the old one): the
	 * header as member "", one member per line, the HMAC of every byte before it as member "..". With
	 * $sums, the members' sha256sum lines go to that file beside it (written first, the same way).
	 *
	 * @param string|\Closure(string): string $name the file's name, or what makes it of the signature
	 * @param array<string, mixed> $header
	 * @param iterable<array{0: string, 1: array<string, mixed>, 2?: string}> $members name, value, sha256sum line
	 * @return array{0: string, 1: int} the signature (hex), and how many members
	 */
	public function writeSigned(string $dir, string|\Closure $name, ?string $sums, array $header, iterable $members, \HashContext $mac): array {
		$sumsFile = $sums === null ? null : $this->open($dir);
		$index = $this->open($dir);
		$count = 0;
		try {
			$line = '{' . json_encode(self::HEADER) . ':' . json_encode($header, self::JSON);
			// written a chunk at a time: PHP writes to a file unbuffered, one system call per fwrite()
			$sumsChunk = '';
			$indexChunk = '';
			foreach ($members as $member) {
				$sumsChunk .= $member[2] ?? '';
				$indexChunk .= $line . ",\n";
				$line = json_encode($member[0], self::JSON) . ':' . json_encode($member[1], self::JSON);
				$count++;
				if (strlen($indexChunk) >= self::CHUNK) {
					if ($sumsFile !== null) {
						fwrite($sumsFile[1], $sumsChunk);
					}
					hash_update($mac, $indexChunk); // every byte before the signature's line, in order
					fwrite($index[1], $indexChunk);
					$sumsChunk = '';
					$indexChunk = '';
				}
			}
			$indexChunk .= $line . ",\n";
			hash_update($mac, $indexChunk);
			$signature = hash_final($mac);
			fwrite($index[1], $indexChunk . json_encode(self::SIGNATURE) . ':' . json_encode(['hmac-sha256' => $signature]) . "\n}\n");
			if ($sumsFile !== null && $sums !== null) {
				fwrite($sumsFile[1], $sumsChunk);
				$this->place($sumsFile, $sums);
			}
			$this->place($index, $dir . '/' . (is_string($name) ? $name : $name($signature)));
		} finally {
			foreach ([$sumsFile, $index] as $file) {
				if ($file === null) {
					continue;
				}
				[$tmp, $handle] = $file;
				if (is_resource($handle)) {
					fclose($handle);
				}
				if ($this->guard->kind($tmp) === PathGuard::FILE) {
					$this->io->attempt(fn () => $this->guard->calls()->unlink($tmp));
				}
			}
		}
		return [$signature, $count];
	}

	/**
	 * One signed file of the manifest as found on the drive, read within bounds: refused at once when the
	 * file is larger than $maxBytes, and as soon as a line is longer than an entry can be or more than
	 * MAX_MALFORMED lines are not members. Read once, line by line, while its signature is computed;
	 * each member is handed to $member (which keeps what it takes in the caller's copy), so the bytes
	 * verified are the bytes used. $format is asked, once the first line (the header) is read, for the
	 * HMAC to compute and the member handler: the header says which format the file is.
	 *
	 * @param callable(mixed): array{0: \HashContext, 1: callable(string, mixed): bool} $format header => HMAC, and the
	 *                                                                                      handler (false: not a member of this format)
	 * @return array{header: mixed, signature: string|null, afterSignature: bool, mac: string, malformed: int, bytes: int}|null
	 *                                                                                                                         null when there is none (or a link stands there)
	 * @throws DamagedManifestException
	 */
	public function readSigned(string $dir, string $name, int $maxBytes, callable $format): ?array {
		$file = $dir . '/' . $name;
		$stat = $this->guard->lstat($file);
		if ($stat === null || PathGuard::kindOf($stat['mode']) !== PathGuard::FILE) {
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
			return $this->verify($handle, $file, $maxBytes, $format);
		} finally {
			fclose($handle);
		}
	}

	/**
	 * @param resource $handle
	 * @param callable(mixed): array{0: \HashContext, 1: callable(string, mixed): bool} $format
	 * @return array{header: mixed, signature: string|null, afterSignature: bool, mac: string, malformed: int, bytes: int}
	 * @throws DamagedManifestException
	 */
	private function verify($handle, string $file, int $maxBytes, callable $format): array {
		$mac = null;
		$onMember = null;
		$header = null;
		$signature = null;
		$afterSignature = false;
		$read = 0;
		$lines = 0;
		$malformed = 0;
		while (($line = fgets($handle, self::MAX_LINE + 1)) !== false) {
			$read += strlen($line);
			if ($read > $maxBytes) {
				throw new DamagedManifestException(sprintf('The manifest %s grew past %s bytes while it was read; it is not used.', $file, number_format($maxBytes)), DamagedManifestException::TOO_BIG, ['file' => $file, 'max' => $maxBytes]);
			}
			if (strlen($line) === self::MAX_LINE && !str_ends_with($line, "\n") && !feof($handle)) {
				throw new DamagedManifestException(sprintf('The manifest %s has a line longer than %d bytes (line %d): Mirror writes one entry per line; it is not used.', $file, self::MAX_LINE, $lines + 1), DamagedManifestException::LONG_LINE, ['file' => $file, 'max' => self::MAX_LINE, 'line' => $lines + 1]);
			}
			$lines++;
			if ($signature !== null) {
				$afterSignature = $afterSignature || !in_array(trim($line), ['', '}'], true);
				continue;
			}
			$member = self::member($line, $lines === 1);
			if ($lines === 1) {
				$header = $member !== false && $member !== null && $member[0] === self::HEADER ? $member[1] : null;
				[$mac, $onMember] = $format($header);
			}
			\assert($mac !== null && $onMember !== null);
			if ($member !== false && $member !== null && $member[0] === self::SIGNATURE) {
				$signature = is_array($member[1]) && is_string($member[1]['hmac-sha256'] ?? null) ? $member[1]['hmac-sha256'] : '';
				continue;
			}
			hash_update($mac, $line);
			if ($member === false || ($lines === 1 && $member !== null && $member[0] === self::HEADER)) {
				continue; // the opening or closing brace, an empty line, the header
			}
			if (($member === null || $member[0] === self::HEADER || !$onMember($member[0], $member[1])) && ++$malformed > self::MAX_MALFORMED) {
				throw new DamagedManifestException(sprintf('The manifest %s is damaged: more than %d lines are not entries (line %d); it is not used.', $file, self::MAX_MALFORMED, $lines), DamagedManifestException::MALFORMED, ['file' => $file, 'max' => self::MAX_MALFORMED, 'line' => $lines]);
			}
		}
		return ['header' => $header, 'signature' => $signature, 'afterSignature' => $afterSignature, 'mac' => $mac === null ? '' : hash_final($mac), 'malformed' => $malformed, 'bytes' => $read];
	}

	/**
	 * Why a signed file read by readSigned() is not to be trusted: null when it is.
	 *
	 * @param array{header: mixed, signature: string|null, afterSignature: bool, mac: string, malformed: int, bytes: int} $read
	 * @param array<string, mixed> $expected what its header must say besides the user (format 3: the shard and its width)
	 * @return ManifestReading::*|null
	 */
	public static function distrust(array $read, string $folder, array $expected = []): ?string {
		$header = $read['header'];
		return match (true) {
			$read['signature'] === null => ManifestReading::UNSIGNED,
			is_array($header) && is_string($header['user'] ?? null) && $header['user'] !== $folder => ManifestReading::OTHER_USER,
			!is_array($header) || $read['afterSignature'] || !hash_equals($read['mac'], $read['signature'])
				|| array_filter($expected, static fn (mixed $value, string $name): bool => ($header[$name] ?? null) !== $value, ARRAY_FILTER_USE_BOTH) !== [] => ManifestReading::MISMATCH,
			default => null,
		};
	}

	/**
	 * A temporary copy of the entries that were read (memory, then disk): one JSON list per line.
	 *
	 * @return resource
	 */
	public static function copy() {
		$copy = fopen('php://temp/maxmemory:' . (1024 * 1024), 'w+b');
		if ($copy === false) {
			throw new \RuntimeException('No temporary file for reading a manifest.');
		}
		return $copy;
	}

	/**
	 * The handler of a file's entries (format 2, and a shard of format 3): a well-formed entry goes to $copy.
	 * Only entries with a safe path and well-formed values are kept; the on-drive path (drivePath, null:
	 * the path encoded) is only ever looked up below the user's folder, through PathGuard, like any other,
	 * and only one that could be the file's own place is kept.
	 *
	 * @param resource $copy
	 * @return callable(string, mixed): bool
	 */
	public static function entriesInto($copy, int &$count): callable {
		return static function (string $path, mixed $value) use ($copy, &$count): bool {
			$entry = self::entry($path, $value);
			if ($entry === null) {
				return false;
			}
			fwrite($copy, json_encode($entry, self::JSON) . "\n");
			$count++;
			return true;
		};
	}

	/**
	 * The HMAC of a user's index: the format and the user's folder first, so that one user's signed
	 * manifest is not valid as another's, nor as another format's ($format: format 3's root or one of its
	 * shards, ManifestShards).
	 */
	public static function mac(RecoveryKey $key, string $folder, ?string $format = null): \HashContext {
		$mac = hash_init('sha256', HASH_HMAC, $key->bytes());
		hash_update($mac, 'mirror-manifest ' . ($format ?? (string)self::VERSION) . "\0" . $folder . "\0");
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
