<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

/**
 * Does a file's content still look like its type? A photo overwritten by encryption malware keeps its
 * name but loses its signature: cheap to check (the first bytes) and precise for a photo library.
 */
final class Signature {
	/** How many bytes of the start of a file the check needs. */
	public const HEAD = 16;

	/**
	 * @return bool|null true: the content fits the name's type; false: it does not; null: a type not checked
	 */
	public static function matches(string $name, string $head): ?bool {
		$ext = strtolower(pathinfo($name, PATHINFO_EXTENSION));
		return match ($ext) {
			'jpg', 'jpeg' => str_starts_with($head, "\xFF\xD8\xFF"),
			'png' => str_starts_with($head, "\x89PNG\r\n\x1A\n"),
			'pdf' => str_starts_with($head, '%PDF-'),
			'gif' => str_starts_with($head, 'GIF87a') || str_starts_with($head, 'GIF89a'),
			// ISO base media files (HEIC, MP4, MOV): a box size, then "ftyp"
			'heic', 'heif', 'mp4', 'm4v', 'mov', '3gp' => substr($head, 4, 4) === 'ftyp',
			default => null,
		};
	}
}
