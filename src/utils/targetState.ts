/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { TargetState } from '../types/admin'

import { t } from '@nextcloud/l10n'

/** The state of a target in a few words: 'Online', 'Offline: drive not mounted', … */
export function stateLabel(state: TargetState): string {
	switch (state.reason) {
	case null:
		return t('mirror', 'Online')
	case 'full':
		return t('mirror', 'Online, but full')
	case 'disabled':
		return t('mirror', 'Disabled')
	case 'not_found':
		return t('mirror', 'Offline: the folder does not exist (not mounted)')
	case 'not_directory':
		return t('mirror', 'Offline: not a folder')
	case 'marker_missing':
		return t('mirror', 'Offline: drive not mounted (marker file missing)')
	case 'marker_mismatch':
		return t('mirror', 'Offline: another drive is mounted here')
	case 'not_writable':
		return t('mirror', 'Offline: not writable')
	}
	return state.online ? t('mirror', 'Online') : t('mirror', 'Offline')
}

/** online, warning (full, disabled) or offline: for colours and icons. */
export function stateLevel(state: TargetState): 'online' | 'warning' | 'offline' {
	if (state.reason === null && state.online) {
		return 'online'
	}
	return state.reason === 'full' || state.reason === 'disabled' ? 'warning' : 'offline'
}
