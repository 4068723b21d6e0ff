<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/** Concurrent workers on PostgreSQL, where they really run side by side. */
final class ConcurrencyPostgresTest extends ConcurrentWorkersTestCase {
	protected static function database(): string {
		return 'pgsql';
	}
}
