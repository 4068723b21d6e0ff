<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
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

	public function testAWalkFindsTheSameFoldersUntilOneIsSwapped(): void {
		$base = (string)realpath(sys_get_temp_dir()) . '/mirror-walk-' . bin2hex(random_bytes(4));
		mkdir($base . '/root/alice/Photos', 0755, true);
		mkdir($base . '/outside');
		file_put_contents($base . '/root/alice/file', 'x');
		try {
			$guard = new PathGuard($base . '/root', new IoCall());
			$walked = $guard->walk(['alice', 'Photos']);
			$this->assertCount(2, $walked);
			$this->assertSame($walked, $guard->walk(['alice', 'Photos']), 'nothing changed: the same folders');
			$this->assertSame([], $guard->walk([]));
			$this->assertNull($guard->walk(['alice', 'Missing']));
			$this->assertNull($guard->walk(['alice', 'file']), 'a file is not a folder');
			$this->assertNull($guard->walk(['alice', 'file', 'below']));

			// the folder renamed away and another one made in its place: not the same folder
			rename($base . '/root/alice/Photos', $base . '/root/alice/Aside');
			mkdir($base . '/root/alice/Photos');
			$this->assertNotSame($walked, $guard->walk(['alice', 'Photos']));

			// and a link in its place: refused, never followed
			rmdir($base . '/root/alice/Photos');
			symlink($base . '/root/alice/Aside', $base . '/root/alice/Photos');
			try {
				$guard->walk(['alice', 'Photos']);
				$this->fail('expected UnsafePathException');
			} catch (UnsafePathException $e) {
				$this->assertSame(ReplicationException::UNSAFE, $e->errorCode);
			}
		} finally {
			exec('rm -rf ' . escapeshellarg($base));
		}
	}
}
