/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { getDavProperties, getFileActions, registerDavProperty as libraryRegisterDavProperty } from '@nextcloud/files'
import { filesApiVersion, registerDavProperty, registerFileAction, registerSidebarTab } from './registry'

type Scope = Record<string, unknown>
interface Globals {
	OC: { config: { version?: string } }
	OCA: { Files: Record<string, unknown> }
	_nc_fileactions?: unknown[]
	_nc_dav_properties?: string[]
	_nc_dav_namespaces?: unknown
	_nc_files_scope?: Record<string, Scope>
}
const globals = window as unknown as Globals

function reset(version?: string): void {
	globals.OC.config.version = version
	delete globals._nc_fileactions
	delete globals._nc_dav_properties
	delete globals._nc_dav_namespaces
	delete globals._nc_files_scope
	globals.OCA.Files = {}
}

const action = { id: 'mirror-status' }
const tab = { id: 'mirror', tagName: 'mirror-files-sidebar-tab' }
const legacyOptions = () => ({
	id: 'mirror',
	name: 'Mirror',
	iconSvg: '<svg></svg>',
	mount: async () => {},
	update: () => {},
	setIsActive: () => {},
	destroy: () => {},
	enabled: () => true,
})

afterAll(() => reset('32.0.0.0'))

describe('filesApiVersion', () => {
	it.each([
		['32.0.1.2', 3],
		['33.0.0.1', 4],
		['34.0.0.0', 4],
		[undefined, null],
		['', null],
	])('server %s reads @nextcloud/files %s', (version, api) => {
		reset(version)
		expect(filesApiVersion()).toBe(api)
	})
})

describe('on Nextcloud 32 (@nextcloud/files 3)', () => {
	beforeEach(() => reset('32.0.1.2'))

	it('registers the file action where the library (and so Files) reads actions, once', () => {
		registerFileAction(action)
		registerFileAction(action)
		expect(getFileActions()).toEqual([action])
		expect(globals._nc_files_scope).toBeUndefined()
	})

	it('adds the property when the library creates its list, keeping the library\'s defaults', () => {
		registerDavProperty('nc:mirror-status')
		// Files asks for its PROPFIND body; the list is created now, with its defaults
		const props = getDavProperties()
		expect(props).toContain('<nc:mirror-status />')
		expect(props).toContain('<d:getetag />')
		expect(props).toContain('<oc:fileid />')
		// other apps keep registering through the library
		expect(libraryRegisterDavProperty('nc:reminder-due-date')).toBe(true)
		expect(globals._nc_dav_properties!.filter((p) => p === 'nc:mirror-status')).toHaveLength(1)
		expect(getDavProperties()).toContain('<nc:reminder-due-date />')
	})

	it('appends to a list that already exists, once', () => {
		libraryRegisterDavProperty('nc:reminder-due-date')
		registerDavProperty('nc:mirror-status')
		registerDavProperty('nc:mirror-status')
		expect(globals._nc_dav_properties!.filter((p) => p === 'nc:mirror-status')).toHaveLength(1)
		expect(getDavProperties()).toContain('<nc:reminder-due-date />')
	})

	it('registers the sidebar tab through OCA.Files.Sidebar once the page has loaded', () => {
		const registerTab = jest.fn().mockReturnValue(true)
		class Tab {
			constructor(public options: ReturnType<typeof legacyOptions>) {}
		}
		globals.OCA.Files = { Sidebar: { registerTab, Tab } }
		const readyState = jest.spyOn(document, 'readyState', 'get').mockReturnValue('loading')
		try {
			registerSidebarTab(legacyOptions, tab)
			expect(registerTab).not.toHaveBeenCalled()
			window.dispatchEvent(new Event('DOMContentLoaded'))
		} finally {
			readyState.mockRestore()
		}
		expect(registerTab).toHaveBeenCalledTimes(1)
		const registered = registerTab.mock.calls[0][0] as Tab
		expect(registered).toBeInstanceOf(Tab)
		expect(registered.options.id).toBe('mirror')
		expect(globals._nc_files_scope).toBeUndefined()
	})

	it('does not throw where there is no sidebar (public pages)', () => {
		expect(() => registerSidebarTab(legacyOptions, tab)).not.toThrow()
	})
})

describe('on Nextcloud 33+ (@nextcloud/files 4)', () => {
	beforeEach(() => reset('33.0.0.1'))

	it('registers the file action in the library\'s scoped globals and tells its registry', () => {
		const registry = new EventTarget()
		const heard = jest.fn()
		registry.addEventListener('register:action', heard)
		globals._nc_files_scope = { v4_0: { registry } }

		registerFileAction(action)
		registerFileAction(action)

		const actions = globals._nc_files_scope.v4_0.fileActions as Map<string, unknown>
		expect([...actions.values()]).toEqual([action])
		expect(heard).toHaveBeenCalledTimes(1)
		expect((heard.mock.calls[0][0] as CustomEvent).detail).toBe(action)
		expect(globals._nc_fileactions).toBeUndefined()
	})

	it('adds the property when the library creates its list (`davProperties ??= [...defaults]`)', () => {
		registerDavProperty('nc:mirror-status')
		const scope = globals._nc_files_scope!.v4_0
		expect(scope.davProperties).toBeUndefined()
		scope.davProperties ??= ['d:getetag', 'nc:upload_time']
		expect(scope.davProperties).toEqual(['d:getetag', 'nc:upload_time', 'nc:mirror-status'])
		expect(globals._nc_dav_properties).toBeUndefined()
	})

	it('registers the sidebar tab with its custom element, not through OCA.Files.Sidebar', () => {
		const registerTab = jest.fn()
		globals.OCA.Files = { Sidebar: { registerTab, Tab: class {} } }
		registerSidebarTab(legacyOptions, tab)
		registerSidebarTab(legacyOptions, tab)
		const tabs = globals._nc_files_scope!.v4_0.filesSidebarTabs as Map<string, unknown>
		expect([...tabs.values()]).toEqual([tab])
		expect(registerTab).not.toHaveBeenCalled()
	})
})

describe('with an unknown server version', () => {
	it('registers for both APIs (the one Files does not read is ignored)', () => {
		reset(undefined)
		registerFileAction(action)
		expect(globals._nc_fileactions).toEqual([action])
		expect((globals._nc_files_scope!.v4_0.fileActions as Map<string, unknown>).get('mirror-status')).toBe(action)
	})
})
