<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Dashboard;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\ConditionText;
use OCA\Mirror\Health\HealthStore;
use OCA\Mirror\Status\OfflineDrivePhase;
use OCA\Mirror\Status\PersonalStatusService;
use OCA\Mirror\Status\StatusService;
use OCP\Dashboard\IAPIWidgetV2;
use OCP\Dashboard\IIconWidget;
use OCP\Dashboard\Model\WidgetItem;
use OCP\Dashboard\Model\WidgetItems;
use OCP\IGroupManager;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\Util;

/**
 * The dashboard's word on the backup: for admins, each drive's state, free space and days left with
 * the waiting and failed counts; for everyone else, their own files.
 */
class MirrorWidget implements IAPIWidgetV2, IIconWidget {
	public function __construct(
		private IL10N $l,
		private IURLGenerator $urls,
		private IGroupManager $groups,
		private StatusService $status,
		private PersonalStatusService $personal,
		private HealthStore $store,
		private ConditionText $text,
	) {
	}

	#[\Override]
	public function getId(): string {
		return Application::APP_ID;
	}

	#[\Override]
	public function getTitle(): string {
		return $this->l->t('Backup drives');
	}

	#[\Override]
	public function getOrder(): int {
		return 40;
	}

	#[\Override]
	public function getIconClass(): string {
		return 'icon-mirror';
	}

	#[\Override]
	public function getIconUrl(): string {
		return $this->urls->getAbsoluteURL($this->urls->imagePath(Application::APP_ID, 'app-dark.svg'));
	}

	#[\Override]
	public function getUrl(): ?string {
		return null;
	}

	#[\Override]
	public function load(): void {
		// items come through the dashboard's API (getItemsV2); nothing to load into the page
	}

	#[\Override]
	public function getItemsV2(string $userId, ?string $since = null, int $limit = 7): WidgetItems {
		$items = $this->groups->isAdmin($userId) ? $this->adminItems() : $this->userItems($userId);
		return new WidgetItems(array_slice($items, 0, max(1, $limit)), $this->l->t('No mirror drive is set up yet.'));
	}

	/**
	 * @return list<WidgetItem>
	 */
	private function adminItems(): array {
		$link = $this->urls->linkToRouteAbsolute('settings.AdminSettings.index', ['section' => Application::APP_ID]);
		$conditions = [];
		foreach ($this->store->conditions() as $condition) {
			$conditions[$condition->targetId][] = $condition;
		}
		$items = [];
		foreach ($this->status->targets() as $target) {
			if (!$target['enabled']) {
				continue;
			}
			$found = $conditions[$target['id']] ?? [];
			usort($found, static fn (Condition $a, Condition $b): int => (int)$b->isError() <=> (int)$a->isError());
			$resting = $target['offlineDrivePhase'] === OfflineDrivePhase::RESTING; // an offline drive away from the server, as it should be
			$parts = [$found === [] ? ($target['state']['online'] ? $this->l->t('Online') : ($resting ? $this->l->t('Resting (offline drive)') : $this->l->t('Offline'))) : $this->text->title($found[0], $this->l)];
			$state = $target['state'];
			if ($state['freeBytes'] !== null && $state['totalBytes'] !== null) {
				$parts[] = $this->l->t('%1$s free of %2$s', [Util::humanFileSize($state['freeBytes']), Util::humanFileSize($state['totalBytes'])]);
			}
			foreach ($found as $condition) {
				if ($condition->number('daysLeft') !== null) {
					$parts[] = $this->l->n('full in about %n day', 'full in about %n days', (int)$condition->number('daysLeft'));
					break;
				}
			}
			$parts[] = $this->l->t('%1$d waiting, %2$d failed', [$target['pending'], $target['failed']]);
			$items[] = new WidgetItem($target['name'], implode(' · ', $parts), $link, $this->getIconUrl(), (string)$target['id']);
		}
		return $items;
	}

	/**
	 * @return list<WidgetItem>
	 */
	private function userItems(string $userId): array {
		$link = $this->urls->linkToRouteAbsolute('settings.PersonalSettings.index', ['section' => Application::APP_ID]);
		$items = [];
		foreach ($this->personal->forUser($userId)['targets'] as $target) {
			$subtitle = $this->l->n('%1$d of %n file backed up', '%1$d of %n files backed up', $target['files'], [$target['replicated']]);
			if ($target['pending'] > 0 || $target['failed'] > 0) {
				$subtitle .= ' · ' . $this->l->t('%1$d waiting, %2$d failed', [$target['pending'], $target['failed']]);
			}
			$items[] = new WidgetItem($target['name'], $subtitle, $link, $this->getIconUrl(), (string)$target['id']);
		}
		return $items;
	}
}
