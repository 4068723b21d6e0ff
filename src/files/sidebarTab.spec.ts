/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { defineTabElement, legacyTab, modernTab, propsFromFileInfo, propsFromNode, TAG_NAME } from './sidebarTab'

const mockHandle = { update: jest.fn(), setActive: jest.fn(), destroy: jest.fn() }
const mockMountTab = jest.fn(() => mockHandle)
jest.mock('../sidebar', () => ({ mountTab: (...args: unknown[]) => mockMountTab(...(args as [])) }))

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('props for the tab', () => {
	it('come from a Nextcloud 32 FileInfo', () => {
		const node = { fileid: 5, attributes: {} }
		expect(propsFromFileInfo({ id: 5, name: 'a.jpg', isDirectory: () => false, node }))
			.toEqual({ fileId: 5, name: 'a.jpg', isFolder: false, node })
		expect(propsFromFileInfo({ id: 6, name: 'Photos', isDirectory: () => true }).isFolder).toBe(true)
	})

	it('come from a @nextcloud/files 4 node', () => {
		const node = { fileid: 9, basename: 'Photos', type: 'folder' }
		expect(propsFromNode(node)).toEqual({ fileId: 9, name: 'Photos', isFolder: true, node })
		expect(propsFromNode(null)).toEqual({ fileId: 0, name: '', isFolder: false, node: null })
	})
})

describe('the Nextcloud 32 tab', () => {
	it('passes the checks of the Tab class of Nextcloud 32\'s sidebar', () => {
		const tab = legacyTab()
		expect(tab.id).toBe('mirror')
		expect(tab.name).toBe('Mirror')
		expect(tab.iconSvg).toMatch(/^<svg /)
		for (const fn of [tab.mount, tab.update, tab.setIsActive, tab.destroy, tab.enabled]) {
			expect(typeof fn).toBe('function')
		}
	})

	it('loads the content on mount and forwards update, active state and destroy', async () => {
		const tab = legacyTab()
		tab.setIsActive(true)
		const el = document.createElement('div')
		await tab.mount(el, { id: 3, name: 'b.txt', isDirectory: () => false }, {})
		expect(mockMountTab).toHaveBeenCalledWith(el, { fileId: 3, name: 'b.txt', isFolder: false, node: null, active: true })

		tab.update({ id: 4, name: 'c.txt', isDirectory: () => false })
		expect(mockHandle.update).toHaveBeenCalledWith({ fileId: 4, name: 'c.txt', isFolder: false, node: null })
		tab.setIsActive(false)
		expect(mockHandle.setActive).toHaveBeenCalledWith(false)
		tab.destroy()
		expect(mockHandle.destroy).toHaveBeenCalled()
	})
})

describe('the Nextcloud 33+ tab', () => {
	it('describes a custom element named after the app', async () => {
		const tab = modernTab()
		expect(tab).toMatchObject({ id: 'mirror', displayName: 'Mirror', order: expect.any(Number), tagName: TAG_NAME })
		expect(TAG_NAME).toMatch(/^mirror-[a-z0-9-]+$/)
		expect(tab.iconSvgInline).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
		expect(customElements.get(TAG_NAME)).toBeUndefined()
		await (tab.onInit as () => Promise<void>)()
		expect(customElements.get(TAG_NAME)).toBeDefined()
		expect(() => defineTabElement()).not.toThrow()
	})

	it('mounts the content when Files puts the element in the sidebar, and follows node and active', async () => {
		defineTabElement()
		const element = document.createElement(TAG_NAME) as HTMLElement & { node: unknown, active: boolean, setActive: (a: boolean) => void }
		const node = { fileid: 11, basename: 'd.jpg', type: 'file' }
		element.node = node
		element.active = true
		document.body.appendChild(element)
		await flush()
		expect(mockMountTab).toHaveBeenLastCalledWith(element.firstElementChild, { fileId: 11, name: 'd.jpg', isFolder: false, node, active: true })

		const other = { fileid: 12, basename: 'e.jpg', type: 'file' }
		element.node = other
		expect(mockHandle.update).toHaveBeenLastCalledWith({ fileId: 12, name: 'e.jpg', isFolder: false, node: other })
		element.setActive(false)
		expect(mockHandle.setActive).toHaveBeenLastCalledWith(false)

		element.remove()
		expect(mockHandle.destroy).toHaveBeenCalled()
	})
})
