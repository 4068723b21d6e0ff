<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\DamagedManifestException;

/**
 * A large library's manifest in shards (format 3), so that a run rewrites only the shards whose records
 * changed, and the reading of either format.
 *
 * A shard holds the records whose file id falls in one range of $width ids (shard n: n × width up to
 * (n + 1) × width): a file keeps its id when it is changed, moved or renamed, so its record stays in
 * its shard. Each shard is a signed file of format 2's form in .mirror-manifest/<user folder>.shards/,
 * named after its number and its signature (<n>-<first 16 hex of the HMAC>.json), with <n>.sha256 beside
 * it for people; its header names the user, the shard and the width, and so does its HMAC. The root,
 * .mirror-manifest/<user folder>.json, is signed too and lists every shard: its file, its HMAC and how
 * many entries it has. A shard copied under another number or from another user, one of an earlier
 * run put back (its HMAC is not the one listed), one the root does not list, or a root that lies about
 * the shards (its signature breaks): none of them is vouched for. A run writes its new shards under new
 * names, then the root, then removes the files the root no longer lists: until the root is renamed
 * into place, the drive holds the previous manifest, whole.
 */
final class ManifestShards {
	public const VERSION = 3;
	/** the folder of a user's shards, beside its root: <user folder>.shards */
	public const SUFFIX = '.shards';
	/** more shards than this in a root, and it is damaged: it is read no further (a shard holds about 2,000 files) */
	public const MAX_SHARDS = 16384;
	private const FILE = '/^(\d{1,18})-[0-9a-f]{16}\.json$/';

	public function __construct(
		private readonly PathGuard $guard,
		private readonly Manifest $manifest,
		private readonly IoCall $io,
	) {
	}

	/**
	 * Writes the shards that $entries fill (each one whole), then the root listing them and the shards of
	 * $previous that were not rewritten, then removes what the root no longer lists.
	 *
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath: string}> $entries the records of
	 *                                                                                                                       the shards written, in file id order
	 * @param array<int, array{file: string, hmac: string, entries: int}> $kept shards listed as they are (from the previous root)
	 * @return int how many entries the manifest lists
	 */
	public function write(string $folder, int $width, iterable $entries, array $kept, RecoveryKey $key): int {
		$dir = (string)$this->guard->folder([Manifest::DIR], true);
		$shardsDir = (string)$this->guard->folder([Manifest::DIR, $folder . self::SUFFIX], true);
		$listing = $kept;
		$records = (static fn () => yield from $entries)();
		while ($records->valid()) {
			$id = self::shardOf($records->current(), $width);
			[$signature, $count] = $this->manifest->writeSigned($shardsDir, static fn (string $hmac): string => self::fileName($id, $hmac),
				$shardsDir . '/' . $id . '.sha256', self::header($folder, $width) + ['shard' => $id], self::shard($records, $id, $width), self::mac($key, $folder, $id, $width));
			$listing[$id] = ['file' => self::fileName($id, $signature), 'hmac' => $signature, 'entries' => $count];
		}
		ksort($listing);
		$members = (static function () use ($listing): \Generator {
			foreach ($listing as $id => $shard) {
				yield [(string)$id, $shard];
			}
		})();
		$this->manifest->writeSigned($dir, $folder . '.json', null, self::header($folder, $width), $members, Manifest::mac($key, $folder, (string)self::VERSION));
		$this->removeUnlisted($shardsDir, $listing);
		$this->removeFile($dir . '/' . $folder . '.sha256'); // format 2's list for people: the shards' lists replace it
		return array_sum(array_column($listing, 'entries'));
	}

	/**
	 * The shards of a verified root of format 3, for a run that rewrites some of them: null when there is
	 * no such root (none, format 2, not verified, damaged): then the manifest is written whole.
	 *
	 * @return array{width: int, shards: array<int, array{file: string, hmac: string, entries: int}>, missing: list<int>}|null
	 *                                                                                                                           missing: shards whose file is not on the drive
	 */
	public function listing(string $folder, RecoveryKey $key, int $maxBytes): ?array {
		$dir = $this->guard->folder([Manifest::DIR]);
		if ($dir === null) {
			return null;
		}
		try {
			$root = $this->root($dir, $folder, $key, $maxBytes, null);
		} catch (DamagedManifestException) {
			return null;
		}
		if ($root === null || !$root['v3'] || Manifest::distrust($root['read'], $folder) !== null || $root['width'] === 0) {
			return null;
		}
		$shardsDir = $this->guard->folder([Manifest::DIR, $folder . self::SUFFIX]);
		$missing = [];
		foreach ($root['shards'] as $id => $shard) {
			if ($shardsDir === null || $this->guard->kind($shardsDir . '/' . $shard['file']) !== PathGuard::FILE) {
				$missing[] = $id;
			}
		}
		return ['width' => $root['width'], 'shards' => $root['shards'], 'missing' => $missing];
	}

