<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\AppInfo;

use OCA\DAV\Events\SabrePluginAddEvent;
use OCA\Files\Event\LoadAdditionalScriptsEvent;
use OCA\Mirror\BackgroundJob\RestoreScheduling;
use OCA\Mirror\Dashboard\MirrorWidget;
use OCA\Mirror\Drive\TrashRecords;
use OCA\Mirror\Listener\LoadAdditionalScriptsListener;
use OCA\Mirror\Listener\NodeChangedListener;
use OCA\Mirror\Listener\NodeDeletedListener;
use OCA\Mirror\Listener\NodeRenamedListener;
use OCA\Mirror\Listener\SabrePluginAddListener;
use OCA\Mirror\Listener\UserDeletedListener;
use OCA\Mirror\Middleware\ParameterTypesMiddleware;
use OCA\Mirror\Notification\Notifier;
use OCA\Mirror\Queue\LeftOut;
use OCA\Mirror\Restore\RestoreScheduler;
use OCA\Mirror\SetupCheck\MirrorCoverage;
use OCA\Mirror\SetupCheck\MirrorHealth;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Trash\TrashRecorder;
use OCP\AppFramework\App;
use OCP\AppFramework\Bootstrap\IBootContext;
use OCP\AppFramework\Bootstrap\IBootstrap;
use OCP\AppFramework\Bootstrap\IRegistrationContext;
use OCP\Files\Events\Node\BeforeNodeDeletedEvent;
use OCP\Files\Events\Node\NodeCopiedEvent;
use OCP\Files\Events\Node\NodeCreatedEvent;
use OCP\Files\Events\Node\NodeDeletedEvent;
use OCP\Files\Events\Node\NodeRenamedEvent;
use OCP\Files\Events\Node\NodeTouchedEvent;
use OCP\Files\Events\Node\NodeWrittenEvent;
use OCP\User\Events\UserDeletedEvent;

class Application extends App implements IBootstrap {
	public const APP_ID = 'mirror';

	public function __construct() {
		parent::__construct(self::APP_ID);
	}

	#[\Override]
	public function register(IRegistrationContext $context): void {
		$context->registerEventListener(NodeCreatedEvent::class, NodeChangedListener::class);
		$context->registerEventListener(NodeWrittenEvent::class, NodeChangedListener::class);
		$context->registerEventListener(NodeTouchedEvent::class, NodeChangedListener::class);
		$context->registerEventListener(NodeCopiedEvent::class, NodeChangedListener::class);
		$context->registerEventListener(NodeRenamedEvent::class, NodeRenamedListener::class);
		$context->registerEventListener(BeforeNodeDeletedEvent::class, NodeDeletedListener::class);
		$context->registerEventListener(NodeDeletedEvent::class, NodeDeletedListener::class);
		$context->registerEventListener(UserDeletedEvent::class, UserDeletedListener::class);
		$context->registerEventListener(SabrePluginAddEvent::class, SabrePluginAddListener::class);
		$context->registerEventListener(LoadAdditionalScriptsEvent::class, LoadAdditionalScriptsListener::class);
		$context->registerMiddleware(ParameterTypesMiddleware::class);
		$context->registerNotifierService(Notifier::class);
		$context->registerSetupCheck(MirrorHealth::class);
		$context->registerSetupCheck(MirrorCoverage::class);
		$context->registerDashboardWidget(MirrorWidget::class);
		$context->registerServiceAlias(RestoreScheduler::class, RestoreScheduling::class);
		$context->registerServiceAlias(LeftOut::class, Exclusions::class);
		$context->registerServiceAlias(TrashRecords::class, TrashRecorder::class);
	}

	#[\Override]
	public function boot(IBootContext $context): void {
	}
}
