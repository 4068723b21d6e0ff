<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Listener;

use OCA\DAV\Events\SabrePluginAddEvent;
use OCA\Mirror\Dav\PropFindPlugin;
use OCP\EventDispatcher\Event;
use OCP\EventDispatcher\IEventListener;
use Psr\Container\ContainerInterface;

/** @template-implements IEventListener<SabrePluginAddEvent> */
class SabrePluginAddListener implements IEventListener {
	public function __construct(
		private ContainerInterface $container,
	) {
	}

	#[\Override]
	public function handle(Event $event): void {
		if ($event instanceof SabrePluginAddEvent) {
			$event->getServer()->addPlugin($this->container->get(PropFindPlugin::class));
		}
	}
}
