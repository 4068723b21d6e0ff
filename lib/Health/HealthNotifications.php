<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\AppInfo\Application;
use OCP\Notification\IManager;

/**
 * Sends and withdraws Mirror's notifications: one per condition and target for each member of the
 * notified group, one per user whose own files keep failing. The text is written when shown
 * (Notifier), so a notification never needs sending again when its numbers change.
 */
class HealthNotifications {
	public const TARGET_OBJECT = 'mirror_target';
	public const USER_OBJECT = 'mirror_user';
	public const USER_SUBJECT = 'user_failing';
	public const TRIPWIRE_OBJECT = 'mirror_tripwire';
	public const TRIPWIRE_SUBJECT = 'tripped';
	public const OFFLINE_DRIVE_OBJECT = 'mirror_offline_drive';
	public const UP_TO_DATE_SUBJECT = 'up_to_date';

	public function __construct(
		private IManager $manager,
	) {
	}

	/**
	 * @param list<string> $userIds who is told
	 */
	public function notifyCondition(Condition $condition, array $userIds): void {
		foreach ($userIds as $userId) {
			$notification = $this->manager->createNotification();
			$notification->setApp(Application::APP_ID)
				->setUser($userId)
				->setDateTime(new \DateTime('@' . $condition->since))
				->setObject(self::TARGET_OBJECT, (string)$condition->targetId)
				->setSubject($condition->type, ['targetId' => $condition->targetId]);
			$this->manager->notify($notification);
		}
	}

	/**
	 * The condition cleared: its notification goes for everyone.
	 */
	public function withdrawCondition(int $targetId, string $type): void {
		$notification = $this->manager->createNotification();
		$notification->setApp(Application::APP_ID)
			->setObject(self::TARGET_OBJECT, (string)$targetId)
			->setSubject($type);
		$this->manager->markProcessed($notification);
	}

	public function notifyUser(string $userId, int $since): void {
		$notification = $this->manager->createNotification();
		$notification->setApp(Application::APP_ID)
			->setUser($userId)
			->setDateTime(new \DateTime('@' . $since))
			->setObject(self::USER_OBJECT, $userId)
			->setSubject(self::USER_SUBJECT);
		$this->manager->notify($notification);
	}

	public function withdrawUser(string $userId): void {
		$notification = $this->manager->createNotification();
		$notification->setApp(Application::APP_ID)
			->setUser($userId)
			->setObject(self::USER_OBJECT, $userId)
			->setSubject(self::USER_SUBJECT);
		$this->manager->markProcessed($notification);
	}

	/**
	 * The tripwire holds a user's changes: the admins are told.
	 *
	 * @param list<string> $admins
	 */
	public function notifyTripwire(string $userId, int $since, array $admins): void {
		foreach ($admins as $admin) {
			$notification = $this->manager->createNotification();
			$notification->setApp(Application::APP_ID)
				->setUser($admin)
				->setDateTime(new \DateTime('@' . $since))
				->setObject(self::TRIPWIRE_OBJECT, $userId)
				->setSubject(self::TRIPWIRE_SUBJECT);
			$this->manager->notify($notification);
		}
	}

	public function withdrawTripwire(string $userId): void {
		$notification = $this->manager->createNotification();
		$notification->setApp(Application::APP_ID)
			->setObject(self::TRIPWIRE_OBJECT, $userId)
			->setSubject(self::TRIPWIRE_SUBJECT);
		$this->manager->markProcessed($notification);
	}

	/**
	 * An offline drive caught up: safe to unplug. One notification per admin, replaced at the next visit.
	 *
	 * @param list<string> $admins
	 */
	public function notifyUpToDate(int $targetId, int $at, array $admins): void {
		foreach ($admins as $admin) {
			$notification = $this->manager->createNotification();
			$notification->setApp(Application::APP_ID)
				->setUser($admin)
				->setDateTime(new \DateTime('@' . $at))
				->setObject(self::OFFLINE_DRIVE_OBJECT, (string)$targetId)
				->setSubject(self::UP_TO_DATE_SUBJECT, ['targetId' => $targetId]);
			$this->manager->notify($notification);
		}
	}

	public function withdrawUpToDate(int $targetId): void {
		$notification = $this->manager->createNotification();
		$notification->setApp(Application::APP_ID)
			->setObject(self::OFFLINE_DRIVE_OBJECT, (string)$targetId)
			->setSubject(self::UP_TO_DATE_SUBJECT);
		$this->manager->markProcessed($notification);
	}
}
