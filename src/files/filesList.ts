/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorRestoredNode, MirrorRestoreResult } from '../types/status'

import { filesApiVersion } from './filesApiVersion'

/** Tells the Files app about restored files, as @nextcloud/files nodes of the version it reads. */
export interface NodeEvents {
	announce: (created: MirrorRestoredNode[]) => void
}

/**
 * After a restore from the sidebar: the Files list shows the files that came back at once, through the
 * event the Files app listens to (`files:node:created`, with a node of its own @nextcloud/files). The
 * sidebar's restores never write over a file (an earlier version comes back next to it; a deleted file
 * where it was, or next to a different file standing there), so there is no `files:node:updated` to send;
 * a file that was already there (skipped) has not changed. The node classes load with the first restore.
 */
export async function showRestoredInFiles(
	result: MirrorRestoreResult,
	load3: () => Promise<NodeEvents> = () => import(/* webpackChunkName: "files-nodes-3" */ './filesListNodes3'),
	load4: () => Promise<NodeEvents> = () => import(/* webpackChunkName: "files-nodes-4" */ './filesListNodes4'),
): Promise<void> {
	const created = result.files.filter((file) => file.result === 'restored' && file.node !== null).map((file) => file.node as MirrorRestoredNode)
	if (created.length === 0) {
		return
	}
	// a page that does not say which Files it is (none of Nextcloud's) gets no events: a node of the
	// wrong library would confuse the list more than a missing row
	const version = filesApiVersion()
	if (version !== null) {
		(await (version === 4 ? load4() : load3())).announce(created)
	}
}
