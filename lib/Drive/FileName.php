<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The one rule for a second name beside a file: a tag before its extension, "photo (2).jpg". A name
 * with no extension, or one that only starts with a dot (".profile"), takes the tag at its end.
 */
final class FileName {
	public static function tagged(string $name, string $tag): string {
		$dot = strrpos($name, '.');
		return ($dot === false || $dot === 0)
			? $name . ' (' . $tag . ')'
			: substr($name, 0, $dot) . ' (' . $tag . ')' . substr($name, $dot);
	}
}
