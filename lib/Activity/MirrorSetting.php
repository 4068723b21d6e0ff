<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Activity;

use OCP\Activity\ActivitySettings;
use OCP\IL10N;

/**
 * What Mirror's activity settings share: the "Mirror" group, in the stream by default, by mail when
 * chosen.
 */
abstract class MirrorSetting extends ActivitySettings {
	public function __construct(
		protected readonly IL10N $l,
	) {
	}

	#[\Override]
	public function getGroupIdentifier(): string {
		return 'mirror';
	}

	#[\Override]
	public function getGroupName(): string {
		return $this->l->t('Mirror');
	}

	#[\Override]
	public function canChangeStream(): bool {
		return true;
	}

	#[\Override]
	public function isDefaultEnabledStream(): bool {
		return true;
	}

	#[\Override]
	public function canChangeMail(): bool {
		return true;
	}

	#[\Override]
	public function isDefaultEnabledMail(): bool {
		return false;
	}
}
