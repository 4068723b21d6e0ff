/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorTrashVersion } from '../../types/status'

import { mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import EarlierVersions from './EarlierVersions.vue'

const NOW = 1_800_000_000

let lastId = 0
function version(overrides: Partial<MirrorTrashVersion> = {}): MirrorTrashVersion {
	return { id: ++lastId, targetId: 1, targetName: 'USB drive', trashedAt: NOW - 120, size: 3000, mtime: NOW - 2 * 86400, reason: 'overwritten', ...overrides }
}

beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
})

afterEach(() => {
	jest.restoreAllMocks()
})

describe('EarlierVersions', () => {
	it('lists each version: when it was modified, its size, why and when it was set aside, and on which drive', () => {
		const wrapper = mount(EarlierVersions, {
			props: {
				versions: [
					version(),
					version({ targetId: 2, targetName: 'NFS & Co <share>', trashedAt: NOW - 3 * 3600, size: 5.25 * 1024 ** 2, mtime: NOW - 7 * 86400, reason: 'replaced' }),
					version({ trashedAt: NOW - 86400, size: 0, mtime: NOW - 30 * 86400, reason: 'deleted' }),
				],
			},
		})
		expect(wrapper.find('h3').text()).toBe('Earlier versions on the mirror drive')
		const items = wrapper.findAll('li')
		expect(items).toHaveLength(3)

		const parts = (item: typeof items[number], selector: string) => item.find(selector).findAll(':scope > span').map((part) => part.text())
		expect(parts(items[0], '.mirror-history__head')).toEqual(['Modified 2 days ago', '3 KB'])
		expect(parts(items[0], '.mirror-history__meta')).toEqual(['Overwritten by a newer version 2 minutes ago', 'On USB drive'])
		// the API's seconds as NcDateTime's milliseconds: the modification, then the move to the trash
		const times = items[0].findAllComponents(NcDateTime)
		expect(times).toHaveLength(2)
		expect(times[0].props('timestamp')).toBe((NOW - 2 * 86400) * 1000)
		expect(times[1].props('timestamp')).toBe((NOW - 120) * 1000)

		expect(items[1].text()).toContain('5.3 MB')
		expect(items[1].text()).toContain('Another file took its place 3 hours ago')
		// a drive's name as written, not HTML-escaped twice
		expect(items[1].find('.mirror-history__drive').text()).toBe('On NFS & Co <share>')

		expect(items[2].text()).toContain('0 B')
		expect(items[2].text()).toContain('Deleted yesterday')
		expect(wrapper.find('.mirror-history__empty').exists()).toBe(false)
	})

	it('says when it was set aside in plain words for a reason it does not know', () => {
		const wrapper = mount(EarlierVersions, { props: { versions: [version({ reason: 'archived' })] } })
		expect(wrapper.find('.mirror-history__meta').text()).toContain('Set aside 2 minutes ago')
	})

	it('says in a line that none is kept', () => {
		const wrapper = mount(EarlierVersions, { props: { versions: [] } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__empty').text()).toBe('No earlier version of this file is kept on the mirror drive.')
	})

	it('says in a line that they could not be loaded', () => {
		const wrapper = mount(EarlierVersions, { props: { versions: null } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__empty').exists()).toBe(false)
		const error = wrapper.find('.mirror-history__error')
		expect(error.text()).toBe('The earlier versions could not be loaded.')
		expect(error.attributes('role')).toBe('alert')
	})

	it('restores a version with its own button', async () => {
		const versions = [version({ id: 31 }), version({ id: 32, targetName: 'NFS share' })]
		const wrapper = mount(EarlierVersions, { props: { versions, restorable: true } })
		const buttons = wrapper.findAll('li button')
		expect(buttons.map((button) => button.text())).toEqual(['Restore this version', 'Restore this version'])
		await buttons[1].trigger('click')
		expect(wrapper.emitted('restore')).toEqual([[versions[1]]])
	})

	it('starts no other restore while one is under way', async () => {
		const wrapper = mount(EarlierVersions, { props: { versions: [version()], restorable: true, busy: true } })
		const button = wrapper.find('li button')
		expect(button.attributes('disabled')).toBeDefined()
		await button.trigger('click')
		expect(wrapper.emitted('restore')).toBeUndefined()
	})

	it('offers no restore to whom the file is only shared with', () => {
		const wrapper = mount(EarlierVersions, { props: { versions: [version()], restorable: false } })
		expect(wrapper.findAll('li')).toHaveLength(1)
		expect(wrapper.find('button').exists()).toBe(false)
	})
})
