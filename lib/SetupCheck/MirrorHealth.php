<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\SetupCheck;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\ConditionText;
use OCA\Mirror\Health\HealthStore;
use OCP\IL10N;
use OCP\IURLGenerator;
use OCP\SetupCheck\ISetupCheck;
use OCP\SetupCheck\SetupResult;

/**
 * Administration → Overview: an error while a mirror drive is offline, a warning for anything else
 * the health check found (in the same words as its notifications), as of its last run.
 */
class MirrorHealth implements ISetupCheck {
	public function __construct(
		private HealthStore $store,
		private ConditionText $text,
		private IL10N $l,
		private IURLGenerator $urls,
	) {
	}

	#[\Override]
	public function getCategory(): string {
		return 'system';
	}

	#[\Override]
	public function getName(): string {
		return $this->l->t('Mirror backup drives');
	}

	#[\Override]
	public function run(): SetupResult {
		$conditions = Condition::sorted($this->store->conditions());
		if ($conditions === []) {
			return SetupResult::success($this->l->t('Every mirror drive is connected, has room and is up to date.'));
		}
		$lines = array_map(fn (Condition $c): string => $this->text->title($c, $this->l) . ': ' . $this->text->body($c, $this->l), $conditions);
		$link = $this->urls->linkToRouteAbsolute('settings.AdminSettings.index', ['section' => Application::APP_ID]);
		$description = implode("\n", $lines);
		return $conditions[0]->isError() ? SetupResult::error($description, $link) : SetupResult::warning($description, $link);
	}
}
