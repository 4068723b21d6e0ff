<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Concurrent workers on MariaDB (NextcloudPi's database): they run side by side, their claims are conditional
 * UPDATEs under InnoDB's row locks (Nextcloud sets READ COMMITTED on its connections; MariaDB's default is
 * REPEATABLE READ).
 */
final class ConcurrencyMariaDbTest extends ConcurrentWorkersTestCase {
	protected static function database(): string {
		return 'mysql';
	}
}
