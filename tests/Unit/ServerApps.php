<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit;

/**
 * Loads classes of the server's own apps (read-only, from NEXTCLOUD_ROOT) for the few places the
 * Files integration builds on them: the DAV app's file nodes and events, the Files app's events;
 * and OC\Hooks\Emitter, a private interface that OCP\Files\IRootFolder extends.
 */
final class ServerApps {
	private static bool $registered = false;

	public static function register(): void {
		if (self::$registered) {
			return;
		}
		self::$registered = true;
		$root = rtrim((string)getenv('NEXTCLOUD_ROOT'), '/');
		$apps = ['OCA\\DAV\\' => '/apps/dav/lib/', 'OCA\\Files\\' => '/apps/files/lib/', 'OC\\Hooks\\' => '/lib/private/Hooks/'];
		spl_autoload_register(static function (string $class) use ($root, $apps): void {
			foreach ($apps as $prefix => $dir) {
				if (str_starts_with($class, $prefix)) {
					$file = $root . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
					if (is_file($file)) {
						require_once $file;
					}
				}
			}
		});
	}
}
