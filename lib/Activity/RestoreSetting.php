<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Activity;

/**
 * "Your files were restored from a mirror drive", in every user's activity settings (and the admin's defaults).
 */
class RestoreSetting extends MirrorSetting {
	#[\Override]
	public function getIdentifier(): string {
		return ActivityPublisher::TYPE_RESTORE;
	}

	#[\Override]
	public function getName(): string {
		return $this->l->t('Your files were restored from a mirror drive');
	}

	#[\Override]
	public function getPriority(): int {
		return 60;
	}
}
