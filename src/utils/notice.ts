/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin page's few messages: a short notice after an action (showSuccess, showError) and a yes/no
// question (showConfirmation). @nextcloud/dialogs did this for about 110 KB of the admin page's first load
// and 17 lazy chunks (its file pickers, a date picker and every date-fns language): bench/README.md.

import { createApp } from 'vue'
import './notice.css'

const SHOWN_MS = 7000

let stack: HTMLElement | null = null

function notice(text: string, type: 'success' | 'error'): void {
	if (stack === null || !stack.isConnected) {
		stack = document.createElement('div')
		stack.className = 'mirror-notices'
		document.body.appendChild(stack)
	}
	const item = document.createElement('div')
	item.className = `mirror-notice mirror-notice--${type}`
	// errors interrupt a screen reader, successes wait their turn
	item.setAttribute('role', type === 'error' ? 'alert' : 'status')
	item.textContent = text
	item.addEventListener('click', () => item.remove())
	stack.appendChild(item)
	setTimeout(() => item.remove(), type === 'error' ? 2 * SHOWN_MS : SHOWN_MS)
}

export function showSuccess(text: string): void {
	notice(text, 'success')
}

export function showError(text: string): void {
	notice(text, 'error')
}

export interface Confirmation {
	name: string
	text: string
	labelConfirm: string
	labelReject: string
}

/** Asks; true when the user confirms, false when they cancel or close the dialog. */
export async function showConfirmation(question: Confirmation): Promise<boolean> {
	// NcDialog (its modal, its focus trap) loads with the first question, not with the page
	const { default: ConfirmDialog } = await import(/* webpackChunkName: "admin-dialogs" */ '../components/notice/ConfirmDialog.vue')
	return new Promise((resolve) => {
		const host = document.createElement('div')
		document.body.appendChild(host)
		const app = createApp(ConfirmDialog, {
			...question,
			onAnswer: (yes: boolean) => {
				app.unmount()
				host.remove()
				resolve(yes)
			},
		})
		app.mount(host)
	})
}
