/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Nextcloud 32: what its Files app reads back through @nextcloud/files 3's own getters after
// register(), and the tab through 32's sidebar (a stand-in with the checks of its OCA.Files.Sidebar.Tab).

import { getDavProperties, getFileActions } from '@nextcloud/files'
import { getFileActions as getFileActions4 } from '@nextcloud/files-4'
import { register } from './filesApi3'

type Page = { OCA?: { Files?: Record<string, unknown> } }
const page = window as unknown as Page

function sidebar32() {
	const tabs: Record<string, unknown>[] = []
	return {
		tabs,
		registerTab: jest.fn((tab: Record<string, unknown>) => tabs.push(tab) > 0),
		Tab: class {
			constructor(options: Record<string, unknown>) {
				for (const key of ['mount', 'update', 'destroy', 'enabled']) {
					if (typeof options[key] !== 'function') {
						throw new Error(`${key} must be a function`)
					}
				}
				Object.assign(this, options)
			}
		},
		open: jest.fn().mockResolvedValue(undefined),
		setActiveTab: jest.fn(),
	}
}

describe('registering on Nextcloud 32 (@nextcloud/files 3)', () => {
	const sidebar = sidebar32()
	beforeAll(() => {
		page.OCA = { Files: { Sidebar: sidebar } }
		register()
	})
	afterAll(() => {
		page.OCA = { Files: {} }
	})

	it('adds the badge action through registerFileAction, as a FileAction', () => {
		const action = getFileActions().find((a) => a.id === 'mirror-status')
		expect(action).toBeDefined()
		expect(action!.constructor.name).toBe('FileAction')
		expect(action!.displayName([], {} as never)).toBe('Mirror status')
		// and nothing where 33's Files app reads
		expect(getFileActions4().some((a) => a.id === 'mirror-status')).toBe(false)
	})

	it('asks for the mirror-status property in every listing, with the library\'s own defaults', () => {
		expect(getDavProperties()).toContain('<nc:mirror-status />')
		expect(getDavProperties()).toContain('<oc:fileid />')
	})

	it('registers the tab with 32\'s sidebar', () => {
		// (registerTab's mock calls are cleared before each test: the tabs it kept are not)
		expect(sidebar.tabs).toHaveLength(1)
		expect(sidebar.tabs[0]).toMatchObject({ id: 'mirror', name: 'Mirror' })
	})

	it('opens the Mirror tab from the badge through 32\'s sidebar', async () => {
		const action = getFileActions().find((a) => a.id === 'mirror-status')!
		const node = { fileid: 42, path: '/Photos/a.jpg', attributes: { 'mirror-status': 'failed' } }
		await action.exec(node as never, {} as never, '/')
		expect(sidebar.setActiveTab).toHaveBeenCalledWith('mirror')
		expect(sidebar.open).toHaveBeenCalledWith('/Photos/a.jpg')
	})
})
