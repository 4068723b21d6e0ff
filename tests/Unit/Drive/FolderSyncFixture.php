<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\DriveMoves;
use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\DrivePaths;
use OCA\Mirror\Drive\DriveTrash;
use OCA\Mirror\Drive\FolderSync;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\MtimeKeeper;
use OCA\Mirror\Drive\NamePlacer;
use OCA\Mirror\Drive\NoNameRecords;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\TemporaryCopy;
use OCA\Mirror\Drive\TrashFolder;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * The drive's parts on a temporary folder, with an injected folder sync (one that fails, as a drive
 * whose writeback fails): for the tests of what a failed folder sync does to a copy, a move, the trash.
 */
trait FolderSyncFixture {
	private string $root;
	private IoCall $io;
	private PathGuard $guard;
	/** @var \Closure(): DriveNames */
	private \Closure $names;
	private TemporaryCopy $temporary;
	private NamePlacer $placer;
	private DrivePaths $paths;
	private MtimeKeeper $mtimes;
	private DriveTrash $trash;
	private FolderSync $folderSync;
	/** @var \Closure(): void */
	private \Closure $mounted;
	/** @var (\Closure(string, string, string): void)|null what the trash's records are told of a rename aside */
	private ?\Closure $movedAside = null;

	protected function setUp(): void {
		$this->root = (string)realpath(sys_get_temp_dir()) . '/mirror-foldersync-' . bin2hex(random_bytes(4));
		mkdir($this->root);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/**
	 * @param \Closure(string): bool $syncFolder
	 */
	private function build(\Closure $syncFolder): void {
		$this->io = new IoCall();
		$this->guard = new PathGuard($this->root, $this->io);
		$this->names = static fn (): DriveNames => new DriveNames('ext4', null, null);
		$this->temporary = new TemporaryCopy($this->io, $this->guard);
		$this->placer = new NamePlacer($this->guard, new NoNameRecords());
		$this->paths = new DrivePaths($this->guard, $this->placer, $this->names);
		$this->mtimes = new MtimeKeeper($this->guard, $this->io);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1800000000);
		$this->mounted = static function (): void {
		};
		$this->folderSync = new FolderSync($this->io, $syncFolder);
		$this->trash = new DriveTrash($this->guard, $this->io, $this->temporary, $this->placer, $this->paths, $this->mtimes,
			new TrashFolder($this->guard, $this->io), $time, $this->mounted, $this->folderSync, $this->movedAside);
	}

	/**
	 * @param \Closure(string): bool $syncFolder
	 */
	private function moves(\Closure $syncFolder): DriveMoves {
		$this->build($syncFolder);
		return new DriveMoves($this->guard, $this->io, $this->placer, $this->paths, $this->trash, $this->mtimes, $this->mounted, $this->folderSync);
	}

	/**
	 * @return resource
	 */
	private static function stream(string $content) {
		$stream = fopen('php://memory', 'r+');
		fwrite($stream, $content);
		rewind($stream);
		return $stream;
	}
}
