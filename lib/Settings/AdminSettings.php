<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Settings;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Health\HealthReport;
use OCA\Mirror\Status\FailureLister;
use OCA\Mirror\Status\TargetOverview;
use OCA\Mirror\Status\UserStatusPager;
use OCP\AppFramework\Http\TemplateResponse;
use OCP\AppFramework\Services\IInitialState;
use OCP\Settings\ISettings;
use OCP\Util;

/**
 * The admin page: what the health check found, targets, per-user status, failures. Everything the
 * first paint needs comes as initial state (the same data the API's first calls would return), so
 * there is no spinner on load.
 */
class AdminSettings implements ISettings {
	public const PAGE_SIZE = 25;
	public const FAILURES = 20;

	public function __construct(
		private TargetOverview $targets,
		private UserStatusPager $status,
		private FailureLister $failures,
		private HealthReport $health,
		private IInitialState $initialState,
	) {
	}

	#[\Override]
	public function getForm(): TemplateResponse {
		$this->initialState->provideInitialState('targets', $this->targets->all());
		$this->initialState->provideInitialState('status', $this->status->page(0, self::PAGE_SIZE));
		$this->initialState->provideInitialState('failures', $this->failures->page(self::FAILURES));
		$this->initialState->provideInitialState('health', $this->health->current());
		Util::addScript(Application::APP_ID, Application::APP_ID . '-admin-settings');
		return new TemplateResponse(Application::APP_ID, 'admin-settings');
	}

	#[\Override]
	public function getSection(): string {
		return Application::APP_ID;
	}

	#[\Override]
	public function getPriority(): int {
		return 50;
	}
}
