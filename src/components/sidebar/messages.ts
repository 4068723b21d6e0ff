/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorState, MirrorTargetState } from '../../types/status'

import { t } from '@nextcloud/l10n'

/** A file over all targets, as a sentence. */
export function overallText(state: MirrorState): string {
	switch (state) {
	case 'replicated':
		return t('mirror', 'A verified copy is on every mirror drive.')
	case 'pending':
		return t('mirror', 'Not yet on every mirror drive: it will be copied soon.')
	case 'failed':
		return t('mirror', 'Copying to a mirror drive failed. It is retried automatically.')
	}
}

/** A file on one target, in a word or two. */
export function targetStateText(state: MirrorTargetState): string {
	switch (state) {
	case 'replicated':
		return t('mirror', 'Copied')
	case 'pending':
		return t('mirror', 'Waiting to be copied')
	case 'failed':
		return t('mirror', 'Failed')
	case 'none':
		return t('mirror', 'Not copied yet')
	}
}

/** Why a failed copy failed (the error codes of lib/Exception/ReplicationException.php). */
export function errorText(code: string | null): string {
	switch (code) {
	case 'full':
		return t('mirror', 'The mirror drive is full.')
	case 'permission':
		return t('mirror', 'The mirror drive does not allow writing this file.')
	case 'name':
		return t('mirror', 'The mirror drive does not accept this file name.')
	case 'too_large':
		return t('mirror', 'The file is too large for the mirror drive.')
	case 'source':
		return t('mirror', 'Nextcloud could not read the file (it may have been in use).')
	case 'changed':
		return t('mirror', 'The file changed while it was being copied.')
	case 'verify':
		return t('mirror', 'The copy did not read back the same and was discarded.')
	default:
		return t('mirror', 'The copy could not be written.')
	}
}

/** Why a target cannot be written to now (the reasons of lib/Model/TargetState.php). */
export function offlineText(reason: string | null): string {
	switch (reason) {
	case 'disabled':
		return t('mirror', 'This mirror drive is switched off by the administrator.')
	case 'marker_mismatch':
		return t('mirror', 'Another drive is connected in its place; the administrator has to check it.')
	default:
		return t('mirror', 'The mirror drive is not connected. Copies wait until it is back.')
	}
}
