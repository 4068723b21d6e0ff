/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Target, TargetState } from '../types/admin'

import { n, t } from '@nextcloud/l10n'

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

/**
 * An offline drive's state in a few words, null for an ordinary target: unplugged is its normal
 * state, not "offline".
 *
 * @param now Unix time, seconds
 */
export function offlineDriveLabel(target: Target, now: number): string | null {
	switch (target.offlineDrivePhase) {
	case 'resting': {
		if (target.lastCompleteAt === null) {
			return t('mirror', 'Resting — no complete copy yet')
		}
		const days = Math.max(0, Math.floor((now - target.lastCompleteAt) / 86400))
		return days === 0
			? t('mirror', 'Resting — last complete copy today')
			: n('mirror', 'Resting — last complete copy %n day ago', 'Resting — last complete copy %n days ago', days)
	}
	case 'catching-up':
		// first every user is compared with the drive (the progress bar below), then the differences copied
		return target.pending === 0 && target.resync.running
			? t('mirror', 'Catching up: comparing with the drive')
			: n('mirror', 'Catching up: %n file to copy', 'Catching up: %n files to copy', target.pending)
	case 'up-to-date':
		return t('mirror', 'Up to date — safe to unplug')
	}
	return null
}

/** For colours and icons: an offline drive that rests is as it should be. */
export function targetLevel(target: Target): 'online' | 'warning' | 'offline' {
	const phase = target.offlineDrivePhase
	if (phase === 'resting' && target.enabled) {
		return 'online'
	}
	return stateLevel(target.state)
}
