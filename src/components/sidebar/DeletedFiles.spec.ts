/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorDeletedFile } from '../../types/status'

import { mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import DeletedFiles from './DeletedFiles.vue'

const NOW = 1_800_000_000

function deleted(overrides: Partial<MirrorDeletedFile> = {}): MirrorDeletedFile {
	return { targetId: 1, targetName: 'USB drive', trashedAt: NOW - 600, size: 1536, mtime: NOW - 86400, reason: 'deleted', path: 'beach.jpg', ...overrides }
}

beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
})

afterEach(() => {
	jest.restoreAllMocks()
})

describe('DeletedFiles', () => {
	it('lists each deleted file: its path in the folder, size, when it was deleted and on which drive', () => {
		const wrapper = mount(DeletedFiles, {
			props: {
				files: [
					deleted(),
					deleted({ targetId: 2, targetName: 'NFS share', path: '2025/Summer/boat.jpg', size: 5.25 * 1024 ** 2, trashedAt: NOW - 5 * 86400 }),
				],
			},
		})
		expect(wrapper.find('h3').text()).toBe('Deleted files kept on the mirror drive')
		const items = wrapper.findAll('li')
		expect(items).toHaveLength(2)

		expect(items[0].find('.mirror-history__path').text()).toBe('beach.jpg')
		expect(items[0].find('.mirror-history__size').text()).toBe('2 KB')
		expect(items[0].find('.mirror-history__meta').findAll(':scope > span').map((part) => part.text())).toEqual(['Deleted 10 minutes ago', 'On USB drive'])
		expect(items[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 600) * 1000)

		const path = items[1].find('.mirror-history__path')
		expect(path.text()).toBe('2025/Summer/boat.jpg')
		// shortened with an ellipsis when long: the whole path as its tooltip
		expect(path.attributes('title')).toBe('2025/Summer/boat.jpg')
		expect(items[1].text()).toContain('5.3 MB')
		expect(items[1].text()).toContain('Deleted 5 days ago')
		expect(items[1].text()).toContain('On NFS share')
		expect(wrapper.find('button').exists()).toBe(false)
	})

	it('says in a line that none is kept', () => {
		const wrapper = mount(DeletedFiles, { props: { files: [] } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__empty').text()).toBe('No deleted file of this folder is kept on the mirror drive.')
	})

	it('says in a line that they could not be loaded', () => {
		const wrapper = mount(DeletedFiles, { props: { files: null } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__error').text()).toBe('The deleted files could not be loaded.')
	})
})
