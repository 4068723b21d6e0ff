<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

use OCA\Mirror\Exception\InvalidExclusionException;

/**
 * One name pattern the admin leaves out: `*.tmp` (a file or folder of that name, anywhere), or with a
 * trailing slash `.thumbnails/` (a folder of that name, anywhere, and everything below it). `*` stands
 * for any run of characters and `?` for one, within a name; nothing else is special. A pattern never
 * holds a slash elsewhere: it names, it doesn't locate (`.nomirror` files do that).
 */
final class Pattern {
	private const MAX_LENGTH = 200;

	/** The glob as a regular expression, compiled once: a reconcile matches every file's path. */
	private readonly string $regex;

	private function __construct(
		public readonly string $text,
		private readonly string $glob,
		private readonly bool $folderOnly,
	) {
		$this->regex = '/^' . $this->body() . '$/su';
	}

	/**
	 * A regular expression (without delimiters and anchors) of the names this pattern matches; `*` and `?`
	 * never match a slash, so it can be searched for between the slashes of a whole path.
	 */
	public function body(): string {
		$regex = '';
		foreach (preg_split('/([*?])/', $this->glob, -1, PREG_SPLIT_DELIM_CAPTURE | PREG_SPLIT_NO_EMPTY) ?: [] as $part) {
			$regex .= match ($part) {
				'*' => '[^\/]*',
				'?' => '[^\/]',
				default => preg_quote($part, '/'),
			};
		}
		return $regex;
	}

	/**
	 * Whether only folders of this name are left out (the pattern ends in a slash).
	 */
	public function foldersOnly(): bool {
		return $this->folderOnly;
	}

	/**
	 * @throws InvalidExclusionException
	 */
	public static function parse(string $text): self {
		$glob = $text;
		$folderOnly = str_ends_with($text, '/');
		if ($folderOnly) {
			$glob = substr($text, 0, -1);
		}
		if (trim($glob) === '') {
			throw new InvalidExclusionException('pattern_empty', $text);
		}
		if (strlen($text) > self::MAX_LENGTH) {
			throw new InvalidExclusionException('pattern_too_long', $text);
		}
		if (str_contains($glob, '/') || str_contains($glob, '\\')) {
			throw new InvalidExclusionException('pattern_slash', $text);
		}
		if ($glob === '.' || $glob === '..' || preg_match('/[\x00-\x1f\x7f]/', $glob) === 1 || !mb_check_encoding($glob, 'UTF-8')) {
			throw new InvalidExclusionException('pattern_invalid', $text);
		}
		if (trim($glob, '*') === '') {
			throw new InvalidExclusionException('pattern_everything', $text);
		}
		return new self($text, $glob, $folderOnly);
	}

	/**
	 * Whether this pattern leaves out the file at this path (relative to the user's files).
	 */
	public function matchesPath(string $path): bool {
		$names = explode('/', $path);
		$file = array_pop($names);
		foreach ($names as $folder) {
			if ($this->matchesName($folder)) {
				return true;
			}
		}
		return !$this->folderOnly && $this->matchesName($file);
	}

	public function matchesName(string $name): bool {
		return preg_match($this->regex, $name) === 1;
	}

	/**
	 * SQL LIKE patterns (for a path column relative to the user's files, after $prefix) that every path
	 * this pattern leaves out matches: a superset (`*` may cross a slash in LIKE), narrowed exactly by
	 * matchesPath() afterwards. The caller escapes nothing: the literal parts come escaped with $escape.
	 *
	 * @param callable(string): string $escape IDBConnection::escapeLikeParameter
	 * @return list<string>
	 */
	public function likes(callable $escape, string $prefix = ''): array {
		$like = implode('', array_map(static fn (string $part): string => match ($part) {
			'*' => '%',
			'?' => '_',
			default => $escape($part),
		}, preg_split('/([*?])/', $this->glob, -1, PREG_SPLIT_DELIM_CAPTURE | PREG_SPLIT_NO_EMPTY) ?: []));
		$prefix = $escape($prefix);
		$likes = [$prefix . $like . '/%', $prefix . '%/' . $like . '/%'];
		if (!$this->folderOnly) {
			$likes[] = $prefix . $like;
			$likes[] = $prefix . '%/' . $like;
		}
		return $likes;
	}
}
