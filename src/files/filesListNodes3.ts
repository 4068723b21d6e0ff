/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 32: nodes of @nextcloud/files 3.x, which its Files app reads.

import type { MirrorRestoredNode } from '../types/status'

import { emit } from '@nextcloud/event-bus'
import { davRemoteURL, davRootPath, File } from '@nextcloud/files'

export function toNode(node: MirrorRestoredNode): File {
	// the source is not URL-encoded, as the library's own nodes from a WebDAV listing (encodedSource is)
	return new File({
		id: node.fileId,
		source: `${davRemoteURL}${davRootPath}/${node.path}`,
		root: davRootPath,
		owner: node.owner,
		mime: node.mime,
		mtime: new Date(node.mtime * 1000),
		size: node.size,
		// Nextcloud's permission bits are the library's Permission values
		permissions: node.permissions,
	})
}

export function announce(created: MirrorRestoredNode[]): void {
	created.forEach((node) => emit('files:node:created', toNode(node)))
}
