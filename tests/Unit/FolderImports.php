<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit;

/**
 * Which lib/ folder uses which: every `OCA\Mirror\X\…` name in a file (a `use` line, a fully qualified
 * name in code or a docblock) counts as an import of folder X by the file's folder. A file directly in
 * lib/ (ResponseDefinitions.php) is its own "folder", named after the file. Used by ArchitectureTest
 * and by tools/imports.php.
 */
final class FolderImports {
	public static function lib(): string {
		return dirname(__DIR__, 2) . '/lib';
	}

	/**
	 * @return array<string, string> path relative to lib/ => source
	 */
	public static function sources(): array {
		$lib = self::lib();
		$sources = [];
		$files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($lib, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			if ($file instanceof \SplFileInfo && $file->getExtension() === 'php') {
				$sources[substr($file->getPathname(), strlen($lib) + 1)] = (string)file_get_contents($file->getPathname());
			}
		}
		ksort($sources);
		return $sources;
	}

	/** The folder a path relative to lib/ belongs to: its first segment, or the file's name. */
	public static function folderOf(string $path): string {
		$slash = strpos($path, '/');
		return $slash === false ? basename($path, '.php') : substr($path, 0, $slash);
	}

	/**
	 * @return array<string, array<string, list<string>>> folder => imported folder => files (relative to lib/) that import it
	 */
	public static function edges(): array {
		$edges = [];
		foreach (self::sources() as $path => $code) {
			$from = self::folderOf($path);
			preg_match_all('/OCA\\\\{1,2}Mirror\\\\{1,2}(\w+)/', $code, $matches);
			foreach (array_unique($matches[1]) as $to) {
				if ($to === $from || $to === 'Tests') {
					continue;
				}
				$edges[$from][$to][] = $path;
			}
		}
		ksort($edges);
		foreach ($edges as &$targets) {
			ksort($targets);
		}
		return $edges;
	}

	/**
	 * Pairs of folders that import each other, as "A <-> B" (A before B).
	 *
	 * @param array<string, array<string, list<string>>>|null $edges as edges() answers; null: lib/'s
	 * @return list<string>
	 */
	public static function twoWay(?array $edges = null): array {
		$edges ??= self::edges();
		$pairs = [];
		foreach ($edges as $from => $targets) {
			foreach (array_keys($targets) as $to) {
				if ($from < $to && isset($edges[$to][$from])) {
					$pairs[] = $from . ' <-> ' . $to;
				}
			}
		}
		return $pairs;
	}

	/**
	 * Groups of folders that reach each other through imports (strongly connected, more than one
	 * folder), leaving out the folders named in $skip. A two-way pair is the smallest such group.
	 *
	 * @param list<string> $skip
	 * @param array<string, array<string, list<string>>>|null $edges as edges() answers; null: lib/'s
	 * @return list<list<string>>
	 */
	public static function cycles(array $skip = [], ?array $edges = null): array {
		$edges ??= self::edges();
		$reach = [];
		foreach (array_keys($edges) as $from) {
			if (in_array($from, $skip, true)) {
				continue;
			}
			$seen = [];
			$todo = [$from];
			while ($todo !== []) {
				$at = array_pop($todo);
				foreach (array_keys($edges[$at] ?? []) as $to) {
					if (!isset($seen[$to]) && !in_array($to, $skip, true)) {
						$seen[$to] = true;
						$todo[] = $to;
					}
				}
			}
			$reach[$from] = $seen;
		}
		$groups = [];
		$placed = [];
		foreach ($reach as $from => $seen) {
			if (isset($placed[$from]) || !isset($seen[$from])) {
				continue;
			}
			$group = [];
			foreach (array_keys($seen) as $to) {
				if (isset($reach[$to][$from])) {
					$group[] = $to;
					$placed[$to] = true;
				}
			}
			sort($group);
			$groups[] = $group;
		}
		return $groups;
	}

	/**
	 * @return array<string, array{files: int, lines: int}> folder => files and lines
	 */
	public static function table(): array {
		$table = [];
		foreach (self::sources() as $path => $code) {
			$folder = self::folderOf($path);
			$table[$folder] ??= ['files' => 0, 'lines' => 0];
			$table[$folder]['files']++;
			$table[$folder]['lines'] += substr_count($code, "\n");
		}
		ksort($table);
		return $table;
	}
}
