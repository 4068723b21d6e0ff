/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorRestoredNode } from '../types/status'

/**
 * The fields of a @nextcloud/files File (3.x and 4.x take the same ones) for a file a restore wrote,
 * below the DAV root of that library's version.
 */
export function restoredNodeData(node: MirrorRestoredNode, remoteURL: string, rootPath: string) {
	// the source is not URL-encoded, as the library's own nodes from a WebDAV listing (encodedSource is)
	return {
		id: node.fileId,
		source: `${remoteURL}${rootPath}/${node.path}`,
		root: rootPath,
		owner: node.owner,
		mime: node.mime,
		mtime: new Date(node.mtime * 1000),
		size: node.size,
		// Nextcloud's permission bits are the library's Permission values
		permissions: node.permissions,
	}
}
