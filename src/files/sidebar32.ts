/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 32's Files sidebar has no @nextcloud/files API: @nextcloud/files 3.x has no sidebar
// functions at all (its index exports actions, list filters and headers, navigation, the new-file
// menu, nodes and WebDAV helpers), and the registerSidebarTab()/getSidebar() of 4.x write into
// _nc_files_scope.v4_0, which only 33's Files app reads. The way Nextcloud 32 documents for a sidebar
// tab is its Files app's own OCA.Files.Sidebar object (apps/files/src/services/Sidebar.js in
// stable32): registerTab(new OCA.Files.Sidebar.Tab({...})), and open(path) with setActiveTab(id) to
// show one. So the two uses of OCA.Files.Sidebar below are that documented API of 32, called as it is
// documented, for 32 only (./filesApi3); from 33 on ./filesApi4 uses @nextcloud/files 4.

import type { NodeLike } from './state'

/** The options of Nextcloud 32's OCA.Files.Sidebar.Tab. */
export interface LegacyTabOptions {
	id: string
	name: string
	iconSvg: string
	mount: (el: HTMLElement, fileInfo: unknown, context: unknown) => Promise<void>
	update: (fileInfo: unknown) => void
	setIsActive: (active: boolean) => void
	destroy: () => void
	enabled: (fileInfo: unknown) => boolean
}

interface Sidebar32 {
	registerTab?: (tab: unknown) => boolean
	Tab?: new (options: LegacyTabOptions) => unknown
	open?: (path: string) => Promise<void>
	setActiveTab?: (id: string) => void
}

declare global {
	interface Window {
		OCA?: { Files?: { Sidebar?: Sidebar32 } }
	}
}

/**
 * Registers the tab once the page's scripts have run (the Files sidebar script that creates
 * OCA.Files.Sidebar runs after the init scripts), as the server's own apps do on 32.
 */
export function registerTab32(options: () => LegacyTabOptions): void {
	const register = () => {
		const sidebar = window.OCA?.Files?.Sidebar
		if (sidebar?.registerTab && sidebar.Tab) {
			sidebar.registerTab(new sidebar.Tab(options()))
		}
	}
	if (document.readyState === 'loading') {
		window.addEventListener('DOMContentLoaded', register, { once: true })
	} else {
		register()
	}
}

/** Opens Nextcloud 32's sidebar on the tab TAB for a node; does nothing where the page has no sidebar. */
export async function openTab32(node: NodeLike, tab: string): Promise<void> {
	const sidebar = window.OCA?.Files?.Sidebar
	if (sidebar?.open && node.path !== undefined) {
		sidebar.setActiveTab?.(tab)
		await sidebar.open(node.path)
	}
}
