<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\ManifestLock;
use OCA\Mirror\Exception\ReplicationException;
use OCP\IConfig;
use PHPUnit\Framework\TestCase;

/**
 * One writer of a drive's manifests at a time, and a writer that dies never holds the next ones up.
 */
class ManifestLockTest extends TestCase {
	private string $dataDir;
	private ManifestLock $lock;

	protected function setUp(): void {
		$this->dataDir = sys_get_temp_dir() . '/mirror-lock-test-' . bin2hex(random_bytes(4));
		mkdir($this->dataDir);
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturnCallback(fn (string $key, string $default = ''): string => $key === 'datadirectory' ? $this->dataDir : $default);
		$this->lock = new ManifestLock($config);
	}

	protected function tearDown(): void {
		foreach (glob($this->dataDir . '/mirror-locks/*') ?: [] as $file) {
			unlink($file);
		}
		@rmdir($this->dataDir . '/mirror-locks');
		rmdir($this->dataDir);
	}

	public function testASecondWriterOfTheSameTargetWaitsThenGivesUp(): void {
		$inner = null;
		$result = $this->lock->holding(7, function () use (&$inner): string {
			try {
				$this->lock->holding(7, static fn (): string => 'inner ran', 0.3);
			} catch (ReplicationException $e) {
				$inner = $e->getMessage();
			}
			return 'outer ran';
		});
		$this->assertSame('outer ran', $result);
		$this->assertSame('Another process has been writing the manifests of target 7 for 0.3 s', $inner);
		$this->assertSame('again', $this->lock->holding(7, static fn (): string => 'again', 0.3), 'released after the write');
	}

	public function testAnotherTargetIsNotHeldUp(): void {
		$this->assertSame('8 ran', $this->lock->holding(7, fn (): string => $this->lock->holding(8, static fn (): string => '8 ran', 0.3)));
	}

	public function testReleasedWhenTheWriteThrows(): void {
		try {
			$this->lock->holding(7, static fn () => throw new \RuntimeException('drive gone'));
			$this->fail('the exception goes through');
		} catch (\RuntimeException $e) {
			$this->assertSame('drive gone', $e->getMessage());
		}
		$this->assertSame('free', $this->lock->holding(7, static fn (): string => 'free', 0.3));
	}

	public function testAWriterKilledWhileHoldingItHoldsNobodyUp(): void {
		$this->lock->holding(7, static fn (): null => null); // the lock file exists
		$file = $this->dataDir . '/mirror-locks/manifest-7.lock';
		$code = '$h = fopen($argv[1], "c"); flock($h, LOCK_EX); echo "locked\n"; sleep(30);';
		$process = proc_open([PHP_BINARY, '-r', $code, $file], [1 => ['pipe', 'w']], $pipes);
		$this->assertIsResource($process);
		$this->assertSame("locked\n", fgets($pipes[1]));
		try {
			$this->lock->holding(7, static fn (): string => 'not while it lives', 0.3);
			$this->fail('held by the other process');
		} catch (ReplicationException) {
		}
		proc_terminate($process, 9);
		proc_close($process);
		$this->assertSame('after the kill', $this->lock->holding(7, static fn (): string => 'after the kill', 2.0));
	}

	public function testNoDataFolderIsAClearError(): void {
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturnCallback(static fn (string $key, string $default = ''): string => $default);
		$this->expectException(ReplicationException::class);
		$this->expectExceptionMessage('data folder is not configured');
		(new ManifestLock($config))->holding(7, static fn (): null => null);
	}
}
