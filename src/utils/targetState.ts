/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Target, TargetState } from '../types/admin'

import { catchingUpText, restingText, upToDateText } from '../texts/states'

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
	case 'resting':
		return restingText(target.lastCompleteAt === null ? null : Math.max(0, Math.floor((now - target.lastCompleteAt) / 86400)))
	case 'catching-up':
		// first every user is compared with the drive (the progress bar below), then the differences copied
		return catchingUpText(target.pending === 0 && target.resync.running, target.pending)
	case 'up-to-date':
		return upToDateText()
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
