/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorState } from '../types/status'

import { loadState } from '@nextcloud/initial-state'

/**
 * The words of the script Files loads on every page (the badge, its action, the tab's name), translated by the
 * server into the reader's language (lib/Status/FilesPageTexts.php, provided as the initial state "files-texts"
 * with the script). @nextcloud/l10n's t() would cost this script 35 KB (its HTML sanitizer, DOMPurify): three
 * times its budget of 15 KB. Everything loaded later (the tab's content) translates with @nextcloud/l10n.
 */
export interface FilesTexts {
	action: string
	tab: string
	replicated: string
	pending: string
	failed: string
	details: string
}

let texts: FilesTexts | null = null

/** The texts the page came with (read once; empty strings on a page without them). */
export function filesTexts(): FilesTexts {
	texts ??= loadState<FilesTexts>('mirror', 'files-texts', { action: '', tab: '', replicated: '', pending: '', failed: '', details: '' })
	return texts
}

/** What assistive technology reads for the badge. */
export function stateLabel(state: MirrorState): string {
	return filesTexts()[state]
}

/** The badge's tooltip: the label and where to learn more. */
export function stateTooltip(state: MirrorState): string {
	return stateLabel(state) + '. ' + filesTexts().details
}
