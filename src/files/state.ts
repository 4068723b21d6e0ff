/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorState } from '../types/status'

/** The WebDAV property the server adds to each file of a folder listing (lib/Dav/PropFindPlugin.php). */
export const STATUS_PROPERTY = 'nc:mirror-status'
/** Where the Files app puts it on its nodes. */
export const STATUS_ATTRIBUTE = 'mirror-status'

const STATES: readonly string[] = ['replicated', 'pending', 'failed']

export interface NodeLike {
	fileid?: number
	path?: string
	attributes?: Record<string, unknown>
}

/**
 * The node's state, or null when the mirror does not copy it (no property, or nothing we know:
 * Files may hand an empty value for a property the server left out).
 */
export function stateOf(node: NodeLike | null | undefined): MirrorState | null {
	const value = node?.attributes?.[STATUS_ATTRIBUTE]
	return typeof value === 'string' && STATES.includes(value) ? value as MirrorState : null
}

/** Sets the node's state, so that Files shows it when it renders the row again. */
export function setStateOf(node: NodeLike | null | undefined, state: MirrorState | null): void {
	if (node?.attributes) {
		node.attributes[STATUS_ATTRIBUTE] = state ?? undefined
	}
}