	/**
	 * A user's manifest as found on the drive (format 2, or 3 and its shards), read within bounds: $maxBytes
	 * for the root and every shard together. Its entries are served from the copy that was verified.
	 *
	 * @return ManifestReading|null null when there is none (or a link stands there)
	 * @throws DamagedManifestException
	 */
	public function read(string $folder, RecoveryKey $key, int $maxBytes): ?ManifestReading {
		$dir = $this->guard->folder([Manifest::DIR]);
		if ($dir === null) {
			return null;
		}
		$copy = Manifest::copy();
		$count = 0;
		try {
			$root = $this->root($dir, $folder, $key, $maxBytes, Manifest::entriesInto($copy, $count));
			if ($root === null) {
				fclose($copy);
				return null;
			}
			$why = Manifest::distrust($root['read'], $folder);
			$malformed = $root['read']['malformed'];
			if ($root['v3']) {
				$shardsWhy = $this->readShards($folder, $root['width'], $root['shards'], $key, $maxBytes - $root['read']['bytes'], $copy, $count, $malformed);
				$why ??= $shardsWhy;
			}
		} catch (\Throwable $e) {
			fclose($copy);
			throw $e;
		}
		return new ManifestReading($copy, $why, $count, $malformed);
	}

	/**
	 * Whether the drive holds a manifest for the user (nothing of it is read): its root, or format 2's file.
	 */
	public function has(string $folder): bool {
		$dir = $this->guard->folder([Manifest::DIR]);
		return $dir !== null && $this->guard->kind($dir . '/' . $folder . '.json') === PathGuard::FILE;
	}

	/**
	 * A user's shards removed (the manifest is one file again: format 2).
	 */
	public function remove(string $folder): void {
		$shardsDir = $this->guard->folder([Manifest::DIR, $folder . self::SUFFIX]);
		if ($shardsDir !== null) {
			$this->removeUnlisted($shardsDir, []);
			$this->io->attempt(fn () => $this->guard->calls()->rmdir($shardsDir));
		}
	}

	/**
	 * A user's root as found on the drive, read within bounds. Format 3's lists its shards (into 'shards');
	 * a file of format 2 (or one whose header says no format) is read with $entries, its entries' handler,
	 * and, without one, as a root (it is then not format 3's, and nothing of it is kept).
	 *
	 * @param (callable(string, mixed): bool)|null $entries
	 * @return array{read: array{header: mixed, signature: string|null, afterSignature: bool, mac: string, malformed: int, bytes: int}, v3: bool, shards: array<int, array{file: string, hmac: string, entries: int}>, width: int}|null
	 *                                                                                                                                                                                                                           width: 0 when the header has none (a root without one is not vouched for)
	 * @throws DamagedManifestException
	 */
	private function root(string $dir, string $folder, RecoveryKey $key, int $maxBytes, ?callable $entries): ?array {
		$shards = [];
		$v3 = false;
		$file = $dir . '/' . $folder . '.json';
		$read = $this->manifest->readSigned($dir, $folder . '.json', $maxBytes, static function (mixed $header) use ($key, $folder, $file, $entries, &$shards, &$v3): array {
			$v3 = is_array($header) && ($header['version'] ?? null) === self::VERSION;
			return $v3 || $entries === null ? [Manifest::mac($key, $folder, (string)self::VERSION), self::listingInto($shards, $file)]
				: [Manifest::mac($key, $folder), $entries];
		});
		if ($read === null) {
			return null;
		}
		$width = is_array($read['header']) ? ($read['header']['width'] ?? null) : null;
		return ['read' => $read, 'v3' => $v3, 'shards' => $shards, 'width' => is_int($width) && $width > 0 ? $width : 0];
	}

	/**
	 * Every shard the root lists, read within what is left of the bounds, its entries into $copy.
	 *
	 * @param array<int, array{file: string, hmac: string, entries: int}> $shards
	 * @param resource $copy
	 * @return ManifestReading::*|null why the shards are not vouched for (the first reason found)
	 * @throws DamagedManifestException
	 */
	private function readShards(string $folder, int $width, array $shards, RecoveryKey $key, int $maxBytes, $copy, int &$count, int &$malformed): ?string {
		$shardsDir = $this->guard->folder([Manifest::DIR, $folder . self::SUFFIX]);
		$why = $width === 0 ? ManifestReading::MISMATCH : null;
		foreach ($shards as $id => $shard) {
			$read = $shardsDir === null ? null : $this->manifest->readSigned($shardsDir, $shard['file'], $maxBytes, static function () use ($key, $folder, $id, $width, $copy, &$count): array {
				return [self::mac($key, $folder, $id, $width), Manifest::entriesInto($copy, $count)];
			});
			if ($read === null) {
				$why ??= ManifestReading::MISMATCH; // a shard missing: its files are not vouched for, and neither is the whole
				continue;
			}
			$maxBytes -= $read['bytes'];
			$malformed += $read['malformed'];
			$why ??= Manifest::distrust($read, $folder, ['version' => self::VERSION, 'shard' => $id, 'width' => $width])
				?? (hash_equals($shard['hmac'], (string)$read['signature']) ? null : ManifestReading::MISMATCH);
		}
		return $why;
	}

