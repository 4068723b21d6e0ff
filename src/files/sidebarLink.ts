/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { NodeLike } from './state'

export const TAB_ID = 'mirror'

interface SidebarGlobals {
	OCA?: {
		Files?: {
			// Nextcloud 32
			Sidebar?: { open?: (path: string) => Promise<void>, setActiveTab?: (id: string) => void }
			// Nextcloud 33+ (what @nextcloud/files 4's getSidebar() talks to)
			_sidebar?: () => { open?: (node: NodeLike, tab?: string) => void } | undefined
		}
	}
}

/** Opens the Files sidebar on the Mirror tab for this node; does nothing where there is no sidebar. */
export async function openMirrorTab(node: NodeLike | null | undefined): Promise<void> {
	if (!node) {
		return
	}
	const files = (window as unknown as SidebarGlobals).OCA?.Files
	const modern = files?._sidebar?.()
	if (modern?.open) {
		modern.open(node, TAB_ID)
		return
	}
	if (files?.Sidebar?.open && node.path !== undefined) {
		files.Sidebar.setActiveTab?.(TAB_ID)
		await files.Sidebar.open(node.path)
	}
}
