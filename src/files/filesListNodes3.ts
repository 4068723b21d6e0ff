/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 32: nodes of @nextcloud/files 3.x, which its Files app reads.

import type { MirrorRestoredNode } from '../types/status'

import { emit } from '@nextcloud/event-bus'
import { davRemoteURL, davRootPath, File } from '@nextcloud/files'
import { restoredNodeData } from './restoredNodeData'

export function toNode(node: MirrorRestoredNode): File {
	return new File(restoredNodeData(node, davRemoteURL, davRootPath))
}

export function announce(created: MirrorRestoredNode[]): void {
	created.forEach((node) => emit('files:node:created', toNode(node)))
}
