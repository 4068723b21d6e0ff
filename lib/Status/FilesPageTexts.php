<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCP\IL10N;

/**
 * The words of the script the Files app loads on every page (the badge, its action, the sidebar tab's name), in
 * the reader's language. They go with the script as initial state: translating them in the browser would take
 * @nextcloud/l10n into that script, three times its size budget (src/files/texts.ts).
 */
class FilesPageTexts {
	public function __construct(
		private readonly IL10N $l,
	) {
	}

	/**
	 * @return array{action: string, tab: string, replicated: string, pending: string, failed: string, details: string}
	 */
	public function all(): array {
		return [
			'action' => $this->l->t('Mirror status'),
			'tab' => $this->l->t('Mirror'),
			'replicated' => $this->l->t('Mirrored: a verified copy is on every mirror drive'),
			'pending' => $this->l->t('Mirror pending: not yet copied to every mirror drive'),
			'failed' => $this->l->t('Mirror failed: copying to a mirror drive failed'),
			'details' => $this->l->t('Open the Mirror tab for details.'),
		];
	}
}
