<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * What the external storage tests share: a Local storage "/Disk" on a scratch folder (files_external) for each
 * test, the app's admin and user APIs, the Files badge, the storage's line of mirror:external:list, and its
 * files compared with the drive.
 */
trait ExternalStorageCalls {
	private ?string $mountId = null;
	private string $disk = '';

	/**
	 * Whether each test gets a Local storage mounted at /Disk for everyone (until told otherwise); a class whose
	 * tests make their own storage says no, and sets $mountId to it for tearDown() to delete.
	 */
	protected static function mountsDiskForEveryone(): bool {
		return true;
	}

	/** files_external on, and a Local storage mounted at /Disk (mountsDiskForEveryone()). */
	protected function setUp(): void {
		parent::setUp();
		$this->occOk(['app:enable', 'files_external']);
		if (!static::mountsDiskForEveryone()) {
			return;
		}
		$this->disk = $this->scratchDir('disk');
		$created = $this->occOk(['files_external:create', '/Disk', 'local', 'null::null', '-c', 'datadir=' . $this->disk]);
		$this->assertSame(1, preg_match('/id (\d+)/', $created->stdout, $m), $created->describe());
		$this->mountId = $m[1];
	}

	protected function tearDown(): void {
		if ($this->mountId !== null) {
			$this->occ(['mirror:external:set', $this->mountId, 'off']);
			$this->occ(['files_external:delete', '--yes', $this->mountId]);
		}
		$this->occ(['app:disable', 'files_external']);
		parent::tearDown();
	}

	/**
	 * Every file of the storage's folder is on the drive under OWNER's folder (below UNDER there), byte for
	 * byte, with its mtime, and nothing else is there.
	 */
	private function assertDiskOnDrive(array $target, string $owner, string $under = ''): void {
		clearstatcache();
		$files = self::filesBelow($this->disk);
		$this->assertNotSame([], $files);
		$this->assertSame($files, $this->mirrorFiles($target, $owner, $under), 'the drive holds the storage\'s files, and only them');
		foreach ($files as $file) {
			$source = $this->disk . '/' . $file;
			$copy = $this->mirrorPath($target, $owner, ltrim($under . '/' . $file, '/'));
			$this->assertSame(hash_file('sha256', $source), hash_file('sha256', $copy), "content of $file");
			$this->assertSame(filemtime($source), filemtime($copy), "mtime of $file");
		}
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function api(string $method, string $path, ?array $body = null): array {
		return $this->ocs('admin', $method, $path, $body);
	}

	/**
	 * An OCS call of the app's API, as the admin page and the Files sidebar make it.
	 *
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null): array {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/** @return array<string, mixed> a storage (this test's by default) in occ mirror:external:list --output=json */
	private function listed(?string $id = null): array {
		$id ??= $this->mountId;
		foreach ($this->occOk(['mirror:external:list', '--output=json'])->json() as $row) {
			if ((string)$row['id'] === $id) {
				return $row;
			}
		}
		$this->fail('mirror:external:list does not list storage ' . $id);
	}
}
