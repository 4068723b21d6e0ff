<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Composer's autoloader, with this checkout's own classes (lib/, tests/) looked up before it. vendor/
 * may be shared with another checkout of the app (a git worktree links it), and then Composer's class
 * map points at that checkout's files: the unit tests, the integration harness (whose Instance links
 * the checkout it was loaded from into the server) and the benchmark would run the other code.
 */

require_once __DIR__ . '/../vendor/autoload.php';

spl_autoload_register(static function (string $class): void {
	// the longer prefix first: OCA\Mirror\Tests\ is inside OCA\Mirror\
	foreach (['OCA\\Mirror\\Tests\\' => __DIR__ . '/', 'OCA\\Mirror\\' => dirname(__DIR__) . '/lib/'] as $prefix => $dir) {
		if (str_starts_with($class, $prefix)) {
			$file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
			if (is_file($file)) {
				require_once $file;
			}
			return;
		}
	}
}, true, true);
