/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { FileAction } from '@nextcloud/files'
import { createStatusAction, nodesOf } from './statusAction'

const openTab = jest.fn().mockResolvedValue(undefined)
const statusAction = createStatusAction(openTab)

const file = (state?: string) => ({
	fileid: 42,
	path: '/Photos/a.jpg',
	attributes: state === undefined ? {} : { 'mirror-status': state },
})
const view = { id: 'files' }

afterEach(() => {
	document.body.replaceChildren()
})

describe('the mirror status action', () => {
	it('is a valid @nextcloud/files 3 file action (what Nextcloud 32 reads)', () => {
		expect(() => new FileAction(statusAction as never)).not.toThrow()
	})

	it.each(['replicated', 'pending', 'failed'])('is enabled for a %s file, with Nextcloud 32 and 33+ call shapes', (state) => {
		expect(statusAction.enabled([file(state)])).toBe(true) // 3.x: (nodes, view)
		expect(statusAction.enabled({ nodes: [file(state)] })).toBe(true) // 4.x: (context)
	})

	it('is not enabled for out-of-scope files, nor for several files', () => {
		expect(statusAction.enabled([file()])).toBe(false)
		expect(statusAction.enabled({ nodes: [file('')] })).toBe(false)
		expect(statusAction.enabled([file('pending'), file('pending')])).toBe(false)
		expect(statusAction.enabled([])).toBe(false)
	})

	it.each([
		['replicated', /^Mirrored: a verified copy is on every mirror drive/],
		['pending', /^Mirror pending/],
		['failed', /^Mirror failed/],
	])('renders a %s badge: an accessible button with a tooltip', async (state, label) => {
		for (const call of [file(state), { nodes: [file(state)], view }]) {
			const badge = await statusAction.renderInline(call)
			expect(badge).not.toBeNull()
			expect(badge!.tagName).toBe('BUTTON')
			expect(badge!.getAttribute('type')).toBe('button')
			expect(badge!.getAttribute('aria-label')).toMatch(label)
			expect(badge!.title).toContain(badge!.getAttribute('aria-label'))
			expect(badge!.title).toContain('Open the Mirror tab for details.')
			expect(badge!.classList.contains(`mirror-badge--${state}`)).toBe(true)
			expect(badge!.dataset.mirrorFileId).toBe('42')
			expect(badge!.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true')
		}
		expect(statusAction.title([file(state)])).toMatch(label)
	})

	it('renders nothing for a file the mirror does not copy', async () => {
		expect(await statusAction.renderInline(file())).toBeNull()
		expect(await statusAction.renderInline({ nodes: [file('unknown')] })).toBeNull()
		expect(statusAction.title([file()])).toBe('')
	})

	it('adds its stylesheet once', async () => {
		await statusAction.renderInline(file('pending'))
		await statusAction.renderInline(file('failed'))
		expect(document.querySelectorAll('#mirror-badge-style')).toHaveLength(1)
	})

	it.each([
		['Nextcloud 32', (node: object) => [node]],
		['Nextcloud 33+', (node: object) => ({ nodes: [node] })],
	])('opens the Mirror tab on %s (exec, and a click on the badge, which must not open the file)', async (_, call) => {
		const node = file('failed')
		expect(await statusAction.exec(call(node) as never)).toBeNull()
		expect(openTab).toHaveBeenCalledWith(node)

		const row = document.createElement('div')
		const rowClick = jest.fn()
		row.addEventListener('click', rowClick)
		const badge = (await statusAction.renderInline(node))!
		row.appendChild(badge)
		badge.click()
		expect(rowClick).not.toHaveBeenCalled()
		expect(openTab).toHaveBeenCalledTimes(2)
		expect(openTab).toHaveBeenLastCalledWith(node)
	})

	it('opens nothing without a node', async () => {
		await expect(statusAction.exec([])).resolves.toBeNull()
		expect(openTab).not.toHaveBeenCalled()
	})
})

describe('nodesOf', () => {
	it('reads the nodes of either API', () => {
		const node = file('pending')
		expect(nodesOf([node])).toEqual([node])
		expect(nodesOf(node)).toEqual([node])
		expect(nodesOf({ nodes: [node] })).toEqual([node])
		expect(nodesOf(null)).toEqual([])
	})
})
