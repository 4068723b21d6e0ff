<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Settings;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Status\PersonalStatusService;
use OCP\AppFramework\Http\TemplateResponse;
use OCP\AppFramework\Services\IInitialState;
use OCP\IUserSession;
use OCP\Settings\ISettings;
use OCP\Util;

/**
 * The user's own mirror totals, painted from initial state.
 */
class PersonalSettings implements ISettings {
	public function __construct(
		private PersonalStatusService $status,
		private IInitialState $initialState,
		private IUserSession $userSession,
	) {
	}

	#[\Override]
	public function getForm(): TemplateResponse {
		$this->initialState->provideInitialState('personal-status', $this->status->forUser((string)$this->userSession->getUser()?->getUID()));
		Util::addScript(Application::APP_ID, Application::APP_ID . '-personal-settings');
		return new TemplateResponse(Application::APP_ID, 'personal-settings');
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
