/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 33+: what its Files app reads back through @nextcloud/files 4's own getters after register().

import { getFileActions } from '@nextcloud/files'
import { getFileActions as getFileActions4, getSidebarTabs } from '@nextcloud/files-4'
import { getDavProperties } from '@nextcloud/files-4/dav'
import { register } from './filesApi4'

type Page = { OCA?: { Files?: Record<string, unknown> }, CSS?: { escape?: (s: string) => string } }
const page = window as unknown as Page

describe('registering on Nextcloud 33+ (@nextcloud/files 4)', () => {
	const open = jest.fn()
	beforeAll(() => {
		// jsdom has no CSS.escape, which 4.x checks tab ids with; a browser has
		page.CSS ??= { escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) }
		// the Files app of 33 behind getSidebar()
		page.OCA = { Files: { _sidebar: () => ({ open }) } }
		register()
	})
	afterAll(() => {
		page.OCA = { Files: {} }
	})

	it('adds the badge action through registerFileAction', () => {
		const action = getFileActions4().find((a) => a.id === 'mirror-status')
		expect(action).toBeDefined()
		expect(action!.enabled!({ nodes: [{ attributes: { 'mirror-status': 'pending' } }] } as never)).toBe(true)
		// and nothing where 32's Files app reads
		expect(getFileActions().some((a) => a.id === 'mirror-status')).toBe(false)
	})

	it('asks for the mirror-status property in every listing, with the library\'s own defaults', () => {
		expect(getDavProperties()).toContain('<nc:mirror-status />')
		expect(getDavProperties()).toContain('<oc:fileid />')
	})

	it('registers the tab through registerSidebarTab, as a custom element', async () => {
		const tab = getSidebarTabs().find((t) => t.id === 'mirror')
		expect(tab).toMatchObject({ displayName: 'Mirror', tagName: 'mirror-files-sidebar-tab', order: 95 })
		await tab!.onInit!()
		expect(customElements.get('mirror-files-sidebar-tab')).toBeDefined()
	})

	it('opens the Mirror tab from the badge through getSidebar()', async () => {
		const action = getFileActions4().find((a) => a.id === 'mirror-status')!
		const node = { fileid: 42, path: '/Photos/a.jpg', attributes: { 'mirror-status': 'failed' } }
		await action.exec({ nodes: [node] } as never)
		expect(open).toHaveBeenCalledWith(node, 'mirror')
	})
})
