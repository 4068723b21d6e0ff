<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\SizedHash;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * Cheap checks first: a copy is hashed only when its open handle has the recorded size, and no more
 * than the recorded size is ever read.
 */
class SizedHashTest extends TestCase {
	private string $dir;

	protected function setUp(): void {
		$this->dir = sys_get_temp_dir() . '/mirror-sized-' . bin2hex(random_bytes(4));
		mkdir($this->dir);
		CountingStream::register();
	}

	protected function tearDown(): void {
		foreach (glob($this->dir . '/*') ?: [] as $file) {
			unlink($file);
		}
		rmdir($this->dir);
	}

	/**
	 * @return resource
	 */
	private static function memory(string $content) {
		$stream = fopen('php://memory', 'w+b');
		fwrite($stream, $content);
		return $stream; // left at its end: the hash starts from the start all the same
	}

	public function testTheRecordedSizeIsHashedFromTheStart(): void {
		$bytes = random_bytes(3 * 1048576 + 17);
		$beats = 0;
		$this->assertSame(hash('sha256', $bytes), SizedHash::of(self::memory($bytes), strlen($bytes), 'a.jpg', function () use (&$beats): void {
			$beats++;
		}));
		$this->assertSame(4, $beats, 'a heartbeat per MiB read');
		$this->assertSame(hash('sha256', ''), SizedHash::of(self::memory(''), 0, 'empty.txt'));
	}

	public function testADifferentSizeFailsAtOnceAndReadsNothing(): void {
		CountingStream::$content = str_repeat('x', 5000);
		CountingStream::$reportedSize = 5000;
		CountingStream::$read = 0;
		$stream = fopen('mirror-counting://copy', 'rb');
		try {
			SizedHash::of($stream, 4999, 'Photos/a.jpg');
			$this->fail('a copy of another size is not hashed');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::DIFFERENT_SIZE, $e->errorCode);
			$this->assertStringContainsString('different size', $e->getMessage());
			$this->assertSame('different size: 5000 bytes, 4999 recorded', $e->params['detail']);
		}
		$this->assertSame(0, CountingStream::$read, 'not a byte read');
	}

	public function testAnEightGibSparseFileCostsOneFstat(): void {
		$file = $this->dir . '/sparse.jpg';
		$handle = fopen($file, 'w+b');
		$this->assertTrue(ftruncate($handle, 8 * 1024 ** 3), 'a sparse file of 8 GiB');
		rewind($handle);
		$started = hrtime(true);
		try {
			SizedHash::of($handle, 123456, $file);
			$this->fail('refused');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::DIFFERENT_SIZE, $e->errorCode);
		}
		$this->assertLessThan(0.1, (hrtime(true) - $started) / 1e9, 'hashing 8 GiB of zeros takes many seconds; one fstat does not');
		$this->assertSame(0, ftell($handle), 'nothing read');
		fclose($handle);
	}

	public function testAFileThatGrowsWhileReadFailsAndIsReadNoFurther(): void {
		CountingStream::$content = str_repeat('y', 3 * 1048576); // fstat said 1 MiB, the reads go on
		CountingStream::$reportedSize = 1048576;
		CountingStream::$read = 0;
		try {
			SizedHash::of(fopen('mirror-counting://copy', 'rb'), 1048576, 'big.bin');
			$this->fail('a file that grew is not the one recorded');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::DIFFERENT_SIZE, $e->errorCode);
		}
		$this->assertLessThanOrEqual(1048576 + 8192, CountingStream::$read, 'read up to its recorded size (and one more chunk of the stream), not 3 MiB');
	}

	public function testAFileThatShrinksWhileReadHashesToSomethingElse(): void {
		CountingStream::$content = 'short';
		CountingStream::$reportedSize = 10;
		// the hash of the 5 bytes there, which no recorded sha256 of a 10-byte file is
		$this->assertSame(hash('sha256', 'short'), SizedHash::of(fopen('mirror-counting://copy', 'rb'), 10, 'a.txt'));
	}
}

/**
 * A stream whose fstat size is set apart from its content, counting the bytes read.
 */
final class CountingStream {
	public static string $content = '';
	public static int $reportedSize = 0;
	public static int $read = 0;
	/** @var resource|null */
	public $context;
	private int $position = 0;

	public static function register(): void {
		if (!in_array('mirror-counting', stream_get_wrappers(), true)) {
			stream_wrapper_register('mirror-counting', self::class);
		}
	}

	public function stream_open(string $path, string $mode, int $options, ?string &$openedPath): bool {
		$this->position = 0;
		return true;
	}

	public function stream_read(int $count): string {
		$chunk = substr(self::$content, $this->position, $count);
		$this->position += strlen($chunk);
		self::$read += strlen($chunk);
		return $chunk;
	}

	public function stream_eof(): bool {
		return $this->position >= strlen(self::$content);
	}

	public function stream_seek(int $offset, int $whence): bool {
		$this->position = $offset;
		return true;
	}

	public function stream_tell(): int {
		return $this->position;
	}

	/**
	 * @return array{size: int}
	 */
	public function stream_stat(): array {
		return ['size' => self::$reportedSize];
	}
}
