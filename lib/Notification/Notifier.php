<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Notification;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Health\ConditionText;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Source\ItemPath;
use OCA\Mirror\Status\OfflineDrivePhase;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IURLGenerator;
use OCP\L10N\IFactory;
use OCP\Notification\AlreadyProcessedException;
use OCP\Notification\INotification;
use OCP\Notification\INotifier;
use OCP\Notification\UnknownNotificationException;

/**
 * Puts Mirror's notifications into words when they are shown (in the bell, a push, an email), from
 * the health check's current findings: the numbers are always today's, and a condition that
 * cleared meanwhile is never shown.
 */
class Notifier implements INotifier {
	public function __construct(
		private IFactory $l10n,
		private IURLGenerator $urls,
		private HealthStore $store,
		private HealthSettings $settings,
		private FailingFiles $failingFiles,
		private ItemPath $paths,
		private ConditionText $text,
		private ITimeFactory $time,
		private Tripwire $tripwire,
		private TargetMapper $targets,
	) {
	}

	#[\Override]
	public function getID(): string {
		return Application::APP_ID;
	}

	#[\Override]
	public function getName(): string {
		return $this->l10n->get(Application::APP_ID)->t('Mirror');
	}

	#[\Override]
	public function prepare(INotification $notification, string $languageCode): INotification {
		if ($notification->getApp() !== Application::APP_ID) {
			throw new UnknownNotificationException();
		}
		$l = $this->l10n->get(Application::APP_ID, $languageCode);
		$notification->setIcon($this->urls->getAbsoluteURL($this->urls->imagePath(Application::APP_ID, 'app-dark.svg')));
		if ($notification->getObjectType() === HealthNotifications::USER_OBJECT) {
			return $this->prepareUser($notification, $l);
		}
		if ($notification->getObjectType() === HealthNotifications::TRIPWIRE_OBJECT) {
			return $this->prepareTripwire($notification, $l);
		}
		if ($notification->getObjectType() === HealthNotifications::OFFLINE_DRIVE_OBJECT) {
			return $this->prepareUpToDate($notification, $l);
		}
		$condition = $this->store->conditions()[$notification->getObjectId() . ':' . $notification->getSubject()] ?? null;
		if ($notification->getObjectType() !== HealthNotifications::TARGET_OBJECT || $condition === null) {
			throw new AlreadyProcessedException(); // cleared meanwhile: the notification goes
		}
		return $this->forAdmins($notification, $l, $this->text->title($condition, $l), $this->text->body($condition, $l));
	}

	private function prepareUser(INotification $notification, \OCP\IL10N $l): INotification {
		$now = $this->time->getTime();
		$hours = $this->settings->get()['failingHours'];
		$userId = $notification->getUser();
		$count = $this->failingFiles->users($now, $hours)[$userId] ?? 0;
		if ($count === 0 || $notification->getObjectId() !== $userId) {
			throw new AlreadyProcessedException();
		}
		$files = [];
		foreach ($this->failingFiles->ofUser($userId, $now, $hours) as $item) {
			// only the reader's own files: the queue items of this user, as paths inside their files
			$files[] = $this->paths->of($item) ?? '#' . $item->getFileId();
		}
		$link = $this->urls->linkToRouteAbsolute('settings.PersonalSettings.index', ['section' => Application::APP_ID]);
		return $notification->setParsedSubject($this->text->userTitle($count, $l))
			->setParsedMessage($this->text->userBody($files, $l))
			->setLink($link);
	}

	private function prepareTripwire(INotification $notification, \OCP\IL10N $l): INotification {
		$userId = $notification->getObjectId();
		$state = $this->tripwire->stateOf($userId);
		if ($state === null || $state->getTrippedAt() === null) {
			throw new AlreadyProcessedException();
		}
		$why = $state->getReason() === Tripwire::REASON_SIGNATURE
			? $l->t('The new content of %s does not look like its type any more, as when malware encrypts files.', [(string)$state->getDetail()])
			: $l->t('An unusual number of files were overwritten, deleted or renamed within an hour.');
		return $this->forAdmins($notification, $l, $l->t('Mirror holds the changes of %s', [$userId]), $why . ' ' . $l->t('Their mirror keeps the last good copies; new files are still copied. Look at their files, then apply or discard the held changes on the Mirror admin page or with occ mirror:tripwire:release.'));
	}

	/**
	 * Shown while it holds: the drive is still plugged in and caught up in this visit.
	 */
	private function prepareUpToDate(INotification $notification, \OCP\IL10N $l): INotification {
		try {
			$target = $this->targets->findById((int)$notification->getObjectId());
		} catch (\OCP\AppFramework\Db\DoesNotExistException) {
			throw new AlreadyProcessedException();
		}
		if (!OfflineDrivePhase::isCaughtUp($target)) {
			throw new AlreadyProcessedException();
		}
		return $this->forAdmins($notification, $l,
			$l->t('Offline drive %s is up to date; safe to unplug', [$target->getName()]),
			$l->t('Every file is on it, its manifests are written and it was synced to disk. Unplug it and keep it apart from the server; plug it in again now and then and it catches up by itself.'));
	}

	/**
	 * An admin's notification: its words, and a link and an action to the Mirror admin page.
	 */
	private function forAdmins(INotification $notification, \OCP\IL10N $l, string $subject, string $message): INotification {
		$link = $this->urls->linkToRouteAbsolute('settings.AdminSettings.index', ['section' => Application::APP_ID]);
		$notification->setParsedSubject($subject)->setParsedMessage($message)->setLink($link);
		$action = $notification->createAction();
		$action->setParsedLabel($l->t('Open Mirror settings'))->setLink($link, 'WEB')->setPrimary(true);
		$notification->addParsedAction($action);
		return $notification;
	}
}
