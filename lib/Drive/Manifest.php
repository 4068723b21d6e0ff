<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * A drive that describes itself: per user, <root>/.mirror-manifest/<user folder>.sha256 in the format
 * `sha256sum -c` reads (paths relative to the user's folder on the drive), and <user folder>.json with
 * size and modification time. Written whole and atomically (a new file, synced, renamed over the old
 * one); read back as a stranger's file: every entry is checked before it is used.
 */
final class Manifest {
	public const DIR = '.mirror-manifest';

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
	public function write(string $folder, iterable $entries): int {
		$dir = (string)$this->guard->folder([self::DIR], true);
		$sums = $this->open($dir);
		$index = $this->open($dir);
		$count = 0;
		try {
			fwrite($index[1], '{');
			foreach ($entries as $entry) {
				fwrite($sums[1], self::sumLine($entry['sha256'], $entry['drivePath'] ?? $entry['path']));
				fwrite($index[1], ($count === 0 ? '' : ',') . "\n" . json_encode($entry['path'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE)
					. ':' . json_encode(['size' => $entry['size'], 'mtime' => $entry['mtime'], 'sha256' => $entry['sha256']]
						+ (($entry['drivePath'] ?? $entry['path']) === $entry['path'] ? [] : ['drivePath' => $entry['drivePath']]), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE));
				$count++;
			}
			fwrite($index[1], "\n}\n");
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
	 * A user's index as found on the drive: only entries with a safe path and well-formed values. The
	 * on-drive path (drivePath, null: the path encoded) is only ever looked up below the user's folder,
	 * through PathGuard, like any other, and only one that could be the file's own place is kept.
	 *
	 * @return array<array-key, array{size: int, mtime: int, sha256: string, drivePath: string|null}>|null path => entry (PHP
	 *                                                                                               makes a path such as "2024" an int key); null when there is none
	 */
	public function read(string $folder): ?array {
		$dir = $this->guard->folder([self::DIR]);
		if ($dir === null || $this->guard->kind($dir . '/' . $folder . '.json') !== PathGuard::FILE) {
			return null;
		}
		$data = json_decode((string)@file_get_contents($dir . '/' . $folder . '.json'), true);
		if (!is_array($data)) {
			return null;
		}
		$out = [];
		foreach ($data as $path => $entry) {
			$path = (string)$path; // a JSON key is a string: PHP makes "2024" an int
			if (!is_array($entry) || !is_int($entry['size'] ?? null) || !is_int($entry['mtime'] ?? null)
				|| !is_string($entry['sha256'] ?? null) || preg_match('/^[0-9a-f]{64}$/', $entry['sha256']) !== 1) {
				continue;
			}
			$drivePath = $entry['drivePath'] ?? null;
			try {
				$safe = implode('/', PathGuard::segments($path));
				$safeOnDrive = is_string($drivePath) ? implode('/', PathGuard::segments($drivePath)) : null;
			} catch (\Throwable) {
				continue; // "..", a NUL: a name no stranger gets to use
			}
			if ($safe !== '' && $safeOnDrive !== '' && ($drivePath === null || (is_string($drivePath) && self::isPlaceOf($safe, (string)$safeOnDrive)))) {
				$out[$safe] = ['size' => $entry['size'], 'mtime' => $entry['mtime'], 'sha256' => $entry['sha256'], 'drivePath' => $safeOnDrive];
			}
		}
		return $out;
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
