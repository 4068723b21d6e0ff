/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The Mirror tab's content, loaded by src/init.ts (import()) when a sidebar first shows the tab.

import type { NodeLike } from './files/state'

import { createApp, h, shallowReactive } from 'vue'
import MirrorTab from './views/MirrorTab.vue'

export interface TabProps {
	fileId: number
	name: string
	isFolder: boolean
	/** Whether the tab is the visible one: it polls only then. */
	active: boolean
	/** The Files app's node, to keep its state in step with what the tab learns. */
	node: NodeLike | null
}

export interface TabHandle {
	update: (props: Omit<TabProps, 'active'>) => void
	setActive: (active: boolean) => void
	destroy: () => void
}

export function mountTab(el: HTMLElement, initial: TabProps): TabHandle {
	// shallow: Vue must not wrap the Files app's node in proxies
	const props = shallowReactive<TabProps>({ ...initial })
	const app = createApp({
		render: () => h(MirrorTab, { ...props }),
	})
	app.mount(el)
	return {
		update(next) {
			Object.assign(props, next)
		},
		setActive(active) {
			props.active = active
		},
		destroy() {
			app.unmount()
		},
	}
}
