<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * Gives a new copy its place on a drive that does not tell names apart by case, where "a.jpg" and
 * "A.jpg" (or the folders "Photos" and "photos") would be one entry and overwrite each other.
 *
 * The first name mirrored keeps its (encoded) name; a later one that the drive takes for the same gets
 * a suffix, "A (case 2).jpg", "A (case 3).jpg"… (DriveNames::withSuffix()). The place chosen is
 * recorded with the copy (Replica::drivePath) and kept from then on, so it does not move when the
 * other file goes. A folder's place is read from a copy recorded below it, so every file of one
 * Nextcloud folder lands in one folder on the drive.
 *
 * Which name is whose is decided by the records, never by a name found on the drive: an entry there
 * only ever makes a name look taken (a stranger's file costs a suffix, not a copy).
 */
final class NamePlacer {
	private const MAX_SUFFIX = 1000;

	/** @var array<string, string> on-drive path (case folded) => path in Nextcloud: copies staged, not yet in place */
	private array $pending = [];
	/**
	 * @var array<string, list<string>> "user\0folder" => its on-drive names: the folders placed or read
	 *                                   from the records in this process (forget() when folders move)
	 */
	private array $folders = [];

	public function __construct(
		private readonly PathGuard $guard,
		private readonly NameRecords $records,
	) {
	}

	/**
	 * The on-drive path (relative to the user's folder) for a new copy of $path.
	 *
	 * @param string $userFolder the user's folder on the drive (UserFolderName)
	 * @param bool $folder $path is a folder (its name gets no suffix before an extension)
	 * @throws ReplicationException
	 */
	public function place(DriveNames $names, string $userFolder, string $userId, string $path, bool $folder = false): string {
		$segments = PathGuard::segments($path);
		if (!$names->caseInsensitive) {
			return implode('/', array_map($names->encode(...), $segments));
		}
		[$known, $depth] = $this->knownFolder($names, $userId, $segments);
		$placed = $known;
		for ($i = $depth; $i < count($segments); $i++) {
			$isFolder = $folder || $i < count($segments) - 1;
			$placed[] = $this->choose($names, $userFolder, $userId, $placed, $segments[$i], implode('/', array_slice($segments, 0, $i + 1)), $isFolder);
			if ($isFolder) {
				$this->folders[$userId . "\0" . implode('/', array_slice($segments, 0, $i + 1))] = $placed;
			}
		}
		return implode('/', $placed);
	}

	/**
	 * Folders were renamed or moved to the trash: where a folder stands is read again.
	 */
	public function forget(): void {
		$this->folders = [];
	}

	/**
	 * A copy staged for $drivePath: its place is taken for the others of the batch, which are staged
	 * before any is in place or recorded.
	 */
	public function reserve(string $userFolder, string $drivePath, string $path): void {
		$this->pending[self::fold($userFolder . '/' . $drivePath)] = $path;
	}

	/**
	 * The copy is in place (the drive shows it) or dropped.
	 */
	public function release(string $userFolder, string $drivePath): void {
		unset($this->pending[self::fold($userFolder . '/' . $drivePath)]);
	}

	private static function fold(string $path): string {
		return mb_strtolower($path, 'UTF-8');
	}

	/**
	 * Whether the copy recorded at $drivePath may be written there: not when the drive holds another
	 * name there that it takes for the same (a case twin that took the place while the copy was missing).
	 */
	public function isOwnPlace(DriveNames $names, string $userFolder, string $drivePath): bool {
		if (!$names->caseInsensitive) {
			return true;
		}
		$segments = PathGuard::segments($drivePath);
		$name = array_pop($segments);
		if ($name === null) {
			return true;
		}
		$stored = $this->storedName($names, [$userFolder, ...$segments], $name);
		return $stored === null || $stored === $name;
	}

	/**
	 * The deepest folder above $segments whose place on the drive a recorded copy below it shows.
	 *
	 * @param list<string> $segments
	 * @return array{0: list<string>, 1: int} its on-drive names, and how many of $segments it covers
	 */
	private function knownFolder(DriveNames $names, string $userId, array $segments): array {
		for ($depth = count($segments) - 1; $depth > 0; $depth--) {
			$folder = implode('/', array_slice($segments, 0, $depth));
			if (isset($this->folders[$userId . "\0" . $folder])) {
				return [$this->folders[$userId . "\0" . $folder], $depth];
			}
			$record = $this->records->oneBelow($userId, $folder);
			if ($record === null) {
				continue;
			}
			$onDrive = $record['drivePath'] !== null
				? PathGuard::segments($record['drivePath'])
				: array_map($names->encode(...), PathGuard::segments($record['path']));
			if (count($onDrive) > $depth) {
				$this->folders[$userId . "\0" . $folder] = array_slice($onDrive, 0, $depth);
				return [$this->folders[$userId . "\0" . $folder], $depth];
			}
		}
		return [[], 0];
	}

	/**
	 * The name for $name in the on-drive folder $parent: the encoded name, or the first suffixed one
	 * that neither the drive holds under another spelling nor the records give to another file.
	 *
	 * The records are asked only about a path with a suffix in it: a copy is recorded at a place other
	 * than its encoded path only because of a suffix, and a path without one is the encoded path of
	 * one Nextcloud path only (the encoding keeps names apart), which is $path's own.
	 *
	 * @param list<string> $parent on-drive names below the user's folder
	 * @throws ReplicationException
	 */
	private function choose(DriveNames $names, string $userFolder, string $userId, array $parent, string $name, string $path, bool $folder): string {
		$encoded = $names->encode($name);
		for ($n = 1; $n <= self::MAX_SUFFIX; $n++) {
			$candidate = $n === 1 ? $encoded : DriveNames::withSuffix($encoded, $n, $folder);
			$stored = $this->storedName($names, [$userFolder, ...$parent], $candidate);
			$staged = $this->pending[self::fold(implode('/', [$userFolder, ...$parent, $candidate]))] ?? $path;
			$onDrive = implode('/', [...$parent, $candidate]);
			if (($stored === null || $stored === $candidate) && $staged === $path
				&& (!str_contains($onDrive, ' (case ') || !$this->records->claimedByOther($userId, $onDrive, $path))) {
				return $candidate;
			}
		}
		throw new ReplicationException('No free name for ' . $path . ' on the mirror drive', ReplicationException::NAME, null, ['path' => $path, 'detail' => 'too many names that differ only in case']);
	}

	/**
	 * The name the drive holds for $name in a folder (itself, or the spelling it was created with);
	 * null when nothing stands there. The folder's listing is only compared with, never used as a path.
	 *
	 * @param list<string> $folder
	 */
	private function storedName(DriveNames $names, array $folder, string $name): ?string {
		$dir = $this->guard->folder($folder);
		if ($dir === null || $this->guard->lstat($dir . '/' . $name) === null) {
			return null;
		}
		$entries = @scandir($dir);
		if ($entries === false || in_array($name, $entries, true)) {
			return $name;
		}
		foreach ($entries as $entry) {
			if ($names->same($entry, $name)) {
				return $entry;
			}
		}
		return ''; // taken under a spelling this code does not fold the same way: not ours
	}
}
