<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

/**
 * The command line that starts another `occ` like this one: the same PHP binary, the settings it was
 * given with -d that matter to a worker (memory, the CLI's opcache), the same occ script.
 */
class OccCommand {
	/** settings carried over to the other occ, as this process has them */
	private const SETTINGS = ['memory_limit', 'opcache.enable_cli', 'opcache.file_cache', 'opcache.file_cache_only', 'opcache.blacklist_filename'];

	/**
	 * @param list<string> $args after the occ script, such as ['mirror:process', '--second']
	 * @return list<string>|null null when this process is not `php occ`
	 */
	public function line(array $args): ?array {
		$argv = $_SERVER['argv'] ?? null;
		// as this process was started: the other one starts in the same working folder
		$script = is_array($argv) && is_string($argv[0] ?? null) ? $argv[0] : '';
		if (PHP_SAPI !== 'cli' || basename($script) !== 'occ' || PHP_BINARY === '') {
			return null;
		}
		$line = [PHP_BINARY];
		foreach (self::SETTINGS as $setting) {
			$value = ini_get($setting);
			if (is_string($value) && $value !== '') {
				array_push($line, '-d', $setting . '=' . $value);
			}
		}
		return [...$line, $script, ...$args];
	}
}
