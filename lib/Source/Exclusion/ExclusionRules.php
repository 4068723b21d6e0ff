<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

/**
 * What the admin leaves out of the mirror: name patterns, users, groups and a maximum file size.
 * (Folders with a `.nomirror` file are left out by their users, see NoMirrorFolders.)
 */
final class ExclusionRules {
	/** Partial uploads, temporary files, thumbnail caches and the desktop's own litter. */
	public const DEFAULT_PATTERNS = ['*.part', '*.tmp', '.thumbnails/', '.DS_Store', 'Thumbs.db'];

	/** @var list<Pattern> */
	public readonly array $patterns;
	/** All patterns in one expression over a whole path (null: none): one match per file, not one per pattern and name. */
	private readonly ?string $any;

	/**
	 * @param list<Pattern> $patterns
	 * @param list<string> $users
	 * @param list<string> $groups
	 * @param int|null $maxSize bytes; larger files are left out (null: no limit)
	 */
	public function __construct(
		array $patterns,
		public readonly array $users,
		public readonly array $groups,
		public readonly ?int $maxSize,
	) {
		$this->patterns = $patterns;
		$names = [];
		$folders = [];
		foreach ($patterns as $pattern) {
			if ($pattern->foldersOnly()) {
				$folders[] = $pattern->body();
			} else {
				$names[] = $pattern->body();
			}
		}
		$any = [];
		if ($names !== []) {
			$any[] = '(?:^|\/)(?:' . implode('|', $names) . ')(?:\/|$)'; // a file or a folder of that name
		}
		if ($folders !== []) {
			$any[] = '(?:^|\/)(?:' . implode('|', $folders) . ')\/'; // a folder of that name
		}
		$this->any = $any === [] ? null : '/' . implode('|', $any) . '/su';
	}

	/**
	 * The first pattern that leaves out the file at this path, or null.
	 */
	public function patternFor(string $path): ?Pattern {
		if ($this->any === null || preg_match($this->any, $path) !== 1) {
			return null;
		}
		foreach ($this->patterns as $pattern) {
			if ($pattern->matchesPath($path)) {
				return $pattern;
			}
		}
		return null;
	}

	/**
	 * patternFor() for many paths: those a pattern leaves out, by key, each with its first pattern. One
	 * preg_grep() over all of them, and patternFor() for what it finds.
	 *
	 * @param array<array-key, string> $paths
	 * @return array<array-key, Pattern>
	 */
	public function patternsAmong(array $paths): array {
		if ($this->any === null) {
			return [];
		}
		$out = [];
		foreach (preg_grep($this->any, $paths) ?: [] as $key => $path) {
			$pattern = $this->patternFor($path);
			if ($pattern !== null) {
				$out[$key] = $pattern;
			}
		}
		return $out;
	}

	/**
	 * The first pattern that leaves out this folder (its name or a folder above it), or null.
	 */
	public function patternForFolder(string $path): ?Pattern {
		foreach ($this->patterns as $pattern) {
			foreach (explode('/', $path) as $name) {
				if ($pattern->matchesName($name)) {
					return $pattern;
				}
			}
		}
		return null;
	}

	public function tooLarge(int $size): bool {
		return $this->maxSize !== null && $size > $this->maxSize;
	}

	/**
	 * @return array{patterns: list<string>, users: list<string>, groups: list<string>, maxSize: int|null}
	 */
	public function toArray(): array {
		return [
			'patterns' => array_map(static fn (Pattern $p): string => $p->text, $this->patterns),
			'users' => $this->users,
			'groups' => $this->groups,
			'maxSize' => $this->maxSize,
		];
	}
}
