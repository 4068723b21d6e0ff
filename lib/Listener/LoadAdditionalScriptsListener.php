<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Listener;

use OCA\Files\Event\LoadAdditionalScriptsEvent;
use OCA\Mirror\AppInfo\Application;
use OCP\EventDispatcher\Event;
use OCP\EventDispatcher\IEventListener;
use OCP\Util;

/**
 * The Files app's page: add the small script that registers the badge and the sidebar tab.
 *
 * @template-implements IEventListener<LoadAdditionalScriptsEvent>
 */
class LoadAdditionalScriptsListener implements IEventListener {
	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof LoadAdditionalScriptsEvent) {
			Util::addInitScript(Application::APP_ID, Application::APP_ID . '-init');
		}
	}
}
