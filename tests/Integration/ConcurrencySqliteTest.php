<?php

declare(strict_types=1);

namespace OCA\Mirror\Tests\Integration;

/** Concurrent workers on SQLite (the default of small installs): they contend for the database lock. */
final class ConcurrencySqliteTest extends ConcurrentWorkersTestCase {
}
