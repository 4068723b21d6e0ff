/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorState } from '../types/status'
import type { NodeLike } from './state'

import { STATE_ICONS } from './icons'
import { stateLabel, stateTooltip } from './texts'
import { stateOf } from './state'

const STYLE_ID = 'mirror-badge-style'

// Files' own buttons set sizes and backgrounds on every <button>: undo them for the badge.
const STYLE = `
button.mirror-badge{display:inline-flex;align-items:center;justify-content:center;box-sizing:border-box;
width:var(--default-clickable-area,34px);height:var(--default-clickable-area,34px);min-width:0;min-height:0;
margin:0;padding:0;border:0;border-radius:var(--border-radius-element,50%);background:transparent;cursor:pointer}
button.mirror-badge:hover,button.mirror-badge:focus-visible{background:var(--color-background-hover)}
button.mirror-badge:focus-visible{outline:2px solid var(--color-main-text);outline-offset:-2px}
button.mirror-badge svg{width:16px;height:16px;fill:currentColor}
.mirror-badge--replicated{color:var(--color-success-text,var(--color-success,#2d7b41))}
.mirror-badge--pending{color:var(--color-text-maxcontrast,#6b6b6b)}
.mirror-badge--failed{color:var(--color-error-text,var(--color-error,#c9302c))}
`

function ensureStyle(): void {
	if (!document.getElementById(STYLE_ID)) {
		const style = document.createElement('style')
		style.id = STYLE_ID
		style.textContent = STYLE
		document.head.appendChild(style)
	}
}

/** Shows STATE on a badge: colour, icon, accessible label and tooltip. */
export function applyState(badge: HTMLElement, state: MirrorState): void {
	badge.className = `mirror-badge mirror-badge--${state}`
	badge.dataset.mirrorState = state
	badge.setAttribute('aria-label', stateLabel(state))
	badge.title = stateTooltip(state)
	badge.innerHTML = STATE_ICONS[state]
}

/** Opens the Files sidebar on the Mirror tab for a node: each Files version has its own way (./filesApi3, ./filesApi4). */
export type OpenTab = (node: NodeLike) => Promise<void>

/**
 * The badge for a file list row: a button that opens the Mirror tab, or null for files the
 * mirror does not copy.
 */
export function renderBadge(node: NodeLike | null | undefined, openTab: OpenTab): HTMLElement | null {
	const state = stateOf(node)
	if (state === null || !node) {
		return null
	}
	ensureStyle()
	const badge = document.createElement('button')
	badge.type = 'button'
	badge.dataset.mirrorFileId = String(node.fileid ?? '')
	applyState(badge, state)
	badge.addEventListener('click', (event) => {
		// the row would open the file
		event.stopPropagation()
		void openTab(node)
	})
	return badge
}

/** Updates the badges of a file already on screen (the sidebar learnt a new state). */
export function updateBadges(fileId: number, state: MirrorState | null): void {
	document.querySelectorAll<HTMLElement>(`.mirror-badge[data-mirror-file-id="${fileId}"]`).forEach((badge) => {
		if (state === null) {
			badge.remove()
		} else {
			applyState(badge, state)
		}
	})
}
