<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\BatchSync;
use OCA\Mirror\Drive\CopyWriter;
use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\DrivePaths;
use OCA\Mirror\Drive\DriveTrash;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\MtimeKeeper;
use OCA\Mirror\Drive\NamePlacer;
use OCA\Mirror\Drive\NoNameRecords;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\ReadBack;
use OCA\Mirror\Drive\TemporaryCopy;
use OCA\Mirror\Drive\TrashFolder;
use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\TestCase;

/**
 * After the renames of a batch, each folder's new entries are made durable with an fsync. When that
 * fails (the drive's writeback failed: the renames may not be on the disk), the copies placed in that
 * folder are reported as WRITE_BACK, so they are not recorded as mirrored; the copies in the other
 * folders are.
 */
class CopyWriterFolderSyncTest extends TestCase {
	private string $root;

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
	private function writer(\Closure $syncFolder): CopyWriter {
		$io = new IoCall();
		$guard = new PathGuard($this->root, $io);
		$names = static fn (): DriveNames => new DriveNames('ext4', null, null);
		$temporary = new TemporaryCopy($io, $guard);
		$placer = new NamePlacer($guard, new NoNameRecords());
		$paths = new DrivePaths($guard, $placer, $names);
		$mtimes = new MtimeKeeper($guard, $io);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1800000000);
		$mounted = static function (): void {
		};
		$trash = new DriveTrash($guard, $io, $temporary, $placer, $paths, $mtimes, new TrashFolder($guard, $io), $time, $mounted);
		return new CopyWriter($guard, $io, $temporary, $placer, $paths, $trash, $mtimes, new ReadBack($guard, $io, Target::READ_BACK_NEVER, $names),
			new BatchSync($guard, $names), $mounted, $syncFolder);
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

	/**
	 * @return list<\Throwable|null>
	 */
	private function commitTwoFolders(CopyWriter $writer): array {
		$beat = static function (): void {
		};
		$batch = [];
		foreach (['Photos/a.jpg' => 'new a', 'Photos/b.jpg' => 'new b', 'Notes/c.txt' => 'new c'] as $path => $content) {
			$batch[] = $writer->stage('alice', $path, self::stream($content), 1700000000, strlen($content), $beat);
		}
		return $writer->commit($batch);
	}

	public function testCopiesInAFolderWhoseSyncFailsAreReportedAsWriteErrorsAndTheOthersAreNot(): void {
		$synced = [];
		$errors = $this->commitTwoFolders($this->writer(function (string $dir) use (&$synced): bool {
			$synced[] = basename($dir);
			return basename($dir) !== 'Photos';
		}));

		sort($synced);
		$this->assertSame(['Notes', 'Photos'], $synced, 'each folder the batch renamed into is synced once');
		foreach ([0, 1] as $i) {
			$this->assertInstanceOf(ReplicationException::class, $errors[$i]);
			$this->assertSame(ReplicationException::WRITE_BACK, $errors[$i]->errorCode, $errors[$i]->getMessage());
		}
		$this->assertNull($errors[2], 'the copy in the folder that synced is in place');
	}

	public function testEveryCopyIsInPlaceWhenEveryFolderSyncs(): void {
		$this->assertSame([null, null, null], $this->commitTwoFolders($this->writer(static fn (string $dir): bool => true)));
		$this->assertSame('new b', file_get_contents($this->root . '/alice/Photos/b.jpg'));
	}
}
