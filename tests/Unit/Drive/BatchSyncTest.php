<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\BatchSync;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\Fd\FdCalls;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\Fd\PathCalls;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\StagedCopy;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * One syncfs for a batch only where it is as good as an fdatasync per copy: a filesystem whose sync
 * flushes the drive, a kernel whose syncfs reports write errors, the race-free calls, every copy on
 * the root's filesystem, more than one copy. Otherwise sync() promises nothing and each copy is synced.
 */
class BatchSyncTest extends TestCase {
	private string $root;
	private int $device;

	protected function setUp(): void {
		$this->root = (string)realpath(sys_get_temp_dir()) . '/mirror-batchsync-' . bin2hex(random_bytes(4));
		mkdir($this->root);
		file_put_contents($this->root . '/' . Drive::MARKER, '{}');
		$this->device = (int)(stat($this->root)['dev'] ?? 0);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/**
	 * @return array<string, array{0: string, 1: bool}>
	 */
	public static function releases(): array {
		return [
			'Debian 12' => ['6.1.0-18-amd64', true],
			'this VM' => ['6.18.44-fc-v1272', true],
			'the first that reports' => ['5.8.0', true],
			'one before' => ['5.7.19', false],
			'Buster' => ['4.19.0-27-amd64', false],
			'not a release' => ['unknown', false],
		];
	}

	#[DataProvider('releases')]
	public function testOnlyAKernelWhoseSyncfsReportsWriteErrorsIsTrusted(string $release, bool $trusted): void {
		$this->assertSame($trusted, BatchSync::reportsErrors($release));
	}

	private function fdCalls(): FdCalls {
		$libc = Libc::load();
		if ($libc === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		return new FdCalls($this->root, $libc, static fn (): ?array => null);
	}

	private function batchSync(string $filesystem, bool $raceFree = true, string $kernel = '6.1.0'): BatchSync {
		$guard = new PathGuard($this->root, new IoCall(), 0755, $raceFree ? $this->fdCalls() : new PathCalls());
		return new BatchSync($guard, static fn (): DriveNames => new DriveNames($filesystem, null, null), $kernel);
	}

	/**
	 * @return list<StagedCopy>
	 */
	private function copies(int $count, ?int $device = null): array {
		$copies = [];
		for ($i = 0; $i < $count; $i++) {
			$copies[] = new StagedCopy('alice', "a$i.jpg", $this->root, $this->root . "/a$i.jpg", $this->root . "/.a$i.part", null, 1, 0644, 1, 'sha', 1, $device ?? $this->device);
		}
		return $copies;
	}

	public function testABatchOnExt4IsSyncedOnce(): void {
		$this->assertTrue($this->batchSync('ext4')->sync($this->copies(3)));
		$this->assertTrue($this->batchSync('xfs')->sync($this->copies(2)));
		$this->assertTrue($this->batchSync('tmpfs')->sync($this->copies(2)));
	}

	public function testOneCopyIsSyncedOnItsOwn(): void {
		$this->assertFalse($this->batchSync('ext4')->sync($this->copies(1)));
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function filesystemsSyncedPerFile(): array {
		return [
			'FUSE (syncfs never reaches the daemon)' => ['fuse.fusefat'],
			'exFAT through FUSE' => ['fuseblk'],
			'NFS' => ['nfs4'],
			'FAT' => ['vfat'],
			'not known' => ['unknown'],
		];
	}

	#[DataProvider('filesystemsSyncedPerFile')]
	public function testOtherFilesystemsAreSyncedFileByFile(string $filesystem): void {
		$sync = $this->batchSync($filesystem);
		$this->assertFalse($sync->possible());
		$this->assertFalse($sync->sync($this->copies(3)));
	}

	public function testAnOldKernelOrNoFfiIsSyncedFileByFile(): void {
		$this->assertFalse($this->batchSync('ext4', true, '5.4.0')->sync($this->copies(3)));
		$this->assertFalse($this->batchSync('ext4', false)->sync($this->copies(3)));
	}

	public function testACopyOnAnotherFilesystemThanTheRootsIsNotCoveredBySyncingTheRoots(): void {
		$copies = $this->copies(2);
		$copies[] = $this->copies(1, $this->device + 1)[0];
		$this->assertFalse($this->batchSync('ext4')->sync($copies));
	}

	public function testARootThatIsNotTheDrivesIsNotSynced(): void {
		$libc = Libc::load();
		if ($libc === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		// the marker was read at another folder (the drive was swapped for another): the root is refused
		$calls = new FdCalls($this->root, $libc, static fn (): ?array => [0, 0]);
		$this->assertNull($calls->syncFilesystem());
		$sync = new BatchSync(new PathGuard($this->root, new IoCall(), 0755, $calls), static fn (): DriveNames => new DriveNames('ext4', null, null), '6.1.0');
		$this->assertFalse($sync->sync($this->copies(2)));
	}
}
