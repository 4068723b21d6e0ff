<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * Makes what was renamed, linked or written into a folder (a copy put in place, a move, a copy put in the
 * trash or back from it, a file of the trash moved aside, the marker, the manifests) durable with an fsync of the folder, and says so when the drive
 * failed its writeback: then the folder's new entries may be in the page cache only, and a replug may
 * bring back an entry where it was. The one place that decides what a failed folder sync is (WRITE_BACK).
 *
 * What the records say then: where the copy was before (the caller records nothing and fails with
 * WRITE_BACK, retried as other failures). The rename is undone first, as far as the drive takes it,
 * so that the drive as this run sees it matches the records again, and the retry makes the move anew
 * (and syncs it). Where the drive later keeps one or the other, the retry finds the copy either way:
 * a renamed file's record follows the copy found at its new place (Replicator::followRename), a copy
 * still at its place is moved again.
 */
final class FolderSync {
	public function __construct(
		private readonly IoCall $io,
		/** @var (\Closure(string): bool)|null makes a folder's new entries durable; null: DiskSync::folder() */
		private readonly ?\Closure $sync = null,
	) {
	}

	/**
	 * @param string $dir the folder the entries were renamed, linked or written into
	 * @param (\Closure(): mixed)|null $undo puts the entry back where it was (best effort: its result is not asked)
	 * @throws ReplicationException WRITE_BACK when the folder's fsync failed
	 */
	public function sync(string $dir, ?\Closure $undo = null): void {
		if (($this->sync ?? DiskSync::folder(...))($dir)) {
			return;
		}
		$error = $this->io->errorFor('sync', $dir, null, 'the folder\'s new entries did not reach the disk');
		if ($undo !== null) {
			$this->io->attempt($undo);
		}
		throw $error;
	}
}
