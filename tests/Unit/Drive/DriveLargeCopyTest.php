<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * Copies of files over 16 MiB, which are streamed and hashed by a child openssl: the recorded
 * sha256 is that of the bytes on the drive whether the child hashed them, could not start, or
 * failed midway; a failed copy leaves no child, no open file, no temporary file.
 */
class DriveLargeCopyTest extends TestCase {
	use DriveFixture;
	use ChildProcesses;

	/** over the 16 MiB that are copied in one piece, and not a multiple of the 64 KiB pieces */
	private const SIZE = 16 * 1048576 + 12345;

	private Drive $drive;
	private string $data;
	/** @var list<int> */
	private array $childrenBefore;
	private int $descriptorsBefore;
	/** children of this process seen at the first heartbeat, when the copy is under way */
	private ?array $childrenDuring = null;
	private int $beats = 0;

	protected function setUp(): void {
		$this->requireProc();
		$this->setUpFolders();
		$this->drive = $this->onlineDrive();
		$this->data = random_bytes(self::SIZE);
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	/**
	 * @param (callable(int): void)|null $onBeat called with the heartbeat's number
	 * @return array{checksum: string, size: int}
	 */
	private function copy(?callable $onBeat = null, ?string $data = null): array {
		$source = self::stream($data ?? $this->data);
		$this->childrenBefore = self::children();
		$this->descriptorsBefore = self::openDescriptors();
		try {
			return $this->drive->copyIn('alice', 'Videos/film.mp4', $source, 1500000000, self::SIZE, function () use ($onBeat): void {
				$this->beats++;
				$this->childrenDuring ??= self::children();
				if ($onBeat !== null) {
					$onBeat($this->beats);
				}
			});
		} finally {
			fclose($source);
		}
	}

	private function assertCopied(array $result): void {
		$this->assertSame(hash('sha256', $this->data), $result['checksum'], 'the sha256 of the bytes');
		$this->assertSame(self::SIZE, $result['size']);
		$dest = $this->root . '/alice/Videos/film.mp4';
		$this->assertSame(hash('sha256', $this->data), hash_file('sha256', $dest));
		$this->assertSame(hash('sha256', $this->data), $this->drive->checksum('alice', 'Videos/film.mp4'));
		$this->assertNothingLeft();
	}

	private function assertNothingLeft(): void {
		$this->assertSame([], self::parts($this->root . '/alice/Videos'), 'no temporary file');
		$this->assertSame($this->childrenBefore, self::children(), 'the child was reaped');
		$this->assertSame($this->descriptorsBefore, self::openDescriptors(), 'no open pipe or file');
	}

	public function testALargeFileIsHashedByOpensslWhileItIsWritten(): void {
		$this->openssl = $this->requireOpenssl();
		$this->assertCopied($this->copy());
		$this->assertCount(count($this->childrenBefore) + 1, $this->childrenDuring ?? [], 'a child hashed the copy');
		$this->assertGreaterThan(200, $this->beats, 'a heartbeat for every piece');
	}

	public function testWithoutOpensslALargeFileIsHashedInProcess(): void {
		$this->openssl = false;
		$this->assertCopied($this->copy());
		$this->assertSame($this->childrenBefore, $this->childrenDuring);
	}

	public function testAFailingOpensslMeansTheWrittenFileIsHashed(): void {
		$this->openssl = self::fakeBinary($this->base, 'openssl', 'cat > /dev/null; exit 1');
		$this->assertCopied($this->copy());
	}

	public function testAnOpensslThatExitsAtOnceMeansTheWrittenFileIsHashed(): void {
		$this->openssl = self::fakeBinary($this->base, 'openssl', 'exit 0');
		$this->assertCopied($this->copy());
	}

	public function testAnOpensslKilledMidwayMeansTheWrittenFileIsHashed(): void {
		$this->openssl = $this->requireOpenssl();
		$this->assertCopied($this->copy(function (int $beat): void {
			if ($beat === 40) {
				$this->killAndWait($this->newChild($this->childrenBefore));
			}
		}));
		$this->assertGreaterThan(self::SIZE / 1048576 + 40, $this->beats, 'the file was read again, with heartbeats');
	}

	public function testACopyThatFailsMidwayLeavesNoChildAndNoTemporaryFile(): void {
		$this->openssl = $this->requireOpenssl();
		try {
			$this->copy(function (int $beat): void {
				if ($beat === 10) {
					throw new \RuntimeException('the worker is told to stop');
				}
			});
			$this->fail('expected the exception');
		} catch (\RuntimeException $e) {
			$this->assertSame('the worker is told to stop', $e->getMessage());
		}
		$this->assertNothingLeft();
		$this->assertFileDoesNotExist($this->root . '/alice/Videos/film.mp4');
	}

	public function testALargeFileThatShrankIsRefusedAndLeavesNothing(): void {
		$this->openssl = $this->requireOpenssl();
		try {
			$this->copy(null, substr($this->data, 0, self::SIZE - 1));
			$this->fail('expected an exception');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::CHANGED, $e->errorCode);
		}
		$this->assertNothingLeft();
		$this->assertFileDoesNotExist($this->root . '/alice/Videos/film.mp4');
	}
}
