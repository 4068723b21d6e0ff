/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { OpenTab } from './badge'
import type { NodeLike } from './state'

import { renderBadge } from './badge'
import { STATE_ICONS } from './icons'
import { filesTexts, stateTooltip } from './texts'
import { stateOf } from './state'

export const ACTION_ID = 'mirror-status'

/**
 * @nextcloud/files 3 calls actions with (nodes, view) and renderInline/exec with (node, view);
 * version 4 calls every function with one context object ({ nodes, view, folder, contents }).
 */
type Call = NodeLike[] | NodeLike | { nodes?: NodeLike[] } | null | undefined

function isContext(arg: Call): arg is { nodes?: NodeLike[] } {
	return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && Array.isArray((arg as { nodes?: unknown }).nodes)
}

export function nodesOf(arg: Call): NodeLike[] {
	if (Array.isArray(arg)) {
		return arg
	}
	if (isContext(arg)) {
		return arg.nodes ?? []
	}
	return arg ? [arg as NodeLike] : []
}

/**
 * The badge in each file list row: an inline file action that renders its own element, for
 * files that carry a mirror state. It never appears in the actions menu. OPEN_TAB opens the
 * Mirror tab the way this Files version does.
 */
export const createStatusAction = (openTab: OpenTab) => ({
	id: ACTION_ID,
	displayName: (): string => filesTexts().action,
	title: (arg: Call): string => {
		const state = stateOf(nodesOf(arg)[0])
		return state ? stateTooltip(state) : ''
	},
	iconSvgInline: (arg: Call): string => STATE_ICONS[stateOf(nodesOf(arg)[0]) ?? 'pending'],
	enabled: (arg: Call): boolean => {
		const nodes = nodesOf(arg)
		return nodes.length === 1 && stateOf(nodes[0]) !== null
	},
	exec: async (arg: Call): Promise<null> => {
		const [node] = nodesOf(arg)
		if (node) {
			await openTab(node)
		}
		return null
	},
	renderInline: async (arg: Call): Promise<HTMLElement | null> => renderBadge(nodesOf(arg)[0], openTab),
	order: -20,
})
