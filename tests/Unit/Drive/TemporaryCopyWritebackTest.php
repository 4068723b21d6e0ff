<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Drive\Fd\FdCalls;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\Fd\PathCalls;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\TemporaryCopy;
use PHPUnit\Framework\TestCase;

/**
 * Each staged copy has its writeback started as soon as it is written (the drive writes it while the
 * next copies are staged), through the drive's calls: the race-free ones start it, the path calls
 * (no FFI) cannot and the copy is staged all the same. It promises nothing: the copy stays unsynced
 * until its batch is committed.
 */
class TemporaryCopyWritebackTest extends TestCase {
	private string $root;

	protected function setUp(): void {
		$this->root = (string)realpath(sys_get_temp_dir()) . '/mirror-writeback-' . bin2hex(random_bytes(4));
		mkdir($this->root . '/alice', 0755, true);
		file_put_contents($this->root . '/' . Drive::MARKER, '{}');
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/**
	 * $real's calls, with each startWriteback() also recorded in $asked (the path and what it gave).
	 *
	 * @param list<array{0: string, 1: bool}> $asked
	 */
	private function recording(DriveCalls $real, array &$asked): DriveCalls {
		$calls = $this->createMock(DriveCalls::class);
		foreach (get_class_methods(DriveCalls::class) as $method) {
			if ($method !== 'startWriteback') {
				$calls->method($method)->willReturnCallback([$real, $method]);
			}
		}
		$calls->method('startWriteback')->willReturnCallback(function (string $path) use ($real, &$asked): bool {
			$started = $real->startWriteback($path);
			$asked[] = [$path, $started];
			return $started;
		});
		return $calls;
	}

	/**
	 * @return list<array{0: string, 1: bool}> the writebacks asked for while two photos were staged
	 */
	private function stageTwo(DriveCalls $real): array {
		$asked = [];
		$io = new IoCall();
		$temporary = new TemporaryCopy($io, new PathGuard($this->root, $io, 0755, $this->recording($real, $asked)));
		foreach (['a.jpg' => 150_000, 'b.jpg' => 3] as $name => $size) {
			$source = fopen('php://memory', 'w+b');
			fwrite($source, str_repeat('p', $size));
			rewind($source);
			$copy = $temporary->create('alice', '/' . $name, $this->root . '/alice', $name, $source, $size, 1_700_000_000, static function (): void {
			});
			$this->assertSame($size, $copy->size);
			$this->assertSame(hash('sha256', str_repeat('p', $size)), $copy->checksum);
			$this->assertSame($copy->temporary, end($asked)[0] ?? null, 'asked for this copy\'s temporary file, once it was written');
			$this->assertSame($size, filesize($copy->temporary));
			$this->assertIsResource($copy->handle, 'still open: synced with its batch, not here');
			$temporary->discard($copy);
		}
		return $asked;
	}

	public function testTheRaceFreeCallsStartEachCopysWriteback(): void {
		$libc = Libc::load();
		if ($libc === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		$asked = $this->stageTwo(new FdCalls($this->root, $libc, static fn (): ?array => null));
		$this->assertCount(2, $asked, 'one per copy');
		$this->assertSame([true, true], array_column($asked, 1), 'started by the kernel');
	}

	public function testWithoutFfiNothingIsStartedAndTheCopiesAreStagedAllTheSame(): void {
		$asked = $this->stageTwo(new PathCalls());
		$this->assertCount(2, $asked);
		$this->assertSame([false, false], array_column($asked, 1));
	}
}
