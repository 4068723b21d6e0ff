<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Activity;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Health\HealthSettings;
use OCP\Activity\IManager;
use OCP\AppFramework\Utility\ITimeFactory;
use Psr\Log\LoggerInterface;

/**
 * Puts what Mirror did into the Activity stream: restores into the user's, tripwire holds and
 * releases, offline drives caught up and verify results into the notified admins' (the health
 * check's group). Stores codes and parameters only (a subject and the names it needs, never a path on
 * the server); Provider words them in the reader's language when the stream is read.
 *
 * Publishing never fails what it reports: an Activity error is logged and the work goes on.
 */
class ActivityPublisher {
	/** the user's setting: restores of their files */
	public const TYPE_RESTORE = 'mirror_restore';
	/** the admins' setting: tripwire, offline drives, verify */
	public const TYPE_DRIVES = 'mirror_drives';

	public const RESTORED_FILE = 'restored_file';
	public const RESTORED_FILES = 'restored_files';
	public const TRIPWIRE_HELD = 'tripwire_held';
	public const TRIPWIRE_RELEASED = 'tripwire_released';
	public const TRIPWIRE_DISCARDED = 'tripwire_discarded';
	public const DRIVE_UP_TO_DATE = 'drive_up_to_date';
	public const VERIFY_GOOD = 'verify_good';
	public const VERIFY_DAMAGED = 'verify_damaged';

	public function __construct(
		private readonly IManager $activity,
		private readonly HealthSettings $settings,
		private readonly ITimeFactory $time,
		private readonly LoggerInterface $logger,
	) {
	}

	/**
	 * Files of a user came back from a mirror drive: one file by name, more by number.
	 *
	 * @param array{id: int, path: string}|null $file the one file restored (its id and path in the user's files)
	 */
	public function restored(string $userId, string $drive, int $count, ?array $file = null): void {
		if ($count < 1) {
			return;
		}
		if ($count === 1 && $file !== null) {
			$this->publish($userId, self::TYPE_RESTORE, self::RESTORED_FILE, ['fileId' => $file['id'], 'path' => $file['path'], 'drive' => $drive], 'files', $file['id'], $file['path']);
			return;
		}
		$this->publish($userId, self::TYPE_RESTORE, self::RESTORED_FILES, ['count' => $count, 'drive' => $drive]);
	}

	/** The tripwire holds a user's destructive changes. */
	public function tripwireHeld(string $userId, string $reason): void {
		$this->toAdmins(self::TRIPWIRE_HELD, ['user' => $userId, 'reason' => $reason]);
	}

	/** An admin ended a hold: the held changes applied, or discarded. */
	public function tripwireReleased(string $userId, bool $discarded, int $changes): void {
		$this->toAdmins($discarded ? self::TRIPWIRE_DISCARDED : self::TRIPWIRE_RELEASED, ['user' => $userId, 'changes' => $changes]);
	}

	/** An offline drive caught up: safe to unplug. */
	public function driveUpToDate(int $targetId, string $drive): void {
		$this->toAdmins(self::DRIVE_UP_TO_DATE, ['targetId' => $targetId, 'drive' => $drive]);
	}

	/** A verify of a drive read its copies: how many, and how many were missing or different. */
	public function verified(int $targetId, string $drive, int $checked, int $damaged): void {
		$this->toAdmins($damaged > 0 ? self::VERIFY_DAMAGED : self::VERIFY_GOOD, ['targetId' => $targetId, 'drive' => $drive, 'checked' => $checked, 'damaged' => $damaged]);
	}

	/**
	 * @param array<string, string|int> $params
	 */
	private function toAdmins(string $subject, array $params): void {
		foreach ($this->settings->recipients() as $admin) {
			$this->publish($admin, self::TYPE_DRIVES, $subject, $params);
		}
	}

	/**
	 * @param array<string, string|int> $params
	 */
	private function publish(string $userId, string $type, string $subject, array $params, string $objectType = '', int $objectId = 0, string $objectName = ''): void {
		try {
			$event = $this->activity->generateEvent()
				->setApp(Application::APP_ID)
				->setType($type)
				->setAffectedUser($userId)
				->setTimestamp($this->time->getTime())
				->setSubject($subject, $params);
			if ($objectType !== '') {
				$event->setObject($objectType, $objectId, $objectName);
			}
			$this->activity->publish($event);
		} catch (\Throwable $e) {
			$this->logger->warning('Mirror could not publish the activity "' . $subject . '": ' . $e->getMessage(), ['exception' => $e, 'app' => Application::APP_ID]);
		}
	}
}
