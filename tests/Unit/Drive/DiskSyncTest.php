<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\DiskSync;
use OCA\Mirror\Drive\DriveManifest;
use OCA\Mirror\Drive\FolderSync;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\Manifest;
use OCA\Mirror\Drive\ManifestShards;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * Without `sync --file-system`, the drive is made durable folder by folder before it is called safe
 * to unplug; a folder whose fsync fails (the drive's writeback failed) is a WRITE_BACK error, not a
 * drive silently called synced.
 */
class DiskSyncTest extends TestCase {
	use FolderSyncFixture;

	/** @var list<string> */
	private array $synced = [];

	/**
	 * @return \Closure(string): bool
	 */
	private function failingFor(string $failing): \Closure {
		return function (string $dir) use ($failing): bool {
			$this->synced[] = $dir;
			return $dir !== $failing;
		};
	}

	public function testEveryFolderAndTheRootAreSyncedWhenTheFilesystemCannotBe(): void {
		$sync = new DiskSync(null, new FolderSync(new IoCall(), $this->failingFor('/none')));

		$this->assertFalse($sync->filesystemOf('/drive', ['/drive/.mirror-manifest', '/drive/alice']));
		$this->assertSame(['/drive/.mirror-manifest', '/drive/alice', '/drive'], $this->synced);
	}

	public function testAFolderWhoseSyncFailsIsAWriteError(): void {
		$sync = new DiskSync(null, new FolderSync(new IoCall(), $this->failingFor('/drive/.mirror-manifest')));

		try {
			$sync->filesystemOf('/drive', ['/drive/.mirror-manifest', '/drive/alice']);
			$this->fail('a drive whose folder did not sync is not called synced');
		} catch (ReplicationException $e) {
			$this->assertSame(ReplicationException::WRITE_BACK, $e->errorCode, $e->getMessage());
			$this->assertStringContainsString('/drive/.mirror-manifest', $e->getMessage());
		}
	}

	public function testTheManifestsFolderIsSyncedWithTheUsersFolders(): void {
		$this->build(static fn (string $dir): bool => true);
		mkdir($this->root . '/' . Manifest::DIR);
		mkdir($this->root . '/alice');
		mkdir($this->root . '/carol');
		mkdir($this->root . '/' . Manifest::DIR . '/carol' . ManifestShards::SUFFIX);
		$manifest = new Manifest($this->guard, $this->io);
		$manifests = new DriveManifest($this->guard, $manifest, new ManifestShards($this->guard, $manifest, $this->io), new DiskSync(null, new FolderSync($this->io, $this->failingFor('/none'))), $this->paths, $this->mounted);

		$this->assertFalse($manifests->syncToDisk(['alice', 'bob', 'carol']));
		$this->assertSame([
			$this->root . '/' . Manifest::DIR,
			$this->root . '/alice',
			$this->root . '/carol',
			$this->root . '/' . Manifest::DIR . '/carol' . ManifestShards::SUFFIX,
			$this->root,
		], $this->synced, 'bob has no folder on the drive; carol\'s manifest is in shards');
	}
}
