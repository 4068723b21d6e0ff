<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/*
 * Unit tests mock Nextcloud's public API (OCP). No package registry reachable here carries it
 * (nextcloud/ocp is not on Packagist's mirror), so the interfaces are loaded, read-only, from the
 * server tree named by NEXTCLOUD_ROOT: lib/public for OCP, 3rdparty for Symfony, Doctrine, Sabre.
 */

require_once __DIR__ . '/autoload.php';

$root = getenv('NEXTCLOUD_ROOT') ?: '';
if ($root === '' || !is_file($root . '/lib/public/IConfig.php')) {
	fwrite(STDERR, "Unit tests need Nextcloud's public API: set NEXTCLOUD_ROOT to a Nextcloud server tree.\n");
	exit(3);
}

spl_autoload_register(static function (string $class) use ($root): void {
	if (str_starts_with($class, 'OCP\\')) {
		$file = $root . '/lib/public/' . str_replace('\\', '/', substr($class, 4)) . '.php';
		if (is_file($file)) {
			require_once $file;
		}
	} elseif (str_starts_with($class, 'NCU\\')) {
		$file = $root . '/lib/unstable/' . str_replace('\\', '/', substr($class, 4)) . '.php';
		if (is_file($file)) {
			require_once $file;
		}
	}
});
// Symfony Console, Doctrine DBAL, Sabre, PSR interfaces as the server ships them
require_once $root . '/3rdparty/autoload.php';
