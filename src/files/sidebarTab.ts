/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { LegacyTabOptions } from './sidebar32'
import type { NodeLike } from './state'
import type { TabHandle, TabProps } from '../sidebar'

import { filesTexts } from './texts'
import { MIRROR_ICON } from './icons'

export const TAB_ID = 'mirror'

/** The tab's content (Vue and all) loads when a sidebar first shows it. */
const loadTab = () => import(/* webpackChunkName: "sidebar-tab" */ '../sidebar')

/** Nextcloud 32 hands the tab a legacy FileInfo. */
interface LegacyFileInfo {
	id?: number
	name?: string
	isDirectory?: () => boolean
	node?: NodeLike
}

/** Nextcloud 33+ hands the custom element a @nextcloud/files 4 node. */
interface ModernNode extends NodeLike {
	basename?: string
	type?: string
}

export function propsFromFileInfo(fileInfo: LegacyFileInfo | null | undefined): Omit<TabProps, 'active'> {
	return {
		fileId: Number(fileInfo?.id ?? 0),
		name: String(fileInfo?.name ?? ''),
		isFolder: fileInfo?.isDirectory?.() ?? false,
		node: fileInfo?.node ?? null,
	}
}

export function propsFromNode(node: ModernNode | null | undefined): Omit<TabProps, 'active'> {
	return {
		fileId: Number(node?.fileid ?? 0),
		name: String(node?.basename ?? ''),
		isFolder: node?.type === 'folder',
		node: node ?? null,
	}
}

/** Nextcloud 32: OCA.Files.Sidebar.Tab options; mount() loads the content on first use. */
export function legacyTab(): LegacyTabOptions {
	let handle: TabHandle | null = null
	let active = false
	return {
		id: TAB_ID,
		name: filesTexts().tab,
		iconSvg: MIRROR_ICON,
		async mount(el, fileInfo) {
			const { mountTab } = await loadTab()
			handle?.destroy()
			handle = mountTab(el as HTMLElement, { ...propsFromFileInfo(fileInfo as LegacyFileInfo), active })
		},
		update(fileInfo) {
			handle?.update(propsFromFileInfo(fileInfo as LegacyFileInfo))
		},
		setIsActive(isActive) {
			active = isActive
			handle?.setActive(isActive)
		},
		destroy() {
			handle?.destroy()
			handle = null
		},
		enabled: () => true,
	}
}

export const TAG_NAME = 'mirror-files-sidebar-tab'

/**
 * Nextcloud 33+: the Files app renders <mirror-files-sidebar-tab> and sets its node, folder,
 * view and active properties (newer versions call setActive()). The element mounts the Vue
 * content when connected.
 */
export function defineTabElement(): void {
	if (window.customElements.get(TAG_NAME)) {
		return
	}
	class MirrorTabElement extends HTMLElement {
		#node: ModernNode | null = null
		#active = false
		#handle: TabHandle | null = null
		#mounting = false

		get node(): ModernNode | null {
			return this.#node
		}

		set node(node: ModernNode | null) {
			this.#node = node
			this.#handle?.update(propsFromNode(node))
		}

		get active(): boolean {
			return this.#active
		}

		set active(active: boolean) {
			this.#active = Boolean(active)
			this.#handle?.setActive(this.#active)
		}

		setActive(active: boolean): void {
			this.active = active
		}

		async connectedCallback(): Promise<void> {
			if (this.#handle || this.#mounting) {
				return
			}
			this.#mounting = true
			const { mountTab } = await loadTab()
			this.#mounting = false
			if (this.isConnected && !this.#handle) {
				const root = document.createElement('div')
				this.replaceChildren(root)
				this.#handle = mountTab(root, { ...propsFromNode(this.#node), active: this.#active })
			}
		}

		disconnectedCallback(): void {
			this.#handle?.destroy()
			this.#handle = null
		}
	}
	window.customElements.define(TAG_NAME, MirrorTabElement)
}

/** Nextcloud 33+: what @nextcloud/files 4's registerSidebarTab() takes. */
export function modernTab() {
	return {
		id: TAB_ID,
		displayName: filesTexts().tab,
		iconSvgInline: MIRROR_ICON,
		order: 95,
		tagName: TAG_NAME,
		enabled: () => true,
		onInit: async () => defineTabElement(),
	}
}
