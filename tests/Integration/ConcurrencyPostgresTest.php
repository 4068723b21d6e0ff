<?php

declare(strict_types=1);

namespace OCA\Mirror\Tests\Integration;

/** Concurrent workers on PostgreSQL, where they really run side by side. */
final class ConcurrencyPostgresTest extends ConcurrentWorkersTestCase {
	protected static function database(): string {
		return 'pgsql';
	}
}
