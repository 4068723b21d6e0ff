<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\Fd\FdCalls;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\Fd\PathCalls;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\ReadBack;
use OCA\Mirror\Drive\StagedCopy;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * The read-back after writing on a real folder: a copy whose bytes on the drive are not the ones
 * hashed while writing fails with READ_BACK (another size too), one that reads back the same passes;
 * nothing is read where the target says never, where the drive is neither FUSE nor removable in
 * 'auto', or where the page cache cannot be dropped (no FFI).
 */
class ReadBackTest extends TestCase {
	private string $base;
	private string $root;
	private IoCall $io;

	protected function setUp(): void {
		$this->base = (string)realpath(sys_get_temp_dir()) . '/mirror-readback-' . bin2hex(random_bytes(4));
		$this->root = $this->base . '/root';
		mkdir($this->root . '/alice', 0755, true);
		file_put_contents($this->root . '/alice/a.jpg', 'what the drive holds');
		$this->io = new IoCall();
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->base));
	}

	private function readBack(string $mode, bool $ffi = true, string $filesystem = 'ext4'): ReadBack {
		$calls = new PathCalls();
		if ($ffi) {
			$libc = Libc::load();
			if ($libc === null) {
				$this->markTestSkipped('no FFI here: ' . Libc::reason());
			}
			$calls = new FdCalls($this->root, $libc, static fn (): ?array => null);
		}
		$names = new DriveNames($filesystem, null, null);
		return new ReadBack(new PathGuard($this->root, $this->io, 0755, $calls), $this->io, $mode, static fn (): DriveNames => $names);
	}

	private function copy(string $written): StagedCopy {
		$dest = $this->root . '/alice/a.jpg';
		return new StagedCopy('alice', 'a.jpg', $this->root . '/alice', $dest, $dest . '.part', null, 0, 0644, strlen($written), hash('sha256', $written), 1);
	}

	public function testACopyThatReadsBackTheSamePasses(): void {
		$this->assertSame([null], $this->readBack(Target::READ_BACK_ALWAYS)->check([$this->copy('what the drive holds')], [null]));
	}

	public function testOtherBytesOfTheSameSizeFailAsReadBack(): void {
		$errors = $this->readBack(Target::READ_BACK_ALWAYS)->check([$this->copy('what was written here')], [null]);
		$this->assertInstanceOf(ReplicationException::class, $errors[0]);
		$this->assertSame(ReplicationException::READ_BACK, $errors[0]->errorCode);
		$this->assertSame($this->root . '/alice/a.jpg', $errors[0]->params['path'] ?? null);
	}

	public function testAnotherSizeFailsAsReadBack(): void {
		$errors = $this->readBack(Target::READ_BACK_ALWAYS)->check([$this->copy('short')], [null]);
		$this->assertInstanceOf(ReplicationException::class, $errors[0]);
		$this->assertSame(ReplicationException::READ_BACK, $errors[0]->errorCode);
	}

	public function testAMissingCopyIsAReadError(): void {
		unlink($this->root . '/alice/a.jpg');
		$errors = $this->readBack(Target::READ_BACK_ALWAYS)->check([$this->copy('x')], [null]);
		$this->assertInstanceOf(ReplicationException::class, $errors[0]);
		$this->assertSame(ReplicationException::IO, $errors[0]->errorCode);
	}

	public function testACopyThatFailedBeforeIsNotReadAndKeepsItsError(): void {
		$before = new \RuntimeException('sync failed');
		$this->assertSame([$before, null], $this->readBack(Target::READ_BACK_ALWAYS)->check([$this->copy('other bytes'), $this->copy('what the drive holds')], [$before, null]));
	}

	public function testNeverReadsNothingBack(): void {
		$readBack = $this->readBack(Target::READ_BACK_NEVER, true, 'fuse.fusefat');
		$this->assertNull($readBack->reason());
		$this->assertSame([null], $readBack->check([$this->copy('what was written here')], [null]));
	}

	public function testAutoReadsBackAFuseDriveAndNotAPlainFolder(): void {
		$fuse = $this->readBack(Target::READ_BACK_AUTO, true, 'fuse.fusefat');
		$this->assertSame(ReadBack::FUSE, $fuse->reason());
		$this->assertSame(ReplicationException::READ_BACK, $fuse->check([$this->copy('what was written here')], [null])[0]?->errorCode ?? null);
		$plain = $this->readBack(Target::READ_BACK_AUTO, true, 'tmpfs');
		$this->assertNull($plain->reason(), 'a folder in ' . sys_get_temp_dir() . ' is no removable drive');
		$this->assertSame([null], $plain->check([$this->copy('what was written here')], [null]));
	}

	public function testFuseFilesystemsAreKnownByTheirType(): void {
		foreach (['fuse', 'fuseblk', 'fuse.fusefat', 'fuse.sshfs'] as $type) {
			$this->assertSame(ReadBack::FUSE, ReadBack::kindOf($type, $this->root), $type);
		}
		$this->assertNull(ReadBack::kindOf('fusectl-not', $this->root));
	}

	public function testWithoutFfiNothingIsReadBackFromThePageCache(): void {
		$readBack = $this->readBack(Target::READ_BACK_ALWAYS, false);
		$this->assertSame(ReadBack::SETTING, $readBack->reason());
		$this->assertFalse($readBack->possible());
		$this->assertSame([null], $readBack->check([$this->copy('what was written here')], [null]));
	}
}
