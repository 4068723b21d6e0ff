<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\TargetState;
use OCP\IL10N;

/**
 * A target's state (its reason code, the folder it is at) in the reader's language: what the
 * target card, the targets API and occ show.
 */
class TargetStateMessages {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	public function message(TargetState $state, string $path): string {
		return match ($state->reason) {
			null => $this->l->t('Online.'),
			TargetState::FULL => $this->l->t('The drive is full.'),
			TargetState::DISABLED => $this->l->t('The target is disabled.'),
			TargetState::NOT_FOUND => $this->l->t('The folder %s does not exist: is the drive mounted?', [$path]),
			TargetState::NOT_DIRECTORY => $this->l->t('%s is not a folder.', [$path]),
			TargetState::MARKER_MISSING => $this->l->t('The marker file %1$s is missing in %2$s: the drive is not mounted (or is a new, blank drive that must be adopted).', [Drive::MARKER, $path]),
			TargetState::MARKER_MISMATCH => $this->l->t('The drive mounted at %s belongs to another mirror target or another Nextcloud; adopt it to use it for this target.', [$path]),
			TargetState::NOT_WRITABLE => $this->l->t('Nextcloud cannot write to %s (check the owner and permissions, or a read-only mount).', [$path]),
			TargetState::OTHER_NODE => $this->l->t('The drive is plugged into another server; that server copies to it and checks it.'),
			default => $this->l->t('The target is offline.'),
		};
	}
}
