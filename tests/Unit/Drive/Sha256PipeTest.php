<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Sha256Pipe;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * The sha256 of a stream of chunks: by a child openssl, or in process when the child cannot start
 * or fails. Whatever happens, the digest is that of the bytes given, and no child is left.
 */
class Sha256PipeTest extends TestCase {
	use ChildProcesses;

	private const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

	private string $dir;
	/** @var list<int> */
	private array $childrenBefore;
	private int $descriptorsBefore;
	/** how many times the written file was hashed again */
	private int $rehashed = 0;

	protected function setUp(): void {
		$this->requireProc();
		$this->dir = (string)realpath(sys_get_temp_dir()) . '/mirror-sha-' . bin2hex(random_bytes(4));
		mkdir($this->dir);
		$this->childrenBefore = self::children();
		$this->descriptorsBefore = self::openDescriptors();
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->dir));
	}

	/**
	 * Feeds $data in pieces of $piece bytes and finishes; the rehash stands for hashing the written file.
	 */
	private function digest(Sha256Pipe $pipe, string $data, int $piece = 65536): string {
		for ($offset = 0; $offset < strlen($data); $offset += $piece) {
			$pipe->update(substr($data, $offset, $piece));
		}
		return $pipe->finish(function () use ($data): string {
			$this->rehashed++;
			return hash('sha256', $data);
		});
	}

	private function assertNothingLeft(): void {
		$this->assertSame($this->childrenBefore, self::children(), 'the child was reaped (no zombie, no stray process)');
		$this->assertSame($this->descriptorsBefore, self::openDescriptors(), 'the pipes were closed');
	}

	/**
	 * @return iterable<string, array{int, int}>
	 */
	public static function sizes(): iterable {
		yield 'empty' => [0, 65536];
		yield 'one byte' => [1, 65536];
		yield 'exactly one piece' => [65536, 65536];
		yield 'not a multiple of the piece size' => [3 * 1048576 + 12345, 65536];
		yield 'odd pieces' => [1048576 + 7, 4099];
		yield 'pieces larger than the pipe' => [5 * 1048576 + 1, 1048576];
	}

	#[DataProvider('sizes')]
	public function testTheChildsDigestIsTheSha256OfTheBytes(int $size, int $piece): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$data = $size === 0 ? '' : random_bytes($size);
		$this->assertSame(hash('sha256', $data), $this->digest($pipe, $data, $piece));
		$this->assertTrue($pipe->byChild(), 'openssl hashed it');
		$this->assertSame(0, $this->rehashed);
		$this->assertNothingLeft();
	}

	public function testEmptyInputThroughTheChild(): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$this->assertSame(self::EMPTY_SHA256, $pipe->finish(fn (): string => 'not used'));
		$this->assertTrue($pipe->byChild());
		$this->assertNothingLeft();
	}

	#[DataProvider('sizes')]
	public function testWithoutABinaryTheBytesAreHashedInProcess(int $size, int $piece): void {
		$pipe = new Sha256Pipe(false);
		$data = $size === 0 ? '' : random_bytes($size);
		$this->assertSame(hash('sha256', $data), $this->digest($pipe, $data, $piece));
		$this->assertFalse($pipe->byChild());
		$this->assertSame(0, $this->rehashed, 'hashed from the first byte, nothing to read again');
		$this->assertSame($this->childrenBefore, self::children(), 'no child was started');
	}

	/**
	 * @return iterable<string, array{string}>
	 */
	public static function failingChildren(): iterable {
		yield 'exits at once without reading' => ['exit 0'];
		yield 'exits non-zero after reading everything' => ['cat > /dev/null; exit 1'];
		yield 'prints a digest but exits non-zero' => ['cat > /dev/null; echo "' . str_repeat('0', 64) . ' *stdin"; exit 3'];
		yield 'prints no digest' => ['cat > /dev/null; echo "dgst: unknown option"'];
		yield 'prints a short digest' => ['cat > /dev/null; echo "' . str_repeat('a', 63) . ' *stdin"'];
		yield 'prints nothing' => ['cat > /dev/null'];
		yield 'prints far too much' => ['cat > /dev/null; yes "' . str_repeat('0', 64) . ' *stdin" | head -c 100000'];
		yield 'reads a little, then exits' => ['head -c 70000 > /dev/null'];
	}

	#[DataProvider('failingChildren')]
	public function testAFailingChildFallsBackToHashingTheWrittenFile(string $script): void {
		$pipe = new Sha256Pipe(self::fakeBinary($this->dir, 'openssl', $script));
		$data = random_bytes(1048576 + 3);
		$this->assertSame(hash('sha256', $data), $this->digest($pipe, $data));
		$this->assertFalse($pipe->byChild());
		$this->assertSame(1, $this->rehashed);
		$this->assertNothingLeft();
	}

	public function testABinaryThatDoesNotExist(): void {
		$pipe = new Sha256Pipe($this->dir . '/no-such-openssl');
		$data = random_bytes(200000);
		$this->assertSame(hash('sha256', $data), $this->digest($pipe, $data));
		$this->assertFalse($pipe->byChild());
		$this->assertNothingLeft();
	}

	public function testAChildKilledMidwayFallsBackToHashingTheWrittenFile(): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$child = $this->newChild($this->childrenBefore);
		$data = random_bytes(4 * 1048576 + 5);
		$pipe->update(substr($data, 0, 1048576));
		$this->killAndWait($child);
		// the next writes hit a closed pipe (EPIPE, which must not kill this process)
		for ($offset = 1048576; $offset < strlen($data); $offset += 65536) {
			$pipe->update(substr($data, $offset, 65536));
		}
		$this->assertSame(hash('sha256', $data), $pipe->finish(function () use ($data): string {
			$this->rehashed++;
			return hash('sha256', $data);
		}));
		$this->assertSame(1, $this->rehashed);
		$this->assertNothingLeft();
	}

	public function testAChildKilledAfterTheLastByteFallsBack(): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$child = $this->newChild($this->childrenBefore);
		$pipe->update('abc');
		$this->killAndWait($child);
		$this->assertSame(hash('sha256', 'abc'), $pipe->finish(fn (): string => hash('sha256', 'abc')));
		$this->assertFalse($pipe->byChild());
		$this->assertNothingLeft();
	}

	public function testAChildThatStopsReadingDoesNotHangTheCopy(): void {
		$pipe = new Sha256Pipe(self::fakeBinary($this->dir, 'openssl', 'exec sleep 60'), 0.3);
		$data = random_bytes(1048576);
		$start = microtime(true);
		$this->assertSame(hash('sha256', $data), $this->digest($pipe, $data));
		$this->assertLessThan(5, microtime(true) - $start, 'gave up on the full pipe after the timeout, once');
		$this->assertSame(1, $this->rehashed);
		$this->assertNothingLeft();
	}

	public function testAChildThatNeverAnswersDoesNotHangTheCopy(): void {
		$pipe = new Sha256Pipe(self::fakeBinary($this->dir, 'openssl', 'cat > /dev/null; exec sleep 60'), 0.3);
		$start = microtime(true);
		$this->assertSame(hash('sha256', 'abc'), $this->digest($pipe, 'abc'));
		$this->assertLessThan(5, microtime(true) - $start);
		$this->assertSame(1, $this->rehashed);
		$this->assertNothingLeft();
	}

	public function testAbortEndsAndReapsTheChild(): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$this->newChild($this->childrenBefore);
		$pipe->update(random_bytes(300000));
		$pipe->abort();
		$this->assertNothingLeft();
		$this->expectException(\LogicException::class);
		$pipe->update('more');
	}

	public function testDroppingItEndsAndReapsTheChild(): void {
		$pipe = new Sha256Pipe($this->requireOpenssl());
		$this->newChild($this->childrenBefore);
		$pipe->update(random_bytes(300000));
		unset($pipe);
		$this->assertNothingLeft();
	}

	public function testFinishingTwiceIsAnError(): void {
		$pipe = new Sha256Pipe(false);
		$pipe->finish(fn (): string => '');
		$this->expectException(\LogicException::class);
		$pipe->finish(fn (): string => '');
	}
}
