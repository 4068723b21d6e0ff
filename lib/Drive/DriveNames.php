<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * What a drive's filesystem can hold, found out when the drive is first seen online: whether it
 * refuses the characters FAT, exFAT and NTFS refuse (then names are encoded the way rclone does:
 * the character becomes its full-width look-alike, so the mirror stays browsable with recognisable
 * names; a drive that takes no such character either, such as fusefat, gets "%3A" instead), and the
 * largest file it takes (FAT32: 4 GiB - 1), and whether it tells names apart by case (FAT, exFAT,
 * NTFS and a casefolded ext4 folder do not: there "a.jpg" and "A.jpg" are one file, and the one
 * mirrored later is given a suffix, see withSuffix()).
 */
final class DriveNames implements \JsonSerializable {
	/** character => its look-alike (rclone's encoder) */
	private const LOOK_ALIKES = [
		':' => "\u{FF1A}", '*' => "\u{FF0A}", '?' => "\u{FF1F}", '"' => "\u{FF02}",
		'<' => "\u{FF1C}", '>' => "\u{FF1E}", '|' => "\u{FF5C}", '\\' => "\u{FF3C}",
	];
	public const FAT32_MAX = 4 * 1024 ** 3 - 1;
	public const LOOK_ALIKE = 'lookalike';
	public const PERCENT = 'percent';

	public readonly bool $encodes;

	/**
	 * @param self::LOOK_ALIKE|self::PERCENT|null $encoding how refused characters are written (null: they are not refused)
	 */
	public function __construct(
		public readonly string $filesystem,
		public readonly ?string $encoding,
		public readonly ?int $maxFileSize,
		public readonly bool $caseInsensitive = false,
	) {
		$this->encodes = $encoding !== null;
	}

	public static function plain(): self {
		return new self('unknown', null, null);
	}

	/**
	 * Looks at the drive mounted at $root: its filesystem type (from /proc/mounts) and whether it takes
	 * a name with a colon and a question mark, and whether it tells names apart by case (files are
	 * created and removed to find out: the type alone does not say, a folder of ext4 can be casefolded).
	 */
	public static function probe(string $root): self {
		$type = self::filesystemOf($root);
		$encoding = null;
		if (!self::takes($root, ':?')) {
			$encoding = self::takes($root, "\u{FF1A}\u{FF1F}") ? self::LOOK_ALIKE : self::PERCENT;
		}
		$fat32 = in_array($type, ['vfat', 'msdos', 'fat', 'fuse.fusefat', 'fusefat'], true);
		return new self($type, $encoding, $fat32 ? self::FAT32_MAX : null, self::ignoresCase($root));
	}

	/**
	 * Is a file created as "…-case" found as "…-CASE"? (Created exclusively and removed at once.)
	 */
	private static function ignoresCase(string $root): bool {
		$probe = $root . '/.mirror-probe-' . bin2hex(random_bytes(4)) . '-case';
		$handle = @fopen($probe, 'xb');
		if ($handle === false) {
			return false;
		}
		fclose($handle);
		clearstatcache();
		$found = @lstat(substr($probe, 0, -4) . 'CASE') !== false;
		@unlink($probe);
		return $found;
	}

	/**
	 * The name the $n-th of several names that are one name to a drive ignoring case gets ($n >= 2):
	 * "A.jpg" -> "A (case 2).jpg", a folder "Photos" -> "Photos (case 2)". Visible, and kept: the
	 * on-drive name is recorded with the copy. Another name that happens to read the same is told
	 * apart by the records (see NamePlacer).
	 */
	public static function withSuffix(string $name, int $n, bool $folder): string {
		return $folder ? $name . ' (case ' . $n . ')' : FileName::tagged($name, 'case ' . $n);
	}

	/**
	 * Whether $placed is a name a drive gives $name: encoded in any of the ways a drive does (it may
	 * have been written by another driver: fusefat's "%3A" where the kernel's vfat writes a
	 * look-alike), perhaps with a case twin's suffix. What a manifest says about where a copy stands
	 * is believed only so far: never another file's name.
	 */
	public static function isPlaceFor(string $name, string $placed, bool $folder): bool {
		preg_match_all('/ \(case ([2-9]|[1-9]\d+)\)/', $placed, $suffixes);
		foreach ([null, self::PERCENT, self::LOOK_ALIKE] as $encoding) {
			$encoded = (new self('', $encoding, null))->encode($name);
			if ($placed === $encoded) {
				return true;
			}
			foreach ($suffixes[1] as $n) {
				if (self::withSuffix($encoded, (int)$n, $folder) === $placed) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether two names on this drive are one entry (the same name, or, ignoring case, the same letters).
	 */
	public function same(string $a, string $b): bool {
		return $a === $b || ($this->caseInsensitive && mb_strtolower($a, 'UTF-8') === mb_strtolower($b, 'UTF-8'));
	}

	/**
	 * Does the drive take a file whose name ends in $tail? (Created exclusively and removed at once.)
	 */
	private static function takes(string $root, string $tail): bool {
		$probe = $root . '/.mirror-probe-' . bin2hex(random_bytes(4)) . $tail;
		$handle = @fopen($probe, 'xb');
		if ($handle === false) {
			return false;
		}
		fclose($handle);
		@unlink($probe);
		return true;
	}

	/**
	 * One name on the drive for one name in Nextcloud.
	 */
	public function encode(string $name): string {
		if ($this->encoding === null) {
			return $name;
		}
		if ($this->encoding === self::PERCENT) {
			$name = (string)preg_replace_callback('/[%:*?"<>|\\\\\x01-\x1F]|[. ]$/', static fn (array $m): string => sprintf('%%%02X', ord($m[0])), $name);
			return $name;
		}
		$name = strtr($name, self::LOOK_ALIKES);
		$name = (string)preg_replace_callback('/[\x01-\x1F]/', static fn (array $m): string => mb_chr(0x2400 + ord($m[0])), $name);
		if (str_ends_with($name, '.')) {
			$name = substr($name, 0, -1) . "\u{FF0E}";
		} elseif (str_ends_with($name, ' ')) {
			$name = substr($name, 0, -1) . "\u{2420}";
		}
		return $name;
	}

	/**
	 * The filesystem type of the mount holding $path, from /proc/mounts (the longest mount point that contains it).
	 */
	private static function filesystemOf(string $path): string {
		$real = realpath($path) ?: $path;
		$best = '';
		$type = 'unknown';
		foreach (@file('/proc/mounts', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
			$fields = explode(' ', $line);
			if (count($fields) < 3) {
				continue;
			}
			$mountPoint = str_replace('\040', ' ', $fields[1]);
			if (($real === $mountPoint || str_starts_with($real, rtrim($mountPoint, '/') . '/')) && strlen($mountPoint) >= strlen($best)) {
				$best = $mountPoint;
				$type = $fields[2];
			}
		}
		return $type;
	}

	/**
	 * @return array{type: string, encodesNames: bool, encoding: string|null, maxFileSize: int|null, caseInsensitive: bool}
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return ['type' => $this->filesystem, 'encodesNames' => $this->encodes, 'encoding' => $this->encoding, 'maxFileSize' => $this->maxFileSize, 'caseInsensitive' => $this->caseInsensitive];
	}
}
