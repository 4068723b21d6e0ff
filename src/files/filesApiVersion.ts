/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { loadState } from '@nextcloud/initial-state'

/** What lib/Listener/LoadAdditionalScriptsListener.php tells the Files page: the server's major version. */
export const SERVER_MAJOR_STATE = 'server-major'

/**
 * Which @nextcloud/files the server's Files app reads (the library's compatibility table: 3.x for
 * Nextcloud 26 to 32, 4.x from 33 on), or null when the page does not say (then both register;
 * each Files app ignores the other library's registrations).
 */
export function filesApiVersion(): 3 | 4 | null {
	return filesApiFor(loadState<unknown>('mirror', SERVER_MAJOR_STATE, null))
}

/** The @nextcloud/files major that the Files app of Nextcloud MAJOR reads. */
export function filesApiFor(major: unknown): 3 | 4 | null {
	if (typeof major !== 'number' || !Number.isInteger(major) || major <= 0) {
		return null
	}
	return major >= 33 ? 4 : 3
}
