/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 33 and later: their Files app reads @nextcloud/files 4.x (installed here as
// @nextcloud/files-4). Everything goes through its public functions: registerFileAction,
// registerDavProperty (from its /dav entry), registerSidebarTab, and getSidebar() to open the tab.

import { getSidebar, registerFileAction, registerSidebarTab } from '@nextcloud/files-4'
import { registerDavProperty } from '@nextcloud/files-4/dav'
import { modernTab, TAB_ID } from './sidebarTab'
import { STATUS_PROPERTY } from './state'
import { createStatusAction } from './statusAction'

type SidebarNode = Parameters<ReturnType<typeof getSidebar>['open']>[0]

export function register(): void {
	registerDavProperty(STATUS_PROPERTY)
	// 4.x calls every function of an action with one context object: the action takes that shape too
	registerFileAction(createStatusAction(async (node) => getSidebar().open(node as SidebarNode, TAB_ID)) as unknown as Parameters<typeof registerFileAction>[0])
	registerSidebarTab(modernTab())
}
