<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Service\MirrorFilesystem;
use PHPUnit\Framework\TestCase;

class MirrorFilesystemTest extends TestCase {
	private string $root;
	private MirrorFilesystem $fs;

	protected function setUp(): void {
		$this->root = sys_get_temp_dir() . '/mirror-fs-' . bin2hex(random_bytes(4));
		mkdir($this->root);
		$this->fs = new MirrorFilesystem();
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/**
	 * @return resource
	 */
	private function stream(string $content) {
		$s = fopen('php://memory', 'w+b');
		fwrite($s, $content);
		rewind($s);
		return $s;
	}

	public function testCopyWritesContentMtimeModeAndChecksum(): void {
		$dest = $this->root . '/a.jpg';
		$result = $this->fs->copyAtomically($this->stream('photo'), $dest, 1500000000, 5, $this->root . '/.trash/a.jpg', static function (): void {
		});
		clearstatcache();
		$this->assertSame('photo', file_get_contents($dest));
		$this->assertSame(1500000000, filemtime($dest));
		$this->assertSame(0644, fileperms($dest) & 0777);
		$this->assertSame(hash('sha256', 'photo'), $result['checksum']);
		$this->assertSame(5, $result['size']);
		$this->assertSame([], glob($this->root . '/.mirror-*.part'));
	}

	public function testOverwriteKeepsPreviousContentInTrash(): void {
		$dest = $this->root . '/a.jpg';
		file_put_contents($dest, 'good');
		$this->fs->copyAtomically($this->stream('encrypted!'), $dest, 1, 10, $this->root . '/.trash/a.jpg', static function (): void {
		});
		$this->assertSame('encrypted!', file_get_contents($dest));
		$this->assertSame('good', file_get_contents($this->root . '/.trash/a.jpg'));
	}

	public function testSameContentIsNotTrashedTwice(): void {
		$dest = $this->root . '/a.jpg';
		file_put_contents($dest, 'same');
		$this->fs->copyAtomically($this->stream('same'), $dest, 1, 4, $this->root . '/.trash/a.jpg', static function (): void {
		});
		$this->assertFileDoesNotExist($this->root . '/.trash/a.jpg');
	}

	public function testShortReadIsRefusedAndLeavesOldFile(): void {
		$dest = $this->root . '/a.jpg';
		file_put_contents($dest, 'old');
		try {
			$this->fs->copyAtomically($this->stream('abc'), $dest, 1, 10, $this->root . '/.trash/a.jpg', static function (): void {
			});
			$this->fail('expected an exception');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::CHANGED, $e->errorCode);
		}
		$this->assertSame('old', file_get_contents($dest));
		$this->assertSame([], glob($this->root . '/.mirror-*.part'));
	}

	public function testTrashNamesDoNotCollide(): void {
		file_put_contents($this->root . '/x.txt', '1');
		$first = $this->fs->moveToTrash($this->root . '/x.txt', $this->root . '/t/x.txt');
		file_put_contents($this->root . '/x.txt', '2');
		$second = $this->fs->moveToTrash($this->root . '/x.txt', $this->root . '/t/x.txt');
		$this->assertSame($this->root . '/t/x.txt', $first);
		$this->assertSame($this->root . '/t/x (2).txt', $second);
		$this->assertSame('2', file_get_contents($second));
	}

	public function testJoinRefusesParentSegments(): void {
		$this->expectException(ReplicationException::class);
		$this->fs->join($this->root, 'alice', '../../etc/passwd');
	}

	public function testEnsureDirectoryMovesAFileInTheWayToTrash(): void {
		file_put_contents($this->root . '/Photos', 'a file named like the folder');
		$this->fs->ensureDirectory($this->root, $this->root . '/Photos/2026', $this->root . '/.trash');
		$this->assertDirectoryExists($this->root . '/Photos/2026');
		$this->assertSame('a file named like the folder', file_get_contents($this->root . '/.trash/Photos'));
	}

	public function testErrorsAreExplainedEvenWhenAnotherErrorHandlerSwallowsWarnings(): void {
		// Nextcloud's own error handler takes PHP's warnings: the reason must still reach the admin
		set_error_handler(static fn (): bool => true);
		try {
			$this->fs->copyAtomically($this->stream('x'), $this->root . '/missing/a.jpg', 1, 1, $this->root . '/.trash/a.jpg', static function (): void {
			});
			$this->fail('expected an exception');
		} catch (ReplicationException $e) {
			$this->assertStringContainsString('No such file or directory', $e->getMessage());
		} finally {
			restore_error_handler();
		}
	}

	public function testNamesTheDriveRefusesAreReportedAsNameErrors(): void {
		$method = new \ReflectionMethod(MirrorFilesystem::class, 'errorFor');
		$e = $method->invoke($this->fs, 'move the copy into place at /mnt/usb/alice/what?.txt', null, 'rename(/a,/b): Operation not permitted');
		$this->assertSame(ReplicationException::NAME, $e->errorCode);
		$this->assertStringContainsString('refuses this name', $e->getMessage());
		$e = $method->invoke($this->fs, 'move the copy into place at /mnt/usb/alice/fine.txt', null, 'Operation not permitted');
		$this->assertSame(ReplicationException::PERMISSION, $e->errorCode);
	}
}
