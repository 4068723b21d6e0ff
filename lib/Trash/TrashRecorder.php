<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Drive\TrashRecords;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * Records what went to the mirror trash, from the record of the copy that went there (its sha256
 * and size as written), so that the trash can be listed, pruned and restored from without walking
 * the drive; and keeps them true when the drive renames a file of its trash aside (TrashRecords).
 */
class TrashRecorder implements TrashRecords {
	public function __construct(
		private TrashEntryMapper $entries,
		private ITimeFactory $time,
	) {
	}

	/**
	 * @param string $trashPath where it went, below the user's trash folder (what Drive::moveToTrash says)
	 * @param TrashEntry::DELETED|TrashEntry::OVERWRITTEN|TrashEntry::REPLACED $reason
	 */
	public function record(Replica $copy, string $trashPath, string $reason): TrashEntry {
		$entry = new TrashEntry();
		$entry->setTargetId($copy->getTargetId());
		$entry->setUserId($copy->getUserId());
		$entry->setFileId($copy->getFileId());
		$entry->setPath($copy->getPath());
		$entry->setTrashPath($trashPath);
		$entry->setDay(substr($trashPath, 0, 10));
		$entry->setTrashedAt($this->time->getTime());
		$entry->setSize($copy->getSize());
		$entry->setMtime($copy->getMtime());
		$entry->setChecksum($copy->getChecksum());
		$entry->setReason($reason);
		return $this->entries->insert($entry);
	}

	/**
	 * A copy found in the trash unrecorded (Drive::trashedCopy): recorded unless an entry of this
	 * file already names that place.
	 *
	 * @param TrashEntry::DELETED|TrashEntry::OVERWRITTEN|TrashEntry::REPLACED $reason
	 */
	public function recordFound(Replica $copy, string $trashPath, string $reason): void {
		foreach ($this->entries->findForFile($copy->getUserId(), $copy->getFileId(), $copy->getTargetId()) as $entry) {
			if ($entry->getTrashPath() === $trashPath) {
				return;
			}
		}
		$this->record($copy, $trashPath, $reason);
	}

	#[\Override]
	public function movedAside(int $targetId, string $userId, string $from, string $to): void {
		$this->entries->moveTrashPath($targetId, $userId, $from, $to);
	}

	/**
	 * A whole folder went to the trash: one entry for each recorded copy below it.
	 *
	 * @param list<Replica> $copies the records of the files below the folder
	 * @param callable(Replica): string $trashPath where a copy went in the trash (the names as on the drive)
	 */
	public function recordFolder(array $copies, callable $trashPath): void {
		foreach ($copies as $copy) {
			$this->record($copy, $trashPath($copy), TrashEntry::DELETED);
		}
	}
}
