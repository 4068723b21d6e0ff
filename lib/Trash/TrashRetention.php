<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\UserFolderName;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\IAppConfig;
use OCP\IUser;
use OCP\IUserManager;

/**
 * Keeps the mirror trash from filling the drive: dated folders older than the retention period go
 * (daily), and when free space runs short the oldest trash goes first, and only trash: a live copy is
 * never deleted to make room. Nothing is pruned of a user the tripwire holds.
 */
class TrashRetention {
	public const DEFAULT_DAYS = 90;
	private const KEY = 'trash_retention_days';

	public function __construct(
		private TrashEntryMapper $entries,
		private Tripwire $tripwire,
		private IAppConfig $config,
		private IUserManager $users,
	) {
	}

	/**
	 * The retention period in days (app config trash_retention_days; a value that makes no sense: the default).
	 */
	public function days(): int {
		$value = trim($this->config->getValueString(Application::APP_ID, self::KEY, (string)self::DEFAULT_DAYS));
		return ctype_digit($value) && (int)$value >= 1 && (int)$value <= 36500 ? (int)$value : self::DEFAULT_DAYS;
	}

	/**
	 * @throws \InvalidArgumentException
	 */
	public function setDays(int $days): void {
		if ($days < 1 || $days > 36500) {
			throw new \InvalidArgumentException('The retention must be from 1 to 36500 days.');
		}
		$this->config->setValueString(Application::APP_ID, self::KEY, (string)$days);
	}

	/**
	 * Removes the dated trash folders from before $cutoffDay (Y-m-d) on one drive.
	 *
	 * @return list<array{folder: string, day: string, bytes: int}> what went (or would go, in a dry run: bytes as recorded)
	 */
	public function prune(Drive $drive, string $cutoffDay, bool $dryRun = false): array {
		$out = [];
		foreach ($this->candidates($drive) as $candidate) {
			if ($candidate['day'] >= $cutoffDay) {
				break; // oldest first
			}
			$out[] = $this->remove($drive, $candidate, $dryRun);
		}
		return $out;
	}

	/**
	 * Frees at least $bytes by removing the oldest dated trash folders, across users.
	 *
	 * @return int the bytes freed (less when the trash holds less)
	 */
	public function makeRoom(Drive $drive, int $bytes): int {
		$freed = 0;
		foreach ($this->candidates($drive) as $candidate) {
			if ($freed >= $bytes) {
				break;
			}
			$freed += $this->remove($drive, $candidate, false)['bytes'];
		}
		return $freed;
	}

	/**
	 * What the recorded trash of a drive takes, of users the tripwire does not hold.
	 */
	public function recordedBytes(Drive $drive): int {
		$held = array_flip($this->tripwire->heldUsers());
		$bytes = 0;
		foreach ($this->entries->summarizeDays((int)$drive->target()->getId()) as $row) {
			if (!isset($held[$row['userId']])) {
				$bytes += $row['bytes'];
			}
		}
		return $bytes;
	}

	/**
	 * The trash folders that may go, oldest first: not of a user the tripwire holds.
	 *
	 * @return list<array{folder: string, day: string, userId: string|null, recordedBytes: int}>
	 */
	private function candidates(Drive $drive): array {
		$held = [];
		foreach ($this->tripwire->heldUsers() as $userId) {
			$held[UserFolderName::for($userId)] = true;
		}
		$days = $this->entries->summarizeDays((int)$drive->target()->getId());
		$recorded = [];
		foreach ($days as $row) {
			$key = UserFolderName::for($row['userId']) . '/' . $row['day'];
			$recorded[$key] = ($recorded[$key] ?? 0) + $row['bytes'];
		}
		$owners = $this->owners($days);
		$out = [];
		foreach ($drive->trashDays() as $day) {
			if (!isset($held[$day['folder']])) {
				$out[] = $day + ['userId' => $owners[$day['folder']] ?? null, 'recordedBytes' => $recorded[$day['folder'] . '/' . $day['day']] ?? 0];
			}
		}
		return $out;
	}

	/**
	 * @param array{folder: string, day: string, userId: string|null, recordedBytes: int} $candidate
	 * @return array{folder: string, day: string, bytes: int}
	 */
	private function remove(Drive $drive, array $candidate, bool $dryRun): array {
		$targetId = (int)$drive->target()->getId();
		if ($dryRun) {
			return ['folder' => $candidate['folder'], 'day' => $candidate['day'], 'bytes' => $candidate['recordedBytes']];
		}
		$bytes = $drive->pruneTrashDay($candidate['folder'], $candidate['day']);
		if ($candidate['userId'] !== null) {
			$this->entries->deleteDay($targetId, $candidate['userId'], $candidate['day']);
		}
		return ['folder' => $candidate['folder'], 'day' => $candidate['day'], 'bytes' => $bytes];
	}

	/**
	 * Which user each trash folder belongs to: the users with records on this target, and every user.
	 *
	 * @param list<array{userId: string, day: string, entries: int, bytes: int}> $days the records' summary
	 * @return array<string, string> folder => user id
	 */
	private function owners(array $days): array {
		$owners = [];
		foreach ($days as $row) {
			$owners[UserFolderName::for($row['userId'])] = $row['userId'];
		}
		$this->users->callForAllUsers(static function (IUser $user) use (&$owners): void {
			$owners[UserFolderName::for($user->getUID())] ??= $user->getUID();
		});
		return $owners;
	}
}
