<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Exports;

/**
 * Reads Samba's `smb.conf` (smb.conf(5)): `[share]` sections with `path = …`. A share is writable when
 * `read only = no` (or its inverse synonyms `writable`, `writeable`, `write ok` = yes), or when a
 * `write list` names anyone; `read only = yes` is Samba's default, and `[global]` sets the default of
 * every share. Parameter names are compared as Samba does, ignoring case and blanks; `#` and `;`
 * start a comment line, a `\` at the end of a line continues it. Printers, shares without a path,
 * paths with `%` substitutions and shares that are not `available` are not folders anyone writes to
 * here.
 */
final class SambaShares {
	/** Parameters that say whether a share is writable, and whether their "yes" means writable. */
	private const WRITABLE = ['readonly' => false, 'writable' => true, 'writeable' => true, 'writeok' => true];

	/**
	 * @return list<Export>
	 */
	public static function parse(string $content, string $file): array {
		$global = [];
		/** @var array<string, array<string, string>> $shares */
		$shares = [];
		$section = null;
		/** @var array<string, string> $names as first written */
		$names = [];
		$content = preg_replace('/\\\\\r?\n/', ' ', $content) ?? $content;
		foreach (preg_split('/\r?\n/', $content) ?: [] as $line) {
			$line = trim($line);
			if ($line === '' || $line[0] === '#' || $line[0] === ';') {
				continue;
			}
			if (preg_match('/^\[([^\]]*)\]/', $line, $m) === 1) {
				$section = strtolower(trim($m[1])); // share names ignore case: [Backup] continues [backup]
				if ($section !== 'global') {
					$shares[$section] ??= [];
					$names[$section] ??= trim($m[1]);
				}
				continue;
			}
			$eq = strpos($line, '=');
			if ($eq === false || $section === null) {
				continue;
			}
			$name = strtolower((string)preg_replace('/[\s_]+/', '', substr($line, 0, $eq)));
			$value = trim(substr($line, $eq + 1));
			if ($section === 'global') {
				$global[$name] = $value;
			} else {
				$shares[$section][$name] = $value;
			}
		}
		$exports = [];
		foreach ($shares as $name => $params) {
			$all = $params + $global;
			$path = $params['path'] ?? $params['directory'] ?? null;
			if ($path === null || $path === '' || str_contains($path, '%') || self::yes($all['printable'] ?? $all['printok'] ?? 'no')
				|| !self::yes($all['available'] ?? 'yes')) {
				continue;
			}
			$shown = $names[$name] ?? $name;
			$writeList = trim($all['writelist'] ?? '') !== '';
			$exports[] = new Export(Export::SAMBA, $path, self::writable($params, $global), $file, sprintf('[%s] path = %s', $shown, $path),
				sprintf($writeList ? '[%s] read only = yes, and no write list' : '[%s] read only = yes', $shown));
		}
		return $exports;
	}

	/**
	 * The share's own setting first, then [global]'s; the last such line of a section wins.
	 *
	 * @param array<string, string> $share
	 * @param array<string, string> $global
	 */
	private static function writable(array $share, array $global): bool {
		if (trim($share['writelist'] ?? $global['writelist'] ?? '') !== '') {
			return true; // those it names write, whatever "read only" says
		}
		foreach ([$share, $global] as $params) {
			$found = null;
			foreach ($params as $name => $value) { // in the order written: the last one wins
				if (isset(self::WRITABLE[$name])) {
					$found = self::yes($value) === self::WRITABLE[$name];
				}
			}
			if ($found !== null) {
				return $found;
			}
		}
		return false; // read only = yes, Samba's default
	}

	private static function yes(string $value): bool {
		return in_array(strtolower(trim($value)), ['yes', 'true', '1', 'on'], true);
	}
}
