<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 *
 * Composer's autoloader, with this checkout's own classes looked up first. Composer resolves its own
 * path, so in a git worktree whose vendor/ is a symbolic link to another checkout's, it maps OCA\Mirror\
 * to that other checkout: the tests, the harness (and the app it installs) and the benchmarks would
 * run that checkout's code instead of this one's.
 */

require_once __DIR__ . '/../vendor/autoload.php';

spl_autoload_register(static function (string $class): void {
	foreach (['OCA\\Mirror\\Tests\\' => __DIR__ . '/', 'OCA\\Mirror\\' => dirname(__DIR__) . '/lib/'] as $prefix => $dir) {
		if (str_starts_with($class, $prefix)) {
			$file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
			if (is_file($file)) {
				require $file;
			}
			return;
		}
	}
}, true, true);
