<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/** Concurrent workers on SQLite (the default of small installs): they contend for the database lock. */
final class ConcurrencySqliteTest extends ConcurrentWorkersTestCase {
	protected static function database(): string {
		return 'sqlite';
	}
}
