/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Registering with the Files app without bundling @nextcloud/files (its WebDAV client makes it
// ~320 KB, too much for a script that loads on every Files page). These functions write exactly
// where the library's register functions write, which is where the Files app reads:
// - @nextcloud/files 3.x, read by Files in Nextcloud 32: window._nc_fileactions (array of
//   actions), window._nc_dav_properties (array of 'ns:name'); sidebar tabs through OCA.Files.Sidebar.
// - @nextcloud/files 4.x, read by Files from Nextcloud 33 on: window._nc_files_scope.v4_0 with
//   fileActions and filesSidebarTabs (Maps by id), davProperties (array), registry (event target).

/** The call shapes differ between 3.x and 4.x; the actions accept both (see ./statusAction). */
export interface FileActionLike {
	id: string
}

export interface SidebarTabLike {
	id: string
	tagName: string
}

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

interface LegacySidebar {
	registerTab: (tab: unknown) => boolean
	Tab: new (options: LegacyTabOptions) => unknown
}

type Scope = Record<string, unknown>

interface FilesGlobals {
	OC?: { config?: { version?: string } }
	_oc_config?: { version?: string }
	OCA?: { Files?: { Sidebar?: LegacySidebar } }
	_nc_fileactions?: FileActionLike[]
	_nc_files_scope?: Record<string, Scope | undefined>
}

const page = (): FilesGlobals => window as unknown as FilesGlobals

/**
 * Which @nextcloud/files API the server's Files app reads: 3 up to Nextcloud 32, 4 from 33 on,
 * null when the version is unknown (then both get the registrations; the other one is ignored).
 */
export function filesApiVersion(): 3 | 4 | null {
	const version = page().OC?.config?.version ?? page()._oc_config?.version
	const major = Number.parseInt(String(version ?? ''), 10)
	if (!Number.isFinite(major)) {
		return null
	}
	return major >= 33 ? 4 : 3
}

function wants(api: 3 | 4): boolean {
	const version = filesApiVersion()
	return version === null || version === api
}

/** @nextcloud/files 4's global scope, created the way the library creates it (`??=`). */
function scope4(): Scope {
	const globals = page()
	globals._nc_files_scope ??= {}
	globals._nc_files_scope.v4_0 ??= {}
	return globals._nc_files_scope.v4_0
}

export function registerFileAction(action: FileActionLike): void {
	if (wants(3)) {
		const actions = (page()._nc_fileactions ??= [])
		if (!actions.some((known) => known.id === action.id)) {
			actions.push(action)
		}
	}
	if (wants(4)) {
		const scope = scope4()
		const actions = (scope.fileActions ??= new Map()) as Map<string, FileActionLike>
		if (!actions.has(action.id)) {
			actions.set(action.id, action)
			const registry = scope.registry as EventTarget | undefined
			registry?.dispatchEvent(new CustomEvent('register:action', { detail: action }))
		}
	}
}

/**
 * Asks Files to request this WebDAV property (in the 'nc' namespace, which Files always declares)
 * with every folder listing.
 */
export function registerDavProperty(property: string): void {
	if (wants(3)) {
		appendWhenCreated(window, '_nc_dav_properties', property)
	}
	if (wants(4)) {
		appendWhenCreated(scope4(), 'davProperties', property)
	}
}

/**
 * Adds ITEM to the array OWNER[KEY]. When the array does not exist yet, the library creates it on
 * first use, filled with its own default properties (`if undefined: = [...defaults]`): ITEM joins
 * the moment it is created. Creating it ourselves would need a copy of the defaults, and a copy
 * older than the server's library would silently drop the server's newer properties.
 */
function appendWhenCreated(owner: object, key: string, item: string): void {
	const target = owner as Record<string, unknown>
	const current = target[key]
	if (Array.isArray(current)) {
		if (!current.includes(item)) {
			current.push(item)
		}
		return
	}
	Object.defineProperty(owner, key, {
		configurable: true,
		enumerable: true,
		get: () => undefined,
		set(value: unknown) {
			Object.defineProperty(owner, key, { value, writable: true, configurable: true, enumerable: true })
			if (Array.isArray(value) && !value.includes(item)) {
				value.push(item)
			}
		},
	})
}

/**
 * Nextcloud 32: OCA.Files.Sidebar is created by the Files sidebar script, which runs after this
 * one; like the server's own apps, register once the page's scripts have run.
 * Nextcloud 33+: a tab with a custom element, registered right away.
 */
export function registerSidebarTab(legacy: () => LegacyTabOptions, modern: SidebarTabLike): void {
	if (wants(3)) {
		const register = () => {
			const sidebar = page().OCA?.Files?.Sidebar
			if (sidebar?.registerTab && sidebar.Tab) {
				sidebar.registerTab(new sidebar.Tab(legacy()))
			}
		}
		if (document.readyState === 'loading') {
			window.addEventListener('DOMContentLoaded', register, { once: true })
		} else {
			register()
		}
	}
	if (wants(4)) {
		const tabs = (scope4().filesSidebarTabs ??= new Map()) as Map<string, SidebarTabLike>
		if (!tabs.has(modern.id)) {
			tabs.set(modern.id, modern)
		}
	}
}
