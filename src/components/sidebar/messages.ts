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

/** Why a target cannot be written to now (the reasons of lib/Drive/TargetState.php). */
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

/**
 * Why a copy was set aside in the mirror trash, as a sentence holding '{time}' (for RelativeTime) where the
 * time it happened goes: "Overwritten by a newer version 2 hours ago".
 */
export function trashReasonText(reason: string): string {
	switch (reason) {
	case 'overwritten':
		return t('mirror', 'Overwritten by a newer version {time}')
	case 'replaced':
		return t('mirror', 'Another file took its place {time}')
	case 'deleted':
		return t('mirror', 'Deleted {time}')
	default:
		return t('mirror', 'Set aside {time}')
	}
}
