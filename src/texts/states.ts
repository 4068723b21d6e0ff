/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The catalogue of state texts: every word the front end says about a state (a file's badge, the Files
// sidebar, a target on the admin page). What a state is stays with its owner (files/state.ts,
// utils/targetState.ts); how it reads is here. The words of a failure come from the server's catalogue
// (lib/Status/FailureMessages.php).

import type { TargetState } from '../types/admin'
import type { MirrorExclusion, MirrorState, MirrorTargetState } from '../types/status'

// The badge's own words, shown by the script Files loads on every page, come from the server (files/texts.ts).
import { n, t } from '@nextcloud/l10n'

// The Files sidebar

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

/**
 * Why a file or folder is left out of the mirror: "Left out by .nomirror in Photos/Cache". $copied: a copy
 * made before is still on a drive (until the next reconcile moves it to the mirror trash). The size formatter
 * comes from the caller, so that the script Files loads on every page does not take it in with the badge's texts.
 */
export function exclusionText(exclusion: MirrorExclusion, copied: boolean, formatSize: (bytes: number) => string): string {
	let why: string
	switch (exclusion.reason) {
	case 'nomirror':
		why = exclusion.detail === ''
			? t('mirror', 'Left out by .nomirror in the top folder')
			: t('mirror', 'Left out by .nomirror in {folder}').replace('{folder}', exclusion.detail)
		break
	case 'pattern':
		why = t('mirror', 'Left out by the pattern {pattern}').replace('{pattern}', exclusion.detail)
		break
	case 'user':
		why = t('mirror', 'Left out: this user\'s files are not mirrored')
		break
	case 'group':
		why = t('mirror', 'Left out: the group {group} is not mirrored').replace('{group}', exclusion.detail)
		break
	case 'size':
		why = t('mirror', 'Left out: larger than the {size} the mirror copies').replace('{size}', formatSize(Number(exclusion.detail)))
		break
	case 'external':
		why = t('mirror', 'Left out: the external storage {storage} is not mirrored').replace('{storage}', exclusion.detail)
		break
	}
	return copied
		? why + '. ' + t('mirror', 'The copy made before moves to the mirror trash at the next check.')
		: why + '.'
}

/** Why a target cannot be written to now (the reasons of lib/Drive/TargetState.php), for its users. */
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

// A target on the admin page

/** The state of a target in a few words: 'Online', 'Offline: drive not mounted', … */
export function targetStateLabel(state: TargetState): string {
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
	case 'other_node':
		return t('mirror', 'On another server')
	}
	return state.online ? t('mirror', 'Online') : t('mirror', 'Offline')
}

/** An offline drive at rest (unplugged): days since its last complete copy, null for none yet. */
export function restingText(days: number | null): string {
	if (days === null) {
		return t('mirror', 'Resting — no complete copy yet')
	}
	return days === 0
		? t('mirror', 'Resting — last complete copy today')
		: n('mirror', 'Resting — last complete copy %n day ago', 'Resting — last complete copy %n days ago', days)
}

/** An offline drive catching up: comparing every user with the drive first, then copying the differences. */
export function catchingUpText(comparing: boolean, pending: number): string {
	return comparing
		? t('mirror', 'Catching up: comparing with the drive')
		: n('mirror', 'Catching up: %n file to copy', 'Catching up: %n files to copy', pending)
}

/** An offline drive caught up. */
export function upToDateText(): string {
	return t('mirror', 'Up to date — safe to unplug')
}
