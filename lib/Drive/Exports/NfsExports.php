<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Exports;

/**
 * Reads an NFS exports table (exports(5), Linux nfs-utils): one export a line,
 * `path [-defaults] client(options) client2(options)…`, a `\` at the end of a line continues it,
 * `#` starts a comment, a path with spaces is quoted or written with `\040`. A client without
 * options gets the defaults; `(options)` with no client before it (`/mnt/backup (rw)`, a space too
 * many) is for everyone. Read-only is the default; `rw` makes a client a writer (the last of `rw` and
 * `ro` wins).
 */
final class NfsExports {
	/**
	 * @return list<Export>
	 */
	public static function parse(string $content, string $file): array {
		$exports = [];
		foreach (self::lines($content) as $line) {
			$tokens = self::tokens($line);
			if ($tokens === []) {
				continue;
			}
			$path = self::unescape(array_shift($tokens));
			if (!str_starts_with($path, '/')) {
				continue; // not a path: nfs-utils ignores such a line too (with a warning)
			}
			$defaults = [];
			if (isset($tokens[0]) && str_starts_with($tokens[0], '-')) {
				$defaults = self::options(substr(array_shift($tokens), 1));
			}
			$clientsWritten = $tokens;
			if ($defaults !== []) {
				array_unshift($clientsWritten, '-' . implode(',', $defaults));
			}
			$clients = $tokens === [] ? ['*'] : $tokens; // a path alone is exported to everyone, with the defaults
			$writable = false;
			foreach ($clients as $client) {
				$open = strpos($client, '(');
				$options = $open === false ? [] : self::options(substr($client, $open + 1, (int)strrpos($client, ')') - $open - 1));
				$writable = $writable || self::writable([...$defaults, ...$options]);
			}
			$entry = implode(' ', [self::quoted($path), ...$clientsWritten]);
			$exports[] = new Export(Export::NFS, $path, $writable, $file, $entry, self::readOnly($entry));
		}
		return $exports;
	}

	/**
	 * The lines, continuations joined, comments and blank lines gone.
	 *
	 * @return list<string>
	 */
	private static function lines(string $content): array {
		$content = preg_replace('/\\\\\r?\n/', ' ', $content) ?? $content;
		$lines = [];
		foreach (preg_split('/\r?\n/', $content) ?: [] as $line) {
			$line = trim(self::withoutComment($line));
			if ($line !== '') {
				$lines[] = $line;
			}
		}
		return $lines;
	}

	private static function withoutComment(string $line): string {
		$quoted = false;
		for ($i = 0, $n = strlen($line); $i < $n; $i++) {
			if ($line[$i] === '"') {
				$quoted = !$quoted;
			} elseif ($line[$i] === '#' && !$quoted) {
				return substr($line, 0, $i);
			}
		}
		return $line;
	}

	/**
	 * Words split on blanks outside quotes; `host (rw)` keeps `(rw)` as a client of its own (everyone).
	 *
	 * @return list<string>
	 */
	private static function tokens(string $line): array {
		preg_match_all('/(?:"[^"]*"|[^\s"])+/', $line, $m);
		return $m[0];
	}

	private static function quoted(string $path): string {
		return preg_match('/[\s"#]/', $path) === 1 ? '"' . str_replace('"', '', $path) . '"' : $path;
	}

	private static function unescape(string $path): string {
		$path = str_replace('"', '', $path);
		return preg_replace_callback('/\\\\([0-7]{3})/', static fn (array $m): string => chr((int)octdec($m[1])), $path) ?? $path;
	}

	/**
	 * @return list<string>
	 */
	private static function options(string $list): array {
		return array_values(array_filter(array_map('trim', explode(',', strtolower($list))), static fn (string $o): bool => $o !== ''));
	}

	/**
	 * @param list<string> $options in the order they apply
	 */
	private static function writable(array $options): bool {
		$writable = false;
		foreach ($options as $option) {
			if ($option === 'rw') {
				$writable = true;
			} elseif ($option === 'ro') {
				$writable = false;
			}
		}
		return $writable;
	}

	/**
	 * The line with each `rw` made `ro` (and `(ro)` given to a client with the defaults).
	 */
	private static function readOnly(string $line): string {
		return preg_replace('/(?<=[(,\-])rw(?=[,)\s]|$)/i', 'ro', $line) ?? $line;
	}
}
