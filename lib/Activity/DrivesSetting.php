<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Activity;

/**
 * The admins' "Mirror drives": tripwire holds and releases, offline drives up to date, verify results
 * (published to the group the health check notifies).
 */
class DrivesSetting extends MirrorSetting {
	#[\Override]
	public function getIdentifier(): string {
		return ActivityPublisher::TYPE_DRIVES;
	}

	#[\Override]
	public function getName(): string {
		return $this->l->t('Mirror drives: tripwire holds and releases, offline drives up to date, verify results');
	}

	#[\Override]
	public function getPriority(): int {
		return 61;
	}
}