	/**
	 * The root's handler: each member one shard, as the root's writer lists it; never more than MAX_SHARDS
	 * of them, so that a root costs bounded memory whatever it lists.
	 *
	 * @param array<int, array{file: string, hmac: string, entries: int}> $shards
	 * @return callable(string, mixed): bool
	 */
	private static function listingInto(array &$shards, string $file): callable {
		return static function (string $name, mixed $value) use (&$shards, $file): bool {
			if (count($shards) >= self::MAX_SHARDS) {
				throw new DamagedManifestException(sprintf('The manifest %s lists more than %d shards; it is not used.', $file, self::MAX_SHARDS),
					DamagedManifestException::TOO_MANY_SHARDS, ['file' => $file, 'max' => self::MAX_SHARDS]);
			}
			if (!ctype_digit($name) || strlen($name) > 18 || !is_array($value) || !is_string($value['file'] ?? null) || !is_string($value['hmac'] ?? null)
				|| !is_int($value['entries'] ?? null) || $value['entries'] < 0 || preg_match(self::FILE, $value['file'], $m) !== 1 || $m[1] !== $name
				|| preg_match('/^[0-9a-f]{64}$/', $value['hmac']) !== 1 || !str_starts_with($value['file'], $name . '-' . substr($value['hmac'], 0, 16))) {
				return false;
			}
			$shards[(int)$name] = ['file' => $value['file'], 'hmac' => $value['hmac'], 'entries' => $value['entries']];
			return true;
		};
	}

	/**
	 * The members of shard $id: the records from the current one on while their file id falls in it.
	 *
	 * @param \Generator<mixed, array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath: string}> $records
	 * @return \Generator<int, array{0: string, 1: array<string, mixed>, 2: string}>
	 */
	private static function shard(\Generator $records, int $id, int $width): \Generator {
		/** @var \Generator<int, array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath: string}> $inShard */
		$inShard = (static function () use ($records, $id, $width): \Generator {
			while ($records->valid() && self::shardOf($records->current(), $width) === $id) {
				yield $records->current();
				$records->next();
			}
		})();
		yield from Manifest::entryMembers($inShard);
	}

	/**
	 * @param array<string, mixed>|null $record
	 */
	private static function shardOf(?array $record, int $width): int {
		$fileId = $record['fileId'] ?? null;
		if (!is_int($fileId)) {
			throw new \InvalidArgumentException('A manifest in shards needs the file id of every record.');
		}
		return intdiv($fileId, $width);
	}

	/**
	 * A shard's file: its number and the start of its signature, so that a run's new shard never overwrites the one the root lists.
	 */
	private static function fileName(int $id, string $hmac): string {
		return $id . '-' . substr($hmac, 0, 16) . '.json';
	}

	/**
	 * @return array{manifest: string, version: int, user: string, width: int}
	 */
	private static function header(string $folder, int $width): array {
		return ['manifest' => 'mirror', 'version' => self::VERSION, 'user' => $folder, 'width' => $width];
	}

	/**
	 * A shard's HMAC: the user, the shard and the width first, so that no shard passes for another.
	 */
	private static function mac(RecoveryKey $key, string $folder, int $id, int $width): \HashContext {
		return Manifest::mac($key, $folder, self::VERSION . " shard\0" . $id . "\0" . $width);
	}

	/**
	 * @param array<int, array{file: string, hmac: string, entries: int}> $listing
	 */
	private function removeUnlisted(string $shardsDir, array $listing): void {
		$this->guard->assertInside($shardsDir);
		$keep = [];
		foreach ($listing as $id => $shard) {
			$keep[$shard['file']] = true;
			$keep[$id . '.sha256'] = true;
		}
		foreach (scandir($shardsDir) ?: [] as $name) {
			if ($name !== '.' && $name !== '..' && !isset($keep[$name])) {
				$this->removeFile($shardsDir . '/' . $name);
			}
		}
	}

	private function removeFile(string $file): void {
		if ($this->guard->kind($file) === PathGuard::FILE) {
			$this->io->attempt(fn () => $this->guard->calls()->unlink($file));
		}
	}
}
