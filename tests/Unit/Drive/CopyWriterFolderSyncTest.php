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
use OCA\Mirror\Drive\ReadBack;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * After the renames of a batch, each folder's new entries are made durable with an fsync. When that
 * fails (the drive's writeback failed: the renames may not be on the disk), the copies placed in that
 * folder are reported as WRITE_BACK, so they are not recorded as mirrored; the copies in the other
 * folders are.
 */
class CopyWriterFolderSyncTest extends TestCase {
	use FolderSyncFixture;

	/**
	 * @param \Closure(string): bool $syncFolder
	 */
	private function writer(\Closure $syncFolder): CopyWriter {
		$this->build($syncFolder);
		return new CopyWriter($this->guard, $this->io, $this->temporary, $this->placer, $this->paths, $this->trash, $this->mtimes,
			new ReadBack($this->guard, $this->io, Target::READ_BACK_NEVER, $this->names), new BatchSync($this->guard, $this->names), $this->mounted, $this->folderSync);
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

	public function testACopyWhoseOldContentCouldNotBeKeptInTheTrashDoesNotReplaceIt(): void {
		$this->assertSame([null, null, null], $this->commitTwoFolders($this->writer(static fn (string $dir): bool => true)));
		$writer = $this->writer(static fn (string $dir): bool => !str_contains($dir, '/.mirror-trash/'));

		$errors = $writer->commit([$writer->stage('alice', 'Photos/a.jpg', self::stream('newer a'), 1700000100, 7, static function (): void {
		})]);

		$this->assertInstanceOf(ReplicationException::class, $errors[0]);
		$this->assertSame(ReplicationException::WRITE_BACK, $errors[0]->errorCode, $errors[0]->getMessage());
		$this->assertSame('new a', file_get_contents($this->root . '/alice/Photos/a.jpg'), 'the old content stays at its place');
		$this->assertSame([], glob($this->root . '/.mirror-trash/alice/*/Photos/*'), 'and its link in the trash is taken back');
	}
}
