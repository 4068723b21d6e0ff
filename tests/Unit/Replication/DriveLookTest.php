<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Replication\DriveLook;
use PHPUnit\Framework\TestCase;

class DriveLookTest extends TestCase {
	public function testRowsBecomeTheDrivesQuestionTypedAndByFileId(): void {
		// as MariaDB gives them (numbers as text) and as SQLite does (numbers as numbers)
		$look = DriveLook::of([
			['7', 'Photos/a.jpg', '1024', '1500000000', null],
			[9, 'Photos/b.jpg', 0, 1400000000, 'Photos/b~1.jpg'],
		]);

		self::assertSame([7 => 'Photos/a.jpg', 9 => 'Photos/b.jpg'], $look->paths);
		self::assertSame([7 => [1024, 1500000000], 9 => [0, 1400000000]], $look->recorded);
		self::assertSame([9 => 'Photos/b~1.jpg'], $look->drivePaths, 'only where an on-drive path is recorded');
		self::assertSame([], DriveLook::of([])->paths);
	}
}
