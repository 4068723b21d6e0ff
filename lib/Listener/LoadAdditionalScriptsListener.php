<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Listener;

use OCA\Files\Event\LoadAdditionalScriptsEvent;
use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Status\FilesPageTexts;
use OCP\AppFramework\Services\IInitialState;
use OCP\EventDispatcher\Event;
use OCP\EventDispatcher\IEventListener;
use OCP\ServerVersion;
use OCP\Util;

/**
 * The Files app's page: add the small script that registers the badge and the sidebar tab, its words in the
 * reader's language, and the server's major version (the Files app of 32 reads @nextcloud/files 3's
 * registrations, from 33 on those of 4.x: the script loads the one that this server reads).
 *
 * @template-implements IEventListener<LoadAdditionalScriptsEvent>
 */
class LoadAdditionalScriptsListener implements IEventListener {
	public const SERVER_MAJOR_STATE = 'server-major';

	public function __construct(
		private readonly IInitialState $initialState,
		private readonly FilesPageTexts $texts,
		private readonly ServerVersion $serverVersion,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof LoadAdditionalScriptsEvent) {
			$this->initialState->provideInitialState('files-texts', $this->texts->all());
			$this->initialState->provideInitialState(self::SERVER_MAJOR_STATE, $this->serverVersion->getMajorVersion());
			// addInitScript adds l10n/<language>.js before the script (OCP\Util::addInitScript), as addScript does
			Util::addInitScript(Application::APP_ID, Application::APP_ID . '-init');
		}
	}
}
