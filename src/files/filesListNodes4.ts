/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 33 and later: nodes of @nextcloud/files 4.x, which their Files app reads.

import type { MirrorRestoredNode } from '../types/status'

import { emit } from '@nextcloud/event-bus'
import { File } from '@nextcloud/files-4'
import { defaultRemoteURL, defaultRootPath } from '@nextcloud/files-4/dav'
import { restoredNodeData } from './restoredNodeData'

export function toNode(node: MirrorRestoredNode): File {
	return new File(restoredNodeData(node, defaultRemoteURL, defaultRootPath))
}

export function announce(created: MirrorRestoredNode[]): void {
	created.forEach((node) => emit('files:node:created', toNode(node)))
}
