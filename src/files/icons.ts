/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorState } from '../types/status'

const svg = (path: string): string => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${path}"/></svg>`

/** A check in a disc, a clock, an exclamation mark in a disc. */
export const STATE_ICONS: Readonly<Record<MirrorState, string>> = {
	replicated: svg('M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m-1.6 14.6-4.3-4.3 1.4-1.4 2.9 2.9 6.1-6.1 1.4 1.4z'),
	pending: svg('M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16m-1 3v6.1l5.2 3.1 1-1.7-4.2-2.5V7z'),
	failed: svg('M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20m-1 5h2v7h-2zm0 9h2v2h-2z'),
}

/** Two drives, the second a copy of the first: the Mirror tab. */
export const MIRROR_ICON = svg('M3 4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v2h-2V4H5v9h2v2H5a2 2 0 0 1-2-2zm6 7a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-8a2 2 0 0 1-2-2zm2 0v9h8v-9zm1 6h5v1.5h-5z')
