<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

class PathGuardTest extends TestCase {
	/**
	 * @return array<string, array{0: string}>
	 */
	public static function unsafePaths(): array {
		return [
			'the parent' => ['..'],
			'up and out' => ['../../etc/passwd'],
			'up in the middle' => ['Photos/../../bob/a.jpg'],
			'up at the end' => ['Photos/..'],
			'a NUL byte' => ["a.jpg\0.txt"],
			'a NUL byte alone' => ["Photos/\0"],
		];
	}

	#[DataProvider('unsafePaths')]
	public function testSegmentsRefuseParentAndNul(string $path): void {
		try {
			PathGuard::segments($path);
			$this->fail('expected ReplicationException for ' . json_encode($path));
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::NAME, $e->errorCode);
		}
	}

	public function testSegmentsSkipEmptyAndCurrentFolder(): void {
		$this->assertSame(['Photos', '2026', 'a.jpg'], PathGuard::segments('/Photos//./2026/a.jpg/'));
		$this->assertSame(['..a', 'b..', '...'], PathGuard::segments('..a/b../...'));
		$this->assertSame([], PathGuard::segments(''));
	}
}
