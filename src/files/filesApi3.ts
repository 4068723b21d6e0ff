/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 32: its Files app reads @nextcloud/files 3.x. The badge action and the WebDAV property
// go through that library's registerFileAction and registerDavProperty; the tab through 32's
// documented sidebar registration (./sidebar32: 3.x has no sidebar API).

import { FileAction, registerDavProperty, registerFileAction } from '@nextcloud/files'
import { openTab32, registerTab32 } from './sidebar32'
import { legacyTab, TAB_ID } from './sidebarTab'
import { STATUS_PROPERTY } from './state'
import { createStatusAction } from './statusAction'

export function register(): void {
	registerDavProperty(STATUS_PROPERTY)
	// 3.x calls actions with (nodes, view) and renderInline with (node, view): the action takes both shapes
	registerFileAction(new FileAction(createStatusAction((node) => openTab32(node, TAB_ID)) as unknown as ConstructorParameters<typeof FileAction>[0]))
	registerTab32(legacyTab)
}
